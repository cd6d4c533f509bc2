// Exported MP4/WebM/GIF files decode back (with libavformat/libavcodec) to the requested codec,
// size, frame count and timing, look like the frames that went in, and are reproducible.
#include <gtest/gtest.h>

#include <cmath>

#include "export/video_writer.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

using core::VideoFormat;

constexpr int kWidth = 160;
constexpr int kHeight = 96;
constexpr int kFrames = 12;
// Mean absolute RGB error (0 … 255) allowed after lossy coding of the smooth test frames.
// (Measured: MP4 ≈ 1.5, WebM ≈ 1.9, GIF ≈ 5.1.)
constexpr double kMaxMeanErrorVideo = 3.0;
constexpr double kMaxMeanErrorGif = 7.0;
// Per-channel error allowed at the centre of a flat colour patch at high quality. A player
// converting back with another matrix than the one tagged (BT.601 vs. BT.709) misses by 10–40.
constexpr int kMaxPatchError = 4;

core::VideoOptions options(VideoFormat format, double fps = 24) {
    core::VideoOptions o;
    o.format = format;
    o.width = kWidth;
    o.height = kHeight;
    o.fps = fps;
    return o;
}

// Exports frames 0 … count−1 of the synthetic animation; the test fails on any error.
void exportFrames(const std::string& path, const core::VideoOptions& o, int count = kFrames) {
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(path, o).ok());
    for (int k = 0; k < count; ++k) {
        auto px = test::syntheticFrame(o.width, o.height, k);
        if (o.pixelLayout == core::PixelLayout::Bgra) px = test::swapRedBlue(px);
        const core::Status st = writer.addFrame(px.data(), o.width * 4);
        ASSERT_TRUE(st.ok()) << st.message();
    }
    const core::Status st = writer.finish();
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(writer.framesAdded(), count);
}

void expectDecodesBack(const std::string& path, const std::string& codec, double fps, double maxError) {
    auto video = test::decodeVideo(path);
    ASSERT_TRUE(video.ok()) << video.message();
    EXPECT_EQ(video->codec, codec);
    EXPECT_EQ(video->width, kWidth);
    EXPECT_EQ(video->height, kHeight);
    ASSERT_EQ(int(video->rgba.size()), kFrames);
    for (int k = 0; k < kFrames; ++k) {
        // Frame k is shown at k / fps (to the container's time resolution).
        EXPECT_NEAR(double(video->pts[k] - video->pts[0]) * video->timeBase, k / fps, 0.011) << "frame " << k;
        EXPECT_LT(test::meanAbsRgbDifference(video->rgba[k], test::syntheticFrame(kWidth, kHeight, k)), maxError)
            << "frame " << k;
    }
}

TEST(VideoExport, mp4_decodesToH264WithRequestedSizeFramesAndTiming) {
    test::TempDir dir;
    const std::string path = dir.file("clip.mp4");
    exportFrames(path, options(VideoFormat::Mp4));
    expectDecodesBack(path, "h264", 24, kMaxMeanErrorVideo);
    auto video = test::decodeVideo(path);
    ASSERT_TRUE(video.ok());
    EXPECT_EQ(video->pixelFormat, "yuv420p");
    EXPECT_NEAR(video->fps, 24.0, 1e-9);
    // +faststart: the index (moov) comes before the media data (mdat).
    const std::string bytes = test::readBytes(path);
    ASSERT_NE(bytes.find("moov"), std::string::npos);
    EXPECT_LT(bytes.find("moov"), bytes.find("mdat"));
}

TEST(VideoExport, defaultMp4_isUltrafastWithTheLoopFilterAtTheDefaultCrf) {
    // x264 writes the settings it encoded with into the stream (an SEI message): the default
    // chosen by measurement (issue 15) is ultrafast, whose loop filter is off unless turned back
    // on, at defaultCrf.
    test::TempDir dir;
    const std::string path = dir.file("clip.mp4");
    exportFrames(path, options(VideoFormat::Mp4));
    const std::string bytes = test::readBytes(path);
    const std::size_t settings = bytes.find("options: ");
    ASSERT_NE(settings, std::string::npos);
    const std::string line = bytes.substr(settings, bytes.find('\0', settings) - settings);
    EXPECT_NE(line.find(" deblock=1:0:0 "), std::string::npos) << line;
    EXPECT_NE(line.find(" cabac=0 "), std::string::npos) << line;  // ultrafast
    EXPECT_NE(line.find(" crf=" + std::to_string(core::defaultCrf(VideoFormat::Mp4)) + ".0 "), std::string::npos) << line;
    // Another preset keeps its own loop filter settings.
    core::VideoOptions fast = options(VideoFormat::Mp4);
    fast.x264Preset = "superfast";
    const std::string other = dir.file("superfast.mp4");
    exportFrames(other, fast);
    const std::string otherBytes = test::readBytes(other);
    EXPECT_NE(otherBytes.find(" cabac=1 "), std::string::npos);
}

TEST(VideoExport, webm_decodesToVp9WithRequestedSizeFramesAndTiming) {
    test::TempDir dir;
    const std::string path = dir.file("clip.webm");
    exportFrames(path, options(VideoFormat::WebM));
    expectDecodesBack(path, "vp9", 24, kMaxMeanErrorVideo);
    auto video = test::decodeVideo(path);
    ASSERT_TRUE(video.ok());
    EXPECT_EQ(video->pixelFormat, "yuv420p");
}

TEST(VideoExport, gif_decodesToGifWithRequestedSizeFramesAndTiming) {
    test::TempDir dir;
    const std::string path = dir.file("clip.gif");
    exportFrames(path, options(VideoFormat::Gif, 25));
    expectDecodesBack(path, "gif", 25, kMaxMeanErrorGif);
}

TEST(VideoExport, oddSizedGif_keepsItsSize) {
    test::TempDir dir;
    const std::string path = dir.file("odd.gif");
    core::VideoOptions o = options(VideoFormat::Gif, 10);
    o.width = 33;
    o.height = 17;
    exportFrames(path, o, 3);
    auto video = test::decodeVideo(path);
    ASSERT_TRUE(video.ok()) << video.message();
    EXPECT_EQ(video->width, 33);
    EXPECT_EQ(video->height, 17);
    EXPECT_EQ(video->rgba.size(), 3u);
}

TEST(VideoExport, saturatedColourPatches_comeBackWithTheTaggedMatrix) {
    const std::uint8_t colours[][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0},
                                       {0, 255, 255}, {255, 0, 255}, {255, 255, 255}, {20, 20, 20}};
    constexpr int kPatch = 32;
    const int w = 4 * kPatch, h = 2 * kPatch;
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* c = colours[(y / kPatch) * 4 + x / kPatch];
            std::uint8_t* p = &px[(std::size_t(y) * w + x) * 4];
            p[0] = c[0];
            p[1] = c[1];
            p[2] = c[2];
            p[3] = 255;
        }
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM}) {
        test::TempDir dir;
        core::VideoOptions o = options(f);
        o.width = w;
        o.height = h;
        o.crf = 4;
        const std::string path = dir.file("patches" + core::videoFormatExtension(f));
        core::VideoWriter writer;
        ASSERT_TRUE(writer.open(path, o).ok());
        ASSERT_TRUE(writer.addFrame(px.data(), w * 4).ok());
        ASSERT_TRUE(writer.finish().ok());
        auto video = test::decodeVideo(path);
        ASSERT_TRUE(video.ok()) << video.message();
        EXPECT_EQ(video->colorSpace, "bt709") << core::toString(f);
        ASSERT_EQ(video->rgba.size(), 1u);
        for (int i = 0; i < 8; ++i) {
            const int cx = (i % 4) * kPatch + kPatch / 2, cy = (i / 4) * kPatch + kPatch / 2;
            const std::uint8_t* got = &video->rgba[0][(std::size_t(cy) * w + cx) * 4];
            for (int ch = 0; ch < 3; ++ch)
                EXPECT_NEAR(int(got[ch]), int(colours[i][ch]), kMaxPatchError)
                    << core::toString(f) << " patch " << i << " channel " << ch;
        }
    }
}

TEST(VideoExport, sameFramesTwice_byteIdenticalFiles) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif}) {
        test::TempDir dir;
        const std::string ext = core::videoFormatExtension(f);
        exportFrames(dir.file("a" + ext), options(f));
        exportFrames(dir.file("b" + ext), options(f));
        const std::string a = test::readBytes(dir.file("a" + ext));
        ASSERT_FALSE(a.empty());
        EXPECT_TRUE(a == test::readBytes(dir.file("b" + ext))) << core::toString(f) << " exports differ";
    }
}

TEST(VideoExport, bgraInput_sameFileAsRgbaInput) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::Gif}) {
        test::TempDir dir;
        const std::string ext = core::videoFormatExtension(f);
        core::VideoOptions bgra = options(f);
        bgra.pixelLayout = core::PixelLayout::Bgra;
        exportFrames(dir.file("rgba" + ext), options(f));
        exportFrames(dir.file("bgra" + ext), bgra);
        EXPECT_TRUE(test::readBytes(dir.file("rgba" + ext)) == test::readBytes(dir.file("bgra" + ext)))
            << core::toString(f);
    }
}

TEST(VideoExport, paddedRows_sameFileAsPackedRows) {
    test::TempDir dir;
    const core::VideoOptions o = options(VideoFormat::Mp4);
    exportFrames(dir.file("packed.mp4"), o);
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("padded.mp4"), o).ok());
    const int stride = kWidth * 4 + 64;
    for (int k = 0; k < kFrames; ++k) {
        const auto px = test::syntheticFrame(kWidth, kHeight, k);
        std::vector<std::uint8_t> padded(std::size_t(stride) * kHeight, 0x7f);
        for (int y = 0; y < kHeight; ++y)
            std::copy_n(&px[std::size_t(y) * kWidth * 4], kWidth * 4, &padded[std::size_t(y) * stride]);
        ASSERT_TRUE(writer.addFrame(padded.data(), stride).ok());
    }
    ASSERT_TRUE(writer.finish().ok());
    EXPECT_TRUE(test::readBytes(dir.file("packed.mp4")) == test::readBytes(dir.file("padded.mp4")));
}

TEST(VideoExport, successfulExport_replacesExistingFileAndLeavesNoTemporary) {
    test::TempDir dir;
    const std::string path = dir.file("clip.mp4");
    test::writeBytes(path, "old");
    exportFrames(path, options(VideoFormat::Mp4));
    EXPECT_NE(test::readBytes(path), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"clip.mp4"});
}

TEST(VideoExport, gifFinishProgress_countsEveryFrame) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("p.gif"), options(VideoFormat::Gif, 25)).ok());
    for (int k = 0; k < kFrames; ++k) {
        const auto px = test::syntheticFrame(kWidth, kHeight, k);
        ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    }
    int last = -1, total = -1;
    ASSERT_TRUE(writer.finish([&](int done, int all) {
                          EXPECT_GT(done, last);
                          last = done;
                          total = all;
                          return true;
                      })
                    .ok());
    EXPECT_EQ(total, kFrames);
    EXPECT_EQ(last, kFrames);
}

}  // namespace
}  // namespace flowlab
