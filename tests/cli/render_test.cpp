// Video export: the timeline's arithmetic, renderVideo (cancel, failures) and `flowlab-cli
// render` as a user runs it, with every output decoded by libavformat.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <QGuiApplication>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "export/video_render.hpp"
#include "export/video_timeline.hpp"
#include "test_media.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kTimeTolerance = 1e-12;

struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

CliRun runCli(const std::vector<std::string>& args, const test::TempDir& dir) {
    static int counter = 0;
    const std::string errPath = dir.file(".stderr-" + std::to_string(counter++) + ".txt");
    std::string cmd = shellQuote(FLOWLAB_CLI_PATH);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    cmd += " </dev/null 2>" + shellQuote(errPath);
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    while (const std::size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = test::readText(errPath);
    std::filesystem::remove(errPath);
    return r;
}

/// A small, quick scene: few particles and steps, small frames. `extra` options replace the
/// defaults of the same name or are appended (a flag is an option followed by another option).
std::vector<std::string> smallRender(const std::string& out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> a = {"render", "--out", out, "--size", "160x96", "--fps", "10", "--seconds", "1",
                                  "--particles", "800", "--steps", "20", "--seed", "7"};
    for (std::size_t i = 0; i < extra.size(); ++i) {
        const bool hasValue = i + 1 < extra.size() && extra[i + 1].rfind("--", 0) != 0;
        const auto it = std::find(a.begin(), a.end(), extra[i]);
        if (it != a.end() && hasValue) {
            *(it + 1) = extra[++i];
            continue;
        }
        a.push_back(extra[i]);
        if (hasValue) a.push_back(extra[++i]);
    }
    return a;
}

std::vector<std::string> visibleEntries(const test::TempDir& dir) {
    std::vector<std::string> out;
    for (const auto& e : dir.entries())
        if (e.rfind(".stderr-", 0) != 0) out.push_back(e);
    return out;
}

// ---- the timeline ----

TEST(VideoTimeline, sweep_coversTheRangeInOrderWithHolds) {
    ui::VideoTimeline tl;
    tl.fps = 10;
    tl.seconds = 2;
    tl.tStart = 0.2;
    tl.tEnd = 0.8;
    tl.holdStartFrames = 3;
    tl.holdEndFrames = 4;
    ASSERT_EQ(tl.validate(), "");
    const auto t = tl.frameTimes();
    ASSERT_EQ(int(t.size()), 3 + 20 + 4);
    for (int k = 0; k <= 3; ++k) EXPECT_NEAR(t[k], 0.2, kTimeTolerance);
    for (int k = 22; k < 27; ++k) EXPECT_NEAR(t[k], 0.8, kTimeTolerance);
    EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
    tl.reversed = true;
    const auto r = tl.frameTimes();
    EXPECT_NEAR(r.front(), 0.8, kTimeTolerance);
    EXPECT_NEAR(r.back(), 0.2, kTimeTolerance);
    EXPECT_TRUE(std::is_sorted(r.rbegin(), r.rend()));
}

TEST(VideoTimeline, bounce_returnsToTheStartAndReachesTheEnd) {
    for (int frames : {9, 10}) {
        ui::VideoTimeline tl;
        tl.fps = frames;
        tl.seconds = 1;
        tl.bounce = true;
        const auto t = tl.frameTimes();
        ASSERT_EQ(int(t.size()), frames);
        EXPECT_NEAR(t.front(), 0.0, kTimeTolerance);
        EXPECT_NEAR(t.back(), 0.0, kTimeTolerance);
        const double peak = *std::max_element(t.begin(), t.end());
        EXPECT_LE(peak, 1.0 + kTimeTolerance);
        EXPECT_GE(peak, 1.0 - 1.0 / (frames - 1) - kTimeTolerance) << frames;  // within one step of t = 1
        for (std::size_t k = 0; k < t.size(); ++k) EXPECT_NEAR(t[k], t[t.size() - 1 - k], kTimeTolerance);  // symmetric
    }
}

TEST(VideoTimeline, invalidValues_areNamed) {
    ui::VideoTimeline tl;
    tl.fps = 0;
    EXPECT_NE(tl.validate().find("frame rate"), std::string::npos);
    tl = {};
    tl.tStart = 0.5;
    tl.tEnd = 0.5;
    EXPECT_NE(tl.validate().find("t range"), std::string::npos);
    tl = {};
    tl.holdEndFrames = -1;
    EXPECT_NE(tl.validate().find("hold"), std::string::npos);
}

// ---- renderVideo in-process ----

QGuiApplication& guiApp() {
    static int argc = 1;
    static char name[] = "render_test";
    static char* argv[] = {name, nullptr};
    static QGuiApplication app(argc, argv);
    return app;
}

ui::ExplorerSettings smallSettings() {
    ui::ExplorerSettings s;
    s.scene.particles = 500;
    s.scene.steps = 20;
    s.scene.seed = 3;
    return s;
}

TEST(RenderVideo, cancelDuringRendering_leavesNoFileAndSaysCancelled) {
    guiApp();
    test::TempDir dir;
    ui::VideoRenderOptions o;
    o.size = QSize(128, 72);
    o.timeline.fps = 10;
    o.timeline.seconds = 2;
    int rendered = 0;
    const auto progress = [&](ui::VideoRenderStage stage, int done, int) {
        if (stage == ui::VideoRenderStage::Rendering) rendered = done;
        return done < 5 || stage != ui::VideoRenderStage::Rendering;
    };
    for (const char* name : {"a.mp4", "a.gif", "frames/"}) {
        auto r = ui::renderVideo(smallSettings(), o, dir.file(name), progress);
        ASSERT_FALSE(r.ok()) << name;
        EXPECT_NE(r.message().find("cancelled"), std::string::npos) << r.message();
        EXPECT_EQ(rendered, 5) << name;
        EXPECT_TRUE(dir.entries().empty()) << name << ": " << dir.entries().front();
    }
}

TEST(RenderVideo, cancelFlagSetBeforehand_stopsBeforeSimulating) {
    guiApp();
    test::TempDir dir;
    const std::atomic<bool> cancel{true};
    ui::VideoRenderOptions o;
    o.size = QSize(128, 72);
    auto r = ui::renderVideo(smallSettings(), o, dir.file("a.mp4"), {}, &cancel);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("cancelled"), std::string::npos);
    EXPECT_TRUE(dir.entries().empty());
}

TEST(RenderVideo, badDensitySpec_isAnErrorAndLeavesNoFile) {
    guiApp();
    test::TempDir dir;
    ui::ExplorerSettings s = smallSettings();
    s.scene.targetSpec = QStringLiteral("no-such-preset");
    ui::VideoRenderOptions o;
    o.size = QSize(128, 72);
    auto r = ui::renderVideo(s, o, dir.file("a.mp4"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("target"), std::string::npos) << r.message();
    EXPECT_TRUE(dir.entries().empty());
}

// ---- flowlab-cli render ----

class CliRender : public ::testing::Test {
protected:
    test::TempDir m_dir;
};

TEST_F(CliRender, help_describesTheOptions) {
    const CliRun r = runCli({"render", "--help"}, m_dir);
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(r.err.empty()) << r.err;
    for (const char* o : {"--out", "--fps", "--seconds", "--size", "--t-range", "--direction", "--hold-start",
                          "--hold-end", "--bounce", "--scene", "--seed"})
        EXPECT_NE(r.out.find(o), std::string::npos) << o;
    const CliRun top = runCli({"--help"}, m_dir);
    EXPECT_NE(top.out.find("render"), std::string::npos);
}

TEST_F(CliRender, mp4_decodesToTheRequestedFramesSizeAndCodec) {
    const std::string out = m_dir.file("a.mp4");
    const CliRun r = runCli(smallRender(out, {"--hold-start", "2", "--hold-end", "3"}), m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("rendering: frame"), std::string::npos) << r.err;  // the progress line
    EXPECT_NE(r.out.find("wrote"), std::string::npos) << r.out;
    auto v = test::decodeVideo(out);
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(v->codec, "h264");
    EXPECT_EQ(v->pixelFormat, "yuv420p");
    EXPECT_EQ(v->width, 160);
    EXPECT_EQ(v->height, 96);
    EXPECT_NEAR(v->fps, 10.0, 1e-6);
    ASSERT_EQ(v->rgba.size(), 2u + 10u + 3u);
    // The holds repeat a frame (up to coding noise); the sweep moves.
    constexpr double kCodingNoise = 1.0;  // mean |Δ| per channel, of 255
    EXPECT_LT(test::meanAbsRgbDifference(v->rgba[0], v->rgba[1]), kCodingNoise);
    EXPECT_LT(test::meanAbsRgbDifference(v->rgba[13], v->rgba[14]), kCodingNoise);
    EXPECT_GT(test::meanAbsRgbDifference(v->rgba[2], v->rgba[11]), 4 * kCodingNoise);
    EXPECT_EQ(visibleEntries(m_dir), std::vector<std::string>{"a.mp4"});
}

TEST_F(CliRender, webmAndGif_decodeWithTheirCodecs) {
    for (const auto& [name, codec] : std::vector<std::pair<std::string, std::string>>{{"a.webm", "vp9"}, {"a.gif", "gif"}}) {
        const std::string out = m_dir.file(name);
        const CliRun r = runCli(smallRender(out, {"--bounce"}), m_dir);
        ASSERT_EQ(r.status, 0) << name << ": " << r.err;
        auto v = test::decodeVideo(out);
        ASSERT_TRUE(v.ok()) << name << ": " << v.message();
        EXPECT_EQ(v->codec, codec);
        EXPECT_EQ(v->width, 160);
        EXPECT_EQ(v->height, 96);
        EXPECT_EQ(v->rgba.size(), 10u) << name;
    }
}

TEST_F(CliRender, sameSeed_identicalFramesAndDifferentSeed_differentFrames) {
    const std::string a = m_dir.file("a.mp4"), b = m_dir.file("b.mp4"), c = m_dir.file("c.mp4");
    ASSERT_EQ(runCli(smallRender(a), m_dir).status, 0);
    ASSERT_EQ(runCli(smallRender(b), m_dir).status, 0);
    auto args = smallRender(c);
    *std::find(args.begin(), args.end(), "7") = "8";  // --seed 8
    ASSERT_EQ(runCli(args, m_dir).status, 0);
    auto va = test::decodeVideo(a), vb = test::decodeVideo(b), vc = test::decodeVideo(c);
    ASSERT_TRUE(va.ok() && vb.ok() && vc.ok());
    ASSERT_EQ(va->rgba.size(), vb->rgba.size());
    for (std::size_t k = 0; k < va->rgba.size(); ++k) EXPECT_TRUE(va->rgba[k] == vb->rgba[k]) << "frame " << k;
    EXPECT_EQ(test::readBytes(a), test::readBytes(b));
    bool anyDiffers = false;
    for (std::size_t k = 1; k < va->rgba.size(); ++k) anyDiffers = anyDiffers || va->rgba[k] != vc->rgba[k];
    EXPECT_TRUE(anyDiffers) << "the seed should move the particles";
}

TEST_F(CliRender, pngSequenceAndStill_writeTheFrames) {
    const CliRun seq = runCli(smallRender(m_dir.file("frames") + "/", {"--fps", "5"}), m_dir);
    ASSERT_EQ(seq.status, 0) << seq.err;
    std::size_t pngs = 0;
    for (const auto& e : std::filesystem::directory_iterator(m_dir.file("frames"))) pngs += e.path().extension() == ".png";
    EXPECT_EQ(pngs, 5u);
    const CliRun still = runCli(smallRender(m_dir.file("still.png"), {"--t", "0.25"}), m_dir);
    ASSERT_EQ(still.status, 0) << still.err;
    auto v = test::decodeVideo(m_dir.file("still.png"));
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(v->rgba.size(), 1u);
    EXPECT_EQ(v->width, 160);
}

TEST_F(CliRender, compare_tilesThePanelsOnOneClock) {
    const std::string out = m_dir.file("c.mp4");
    const CliRun r = runCli(smallRender(out, {"--compare", "epsilons", "--size", "320x192"}), m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    auto v = test::decodeVideo(out);
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(v->width, 320);
    EXPECT_EQ(v->height, 192);
    EXPECT_EQ(v->rgba.size(), 10u);
    // Same seed, same options: the same bytes again.
    const std::string again = m_dir.file("d.mp4");
    ASSERT_EQ(runCli(smallRender(again, {"--compare", "epsilons", "--size", "320x192"}), m_dir).status, 0);
    EXPECT_EQ(test::readBytes(out), test::readBytes(again));
}

TEST_F(CliRender, badInput_isOneClearLineAndNoFile) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {smallRender("/nonexistent-flowlab-dir/a.mp4"), "cannot write"},
        {smallRender(m_dir.file("a.avi")), "format"},
        {smallRender(m_dir.file("a.mp4"), {"--size", "161x96"}), "even"},
        {smallRender(m_dir.file("a.mp4"), {"--size", "big"}), "--size"},
        {smallRender(m_dir.file("a.mp4"), {"--t-range", "0.7,0.2"}), "--t-range"},
        {smallRender(m_dir.file("a.mp4"), {"--direction", "sideways"}), "--direction"},
        {smallRender(m_dir.file("a.mp4"), {"--target", "no-such-preset"}), "--target"},
        {smallRender(m_dir.file("a.gif"), {"--fps", "60"}), "GIF"},
        {{"render", "--size", "160x96"}, "--out"},
        {smallRender(m_dir.file("a.mp4"), {"--compare", "everything"}), "--compare"},
    };
    for (const auto& [args, fragment] : cases) {
        const CliRun r = runCli(args, m_dir);
        EXPECT_EQ(r.status, 2) << fragment;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << fragment << ": stderr = " << r.err;
        EXPECT_EQ(r.err.rfind("flowlab-cli: error: ", 0), 0u) << fragment << ": stderr = " << r.err;
        EXPECT_NE(r.err.find(fragment), std::string::npos) << fragment << ": stderr = " << r.err;
        EXPECT_TRUE(visibleEntries(m_dir).empty()) << fragment << ": " << visibleEntries(m_dir).front();
    }
}

}  // namespace
}  // namespace flowlab
