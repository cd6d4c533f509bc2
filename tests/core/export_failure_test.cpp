// Cancel, failures and misuse of the VideoWriter: never a partial file, never a stray temporary,
// always a message that says why.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>

#include "export/video_writer.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

using core::VideoFormat;

constexpr int kWidth = 128;
constexpr int kHeight = 72;

core::VideoOptions options(VideoFormat format) {
    core::VideoOptions o;
    o.format = format;
    o.width = kWidth;
    o.height = kHeight;
    o.fps = 25;
    return o;
}

const std::vector<VideoFormat> kAllFormats = {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif,
                                              VideoFormat::PngSequence, VideoFormat::PngStill};

std::string targetName(VideoFormat f) {
    return f == VideoFormat::PngSequence ? "frames/" : "out" + core::videoFormatExtension(f);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(VideoExportFailure, cancelAfterFrames_leavesNothing) {
    for (VideoFormat f : kAllFormats) {
        test::TempDir dir;
        core::VideoWriter writer;
        ASSERT_TRUE(writer.open(dir.file(targetName(f)), options(f)).ok()) << core::toString(f);
        const int frames = f == VideoFormat::PngStill ? 1 : 5;
        for (int k = 0; k < frames; ++k) {
            const auto px = test::syntheticFrame(kWidth, kHeight, k);
            ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
        }
        writer.cancel();
        EXPECT_FALSE(writer.isOpen());
        EXPECT_TRUE(dir.entries().empty()) << core::toString(f) << " left " << dir.entries().front();
    }
}

TEST(VideoExportFailure, destroyedWithoutFinish_leavesNothing) {
    for (VideoFormat f : kAllFormats) {
        test::TempDir dir;
        {
            core::VideoWriter writer;
            ASSERT_TRUE(writer.open(dir.file(targetName(f)), options(f)).ok());
            const auto px = test::syntheticFrame(kWidth, kHeight, 0);
            ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
        }
        EXPECT_TRUE(dir.entries().empty()) << core::toString(f);
    }
}

TEST(VideoExportFailure, requestCancelFromAnotherThread_stopsWithMessageAndLeavesNothing) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("clip.mp4"), options(VideoFormat::Mp4)).ok());
    std::thread canceller([&] {
        while (writer.framesAdded() < 3) std::this_thread::yield();
        writer.requestCancel();
    });
    core::Status st;
    const auto px = test::syntheticFrame(kWidth, kHeight, 0);
    for (int k = 0; k < 100000 && st.ok(); ++k) st = writer.addFrame(px.data(), kWidth * 4);
    canceller.join();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "cancelled")) << st.message();
    EXPECT_FALSE(writer.isOpen());
    EXPECT_TRUE(dir.entries().empty());
    // A cancelled writer can start a new export.
    ASSERT_TRUE(writer.open(dir.file("again.mp4"), options(VideoFormat::Mp4)).ok());
    ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    ASSERT_TRUE(writer.finish().ok());
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"again.mp4"});
}

TEST(VideoExportFailure, gifCancelledDuringFinish_leavesNothing) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("clip.gif"), options(VideoFormat::Gif)).ok());
    for (int k = 0; k < 6; ++k) {
        const auto px = test::syntheticFrame(kWidth, kHeight, k);
        ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    }
    const core::Status st = writer.finish([](int done, int) { return done < 3; });
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "cancelled")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(VideoExportFailure, parentIsAFile_clearErrorAndNothingWritten) {
    for (VideoFormat f : kAllFormats) {
        test::TempDir dir;
        test::writeBytes(dir.file("notafolder"), "x");
        core::VideoWriter writer;
        const std::string path = dir.file("notafolder/" + targetName(f));
        const core::Status st = writer.open(path, options(f));
        ASSERT_FALSE(st.ok()) << core::toString(f);
        EXPECT_TRUE(contains(st.message(), "notafolder")) << st.message();
        EXPECT_TRUE(contains(st.message(), "Not a directory")) << st.message();
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"notafolder"});
        EXPECT_EQ(test::readBytes(dir.file("notafolder")), "x");
    }
}

TEST(VideoExportFailure, missingFolder_clearError) {
    test::TempDir dir;
    core::VideoWriter writer;
    const core::Status st = writer.open(dir.file("no/such/folder/clip.mp4"), options(VideoFormat::Mp4));
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "No such file or directory")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
}

// RLIMIT_FSIZE makes every write past the limit fail (EFBIG), exactly like a full disk does
// (ENOSPC) from the writer's point of view, but without needing a small file system.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit lim = m_old;
        lim.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lim);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
};

TEST(VideoExportFailure, diskFullWhileWriting_errorSaysWhyAndExistingFileSurvives) {
    constexpr rlim_t kLimitBytes = 16 * 1024;
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif, VideoFormat::PngSequence}) {
        test::TempDir dir;
        const std::string path = dir.file(targetName(f));
        if (f != VideoFormat::PngSequence) test::writeBytes(path, "previous export");
        core::VideoOptions o = options(f);
        o.width = 320;
        o.height = 240;
        o.crf = 0;  // big frames: the limit is reached quickly
        core::Status st;
        {
            FileSizeLimit limit(kLimitBytes);
            core::VideoWriter writer;
            st = writer.open(path, o);
            for (int k = 0; k < 40 && st.ok(); ++k) {
                const auto px = test::syntheticFrame(o.width, o.height, k);
                st = writer.addFrame(px.data(), o.width * 4);
            }
            if (st.ok()) st = writer.finish();
        }
        ASSERT_FALSE(st.ok()) << core::toString(f);
        EXPECT_TRUE(contains(st.message(), "File too large")) << st.message();
        if (f == VideoFormat::PngSequence) {
            EXPECT_TRUE(dir.entries().empty()) << core::toString(f);
        } else {
            EXPECT_EQ(dir.entries(), std::vector<std::string>{targetName(f)}) << core::toString(f);
            EXPECT_EQ(test::readBytes(path), "previous export");
        }
    }
}

TEST(VideoExportFailure, finishWithoutFrames_errorAndNothingWritten) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("clip.mp4"), options(VideoFormat::Mp4)).ok());
    const core::Status st = writer.finish();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "no frames")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(VideoExportFailure, invalidOptions_refusedBeforeAnythingIsWritten) {
    test::TempDir dir;
    core::VideoWriter writer;
    core::VideoOptions o = options(VideoFormat::Mp4);
    o.width = 127;
    const core::Status st = writer.open(dir.file("clip.mp4"), o);
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "even")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(VideoExportFailure, extensionNotMatchingFormat_refused) {
    test::TempDir dir;
    core::VideoWriter writer;
    const core::Status st = writer.open(dir.file("clip.gif"), options(VideoFormat::Mp4));
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), ".mp4")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(VideoExportFailure, targetIsAFolder_refused) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_EQ(::mkdir(dir.file("x.mp4").c_str(), 0755), 0);
    const core::Status st = writer.open(dir.file("x.mp4"), options(VideoFormat::Mp4));
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "folder")) << st.message();
}

TEST(VideoExportFailure, badFrameArguments_errorAndNothingWritten) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("clip.mp4"), options(VideoFormat::Mp4)).ok());
    const auto px = test::syntheticFrame(kWidth, kHeight, 0);
    const core::Status st = writer.addFrame(px.data(), kWidth * 4 - 4);
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.message(), "stride")) << st.message();
    EXPECT_TRUE(dir.entries().empty());
    EXPECT_FALSE(writer.addFrame(nullptr, kWidth * 4).ok());  // closed now
    EXPECT_FALSE(writer.finish().ok());
}

}  // namespace
}  // namespace flowlab
