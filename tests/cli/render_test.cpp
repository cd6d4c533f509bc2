// Video export: the timeline's arithmetic, renderVideo (cancel, failures) and `flowlab-cli
// render` as a user runs it, with every output decoded by libavformat.
#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QGuiApplication>
#include <QXmlStreamReader>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <thread>
#include <map>
#include <string>
#include <vector>

#include "export/frame_pipeline.hpp"
#include "export/image_view_export.hpp"
#include "export/video_render.hpp"
#include "export/video_timeline.hpp"
#include "images/pca.hpp"
#include "state/scene_import.hpp"
#include "view/filmstrip_picture.hpp"
#include "view/theme.hpp"
#include "test_media.hpp"
#include "cli_runner.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kTimeTolerance = 1e-12;

using test::CliRun;
using test::runCli;

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

/// `args` followed by `more` as they are (smallRender would merge repeated options).
std::vector<std::string> appended(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
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
    s.scene.target = flowlab::core::DensitySource::fromSpec("no-such-preset");
    ui::VideoRenderOptions o;
    o.size = QSize(128, 72);
    auto r = ui::renderVideo(s, o, dir.file("a.mp4"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("target"), std::string::npos) << r.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(VideoRenderOptions, invalidThreadsDepthAndLayout_areNamed) {
    ui::VideoRenderOptions o;
    EXPECT_EQ(o.validate(), "");
    o.renderThreads = 0;
    EXPECT_NE(o.validate().find("render threads"), std::string::npos);
    o.renderThreads = 2;
    o.queueDepth = 0;
    EXPECT_NE(o.validate().find("queue"), std::string::npos);
    o.queueDepth = 4;
    o.compareCells = 3;
    EXPECT_NE(o.validate().find("1, 2 or 4"), std::string::npos);
}

TEST(RenderCompareVideo, fewerCellsThanPanels_isAnErrorAndLeavesNoFile) {
    guiApp();
    test::TempDir dir;
    ui::VideoRenderOptions o;
    o.size = QSize(128, 72);
    o.compareCells = 2;
    const auto panels = ui::comparePanels(ui::ComparePreset::Epsilons, smallSettings().scene);  // 4 panels
    auto r = ui::renderCompareVideo(panels, smallSettings().view, o, dir.file("a.png"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("cannot show 4 panels"), std::string::npos) << r.message();
    EXPECT_TRUE(dir.entries().empty());
}

TEST(FramePipeline, framesComeOutInOrder_whateverTheWorkersSpeed) {
    guiApp();
    constexpr int kFrames = 40;
    std::vector<double> times;
    for (int k = 0; k < kFrames; ++k) times.push_back(double(k));
    for (int workers : {1, 2, 3}) {
        std::atomic<int> made{0};
        ui::FramePipeline pipeline(times, QSize(4, 2), workers, 3, [&made] {
            const int id = made++;
            // Workers of uneven speed: later workers are slower, so frames finish out of order.
            return ui::FrameDrawFn([id](QImage& image, double t) {
                std::this_thread::sleep_for(std::chrono::microseconds(200 * id * (int(t) % 3)));
                image.fill(QColor(int(t), 0, 0));
            });
        });
        for (int k = 0; k < kFrames; ++k) {
            const QImage* image = pipeline.next();
            ASSERT_NE(image, nullptr) << workers << " workers, frame " << k;
            EXPECT_EQ(qRed(image->pixel(0, 0)), k) << workers << " workers";
        }
        EXPECT_EQ(pipeline.next(), nullptr);
        EXPECT_EQ(made.load(), workers);
    }
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
                          "--hold-end", "--bounce", "--scene", "--seed", "--view", "filmstrip", "pca", "--sample"})
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
        {smallRender(m_dir.file("a.mp4"), {"--panel", "foo=1"}), "unknown key 'foo'"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "interpolant"}), "key=value"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "eps=abc"}), "eps"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "sampler=maybe"}), "sampler"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "sampler=ode,eps=1"}), "SDE"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "interpolant=bogus"}), "interpolant"},
        {smallRender(m_dir.file("a.mp4"), {"--panel", "field=learned"}), "model"},
        {smallRender(m_dir.file("a.mp4"), {"--layout", "3", "--panel", "sampler=ode"}), "--layout"},
        {appended(smallRender(m_dir.file("a.mp4"), {"--layout", "1"}), {"--panel", "sampler=ode", "--panel", "sampler=sde"}),
         "--layout"},
        {smallRender(m_dir.file("a.mp4"), {"--layout", "2"}), "--panel"},
        {smallRender(m_dir.file("a.mp4"), {"--compare", "epsilons", "--panel", "sampler=ode"}), "--compare"},
        {smallRender(m_dir.file("a.mp4"), {"--overlays", "title,clock"}), "--overlays"},
        {smallRender(m_dir.file("a.mp4"), {"--render-threads", "0"}), "--render-threads"},
        {smallRender(m_dir.file("a.mp4"), {"--x264-preset", "warp"}), "preset"},
        {smallRender(m_dir.file("a.mp4"), {"--model", "/nonexistent-flowlab-dir/m.flm"}), "--model"},
        {smallRender("/nonexistent-flowlab-dir/a.svg"), "cannot write"},
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

TEST_F(CliRender, help_documentsPanelsOverlaysModelAndSvg) {
    const CliRun r = runCli({"render", "--help"}, m_dir);
    ASSERT_EQ(r.status, 0);
    for (const char* o : {"--layout", "--panel", "interpolant=", "sampler=ode|sde", "eps=", "field=exact|learned",
                          "model=FILE", "label=", "empty", "--overlays", "title", "formula", "legend", "--model", ".svg",
                          "--render-threads", "--x264-preset"})
        EXPECT_NE(r.out.find(o), std::string::npos) << o;
}

/// Mean |Δ| per channel between the left and right cells of an RGBA frame, leaving out the
/// columns next to the separator between them.
double halvesDifference(const std::vector<std::uint8_t>& rgba, int width, int height) {
    constexpr int kSeparatorMargin = 3;
    // The two planes of a 2×1 layout: cells of (width − 2) / 2 with a 2-pixel separator; rows in
    // the middle, below the caption strips ("1 · P", "2 · P") and above the legend's strip.
    const int cell = (width - 2) / 2;
    std::vector<std::uint8_t> left, right;
    for (int y = height / 4; y < 2 * height / 3; ++y) {
        const auto row = rgba.begin() + std::ptrdiff_t(y) * width * 4;
        left.insert(left.end(), row + kSeparatorMargin * 4, row + (cell - kSeparatorMargin) * 4);
        right.insert(right.end(), row + (width - cell + kSeparatorMargin) * 4, row + (width - kSeparatorMargin) * 4);
    }
    return test::meanAbsRgbDifference(left, right);
}

TEST_F(CliRender, layoutPanels_haveTheSizeAndDifferOnlyWhenTheirMethodsDo) {
    // The video has the size; PNG stills (lossless) of its middle frame compare the cells.
    const std::string video = m_dir.file("v.mp4");
    const std::vector<std::string> ode = {"--panel", "interpolant=linear,sampler=ode,label=P"};
    const std::vector<std::string> sde = {"--panel", "interpolant=linear,sampler=sde,eps=1,label=P"};
    const auto withPanels = [](std::vector<std::string> args, const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
        args.insert(args.end(), a.begin(), a.end());
        args.insert(args.end(), b.begin(), b.end());
        return args;
    };
    const CliRun rv = runCli(withPanels(smallRender(video, {"--size", "320x96", "--layout", "2"}), ode, sde), m_dir);
    ASSERT_EQ(rv.status, 0) << rv.err;
    auto v = test::decodeVideo(video);
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(v->width, 320);
    EXPECT_EQ(v->height, 96);
    EXPECT_EQ(v->rgba.size(), 10u);

    const std::string same = m_dir.file("same.png"), differ = m_dir.file("differ.png");
    const std::vector<std::string> still = {"--size", "640x240", "--layout", "2", "--t", "0.7"};
    ASSERT_EQ(runCli(withPanels(smallRender(same, still), ode, ode), m_dir).status, 0);
    ASSERT_EQ(runCli(withPanels(smallRender(differ, still), ode, sde), m_dir).status, 0);
    auto vs = test::decodeVideo(same), vd = test::decodeVideo(differ);
    ASSERT_TRUE(vs.ok() && vd.ok());
    // Same method in both cells: identical pixels; ODE vs SDE: the particles differ.
    constexpr double kVisible = 0.5;  // mean |Δ| per channel, of 255
    EXPECT_EQ(halvesDifference(vs->rgba[0], 640, 240), 0.0);
    EXPECT_GT(halvesDifference(vd->rgba[0], 640, 240), kVisible);
}

TEST_F(CliRender, layoutWithFewerPanels_leavesTheLastCellsEmpty) {
    const std::string out = m_dir.file("still.png");
    auto args = smallRender(out, {"--size", "320x192", "--layout", "4", "--t", "0.5"});
    args.insert(args.end(), {"--panel", "sampler=ode", "--panel", "interpolant=trig", "--panel", "eps=2"});
    const CliRun r = runCli(args, m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    auto v = test::decodeVideo(out);
    ASSERT_TRUE(v.ok()) << v.message();
    ASSERT_EQ(v->rgba.size(), 1u);
    // The bottom-right cell (160×96) is one flat colour; the top-left one is not.
    const auto& px = v->rgba[0];
    const auto at = [&](int x, int y) { return std::vector<std::uint8_t>(px.begin() + (y * 320 + x) * 4, px.begin() + (y * 320 + x) * 4 + 3); };
    std::size_t variedEmpty = 0, variedFull = 0;
    // The bottom cell's rows above the legend's strip below the panels.
    for (int y = 100; y < 116; y += 3)
        for (int x = 165; x < 318; x += 3) variedEmpty += at(x, y) != at(170, 110);
    for (int y = 2; y < 94; y += 3)
        for (int x = 2; x < 158; x += 3) variedFull += at(x, y) != at(4, 4);
    EXPECT_EQ(variedEmpty, 0u);
    EXPECT_GT(variedFull, 100u);
}

TEST_F(CliRender, renderThreads_doNotChangeTheBytes) {
    const std::string one = m_dir.file("one.mp4"), three = m_dir.file("three.mp4");
    ASSERT_EQ(runCli(smallRender(one, {"--render-threads", "1"}), m_dir).status, 0);
    ASSERT_EQ(runCli(smallRender(three, {"--render-threads", "3"}), m_dir).status, 0);
    EXPECT_EQ(test::readBytes(one), test::readBytes(three));
}

/// Mean |Δ| per channel of two RGBA frames of `width` inside the rectangle [x0, x1) × [y0, y1).
double regionDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int width, int x0, int y0,
                        int x1, int y1) {
    double sum = 0;
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            for (int c = 0; c < 3; ++c, ++n) {
                const std::size_t i = (std::size_t(y) * width + x) * 4 + c;
                sum += std::abs(int(a[i]) - int(b[i]));
            }
    return n > 0 ? sum / n : 0.0;
}

TEST_F(CliRender, overlays_areDrawnOnlyWhereAndWhenAsked) {
    // PNG stills (lossless) at 640×360: the caption is top left, the t readout top right, the
    // legend bottom left (uiScale 0.55 at this size, so each within a quarter of the frame).
    std::map<std::string, std::vector<std::uint8_t>> frames;
    for (const std::string list : {"none", "all", "title", "t", "formula", "legend"}) {
        const std::string out = m_dir.file("o-" + list + ".png");
        const CliRun r = runCli(smallRender(out, {"--size", "640x360", "--t", "0.5", "--overlays", list}), m_dir);
        ASSERT_EQ(r.status, 0) << list << ": " << r.err;
        auto v = test::decodeVideo(out);
        ASSERT_TRUE(v.ok()) << v.message();
        frames[list] = v->rgba.at(0);
    }
    struct Region {
        const char* part;
        int x0, y0, x1, y1;
    };
    const Region regions[] = {{"title", 0, 0, 320, 20}, {"t", 480, 0, 640, 60}, {"legend", 0, 270, 320, 360}};
    constexpr double kVisible = 0.5;  // mean |Δ| per channel in the region when a part is drawn there
    for (const Region& r : regions) {
        const double all = regionDifference(frames["all"], frames["none"], 640, r.x0, r.y0, r.x1, r.y1);
        const double own = regionDifference(frames[r.part], frames["none"], 640, r.x0, r.y0, r.x1, r.y1);
        EXPECT_GT(all, kVisible) << r.part;
        EXPECT_GT(own, kVisible) << r.part;
        for (const char* other : {"title", "t", "legend"}) {
            if (std::string(other) == r.part) continue;
            EXPECT_EQ(regionDifference(frames[other], frames["none"], 640, r.x0, r.y0, r.x1, r.y1), 0.0)
                << other << " drew in the region of " << r.part;
        }
    }
    // The formula is its own line of the caption.
    EXPECT_GT(regionDifference(frames["formula"], frames["none"], 640, 0, 0, 320, 60), kVisible);
    EXPECT_NE(frames["formula"], frames["title"]);
}

TEST_F(CliRender, svgStill_isXmlWithTheExpectedElements) {
    const std::string out = m_dir.file("frame.svg");
    const CliRun r = runCli(smallRender(out, {"--t", "0.5", "--size", "320x192"}), m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    QFile file(QString::fromStdString(out));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    std::map<QString, int> count;
    int particleDots = 0;  // circles inside the particles group (the legend has its own swatches)
    int fadedArrows = 0;   // arrow strokes where ρ_t is negligible: fainter, as in the PNG
    double minArrowOpacity = 1.0;
    int depth = 0, particlesDepth = -1;
    bool embeddedPng = false, tReadout = false, sized = false;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::EndElement) {
            if (depth-- == particlesDepth) particlesDepth = -1;
            continue;
        }
        if (token != QXmlStreamReader::StartElement) continue;
        ++depth;
        const QString name = xml.name().toString();
        ++count[name];
        if (name == QLatin1String("g") && xml.attributes().value(QLatin1String("class")) == QLatin1String("particles"))
            particlesDepth = depth;
        if (name == QLatin1String("circle") && particlesDepth >= 0) ++particleDots;
        if (name == QLatin1String("line") && xml.attributes().hasAttribute(QLatin1String("stroke-opacity"))) {
            const double o = xml.attributes().value(QLatin1String("stroke-opacity")).toDouble();
            fadedArrows += o < 0.85;
            minArrowOpacity = std::min(minArrowOpacity, o);
        }
        if (name == QLatin1String("svg"))
            sized = xml.attributes().value(QLatin1String("width")) == QLatin1String("320") &&
                    xml.attributes().value(QLatin1String("height")) == QLatin1String("192");
        if (name == QLatin1String("image"))
            embeddedPng = xml.attributes().value(QLatin1String("xlink:href")).startsWith(QLatin1String("data:image/png;base64,"));
        if (name == QLatin1String("text")) {
            // readElementText consumes the element's end.
            if (xml.readElementText(QXmlStreamReader::IncludeChildElements).startsWith(QLatin1String("t = 0.500"))) tReadout = true;
            --depth;
        }
    }
    ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_TRUE(sized);
    EXPECT_TRUE(embeddedPng);
    EXPECT_TRUE(tReadout);
    EXPECT_EQ(count[QStringLiteral("image")], 1);
    EXPECT_GT(particleDots, 400);  // 800 particles, most of them in view
    EXPECT_LE(particleDots, 800);
    EXPECT_EQ(count[QStringLiteral("circle")], particleDots + 2);  // and the legend's ρ₀, ρ₁ swatches
    EXPECT_EQ(count[QStringLiteral("polyline")], 800);  // one trail per particle
    EXPECT_GT(count[QStringLiteral("line")], 50);       // arrows: a shaft and two head strokes each
    EXPECT_GT(fadedArrows, 30);                         // the corners of the view hold no mass at t = 0.5
    EXPECT_GE(minArrowOpacity, 0.85 * 0.35 - 0.01);
    EXPECT_EQ(visibleEntries(m_dir), std::vector<std::string>{"frame.svg"});
}

TEST_F(CliRender, svgStill_ofALargeCloud_drawsTheTrailsTheRasterFrameDraws) {
    // Above the trail budget (10 000) a frame draws the trails of 1 in s particles; the SVG
    // draws the same ones, says so, and keeps every particle's dot.
    const std::string out = m_dir.file("large.svg");
    const CliRun r = runCli(smallRender(out, {"--t", "0.5", "--size", "320x192", "--particles", "25000", "--steps", "8"}), m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    QFile file(QString::fromStdString(out));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_EQ(bytes.count("<polyline"), 8334);  // particles 0, 3, 6, … of 25 000 (stride 3)
    EXPECT_TRUE(bytes.contains("trails of 1 in 3 particles"));
    EXPECT_GT(bytes.count("<circle"), 12500);   // the dots are not thinned
}

TEST_F(CliRender, corruptModel_isOneClearLineAndNoFile) {
    test::TempDir models;
    const std::string model = models.file("corrupt.flm");
    test::writeBytes(model, "this is not a model");
    const CliRun r = runCli(smallRender(m_dir.file("a.mp4"), {"--model", model}), m_dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("--model"), std::string::npos) << r.err;
    EXPECT_TRUE(visibleEntries(m_dir).empty());
}

TEST_F(CliRender, learnedModel_drivesTheParticlesAndArrows) {
    test::TempDir models;
    const std::string model = models.file("b.flm");
    const CliRun train = runCli({"train", "--steps", "40", "--width", "8", "--depth", "1", "--threads", "1", "--out", model}, m_dir);
    ASSERT_EQ(train.status, 0) << train.err;
    const std::string exact = m_dir.file("exact.png"), learned = m_dir.file("learned.png");
    ASSERT_EQ(runCli(smallRender(exact, {"--t", "0.8"}), m_dir).status, 0);
    const CliRun r = runCli(smallRender(learned, {"--t", "0.8", "--model", model}), m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    auto ve = test::decodeVideo(exact), vl = test::decodeVideo(learned);
    ASSERT_TRUE(ve.ok() && vl.ok());
    // A 40-step network is far from the exact field: the particles end elsewhere.
    EXPECT_GT(test::meanAbsRgbDifference(ve->rgba[0], vl->rgba[0]), 1.0);
    // An SDE needs the score, which a velocity model does not give: refused, no file.
    const CliRun sde = runCli(smallRender(m_dir.file("sde.mp4"), {"--solver", "sde-heun", "--model", model}), m_dir);
    EXPECT_EQ(sde.status, 2);
    EXPECT_NE(sde.err.find("score"), std::string::npos) << sde.err;
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("sde.mp4")));
    // Panels may use it too.
    auto panels = smallRender(m_dir.file("p.mp4"), {"--size", "320x96", "--model", model});
    panels.insert(panels.end(), {"--panel", "field=exact", "--panel", "field=learned"});
    const CliRun p = runCli(panels, m_dir);
    EXPECT_EQ(p.status, 0) << p.err;
}

/// An image scene file in `dir`: shapes at 8×8 pixels, 100 training images, a 3×3 grid, 20 Heun steps, seed 4.
std::string writeImageScene(const test::TempDir& dir) {
    const std::string scene = dir.file("images.json");
    std::FILE* f = std::fopen(scene.c_str(), "w");
    if (!f) return {};
    std::fputs(R"({"format": "flowlab-scene", "version": 1, "kind": "images",
                  "images": {"data": "shapes", "size": 8, "exactImages": 100, "grid": [3, 3]},
                  "sampler": {"solver": "heun", "steps": 20, "seed": 4}})", f);
    std::fclose(f);
    return scene;
}

TEST_F(CliRender, imageScene_rendersItsGridMovingWithT) {
    // Issue 12: an image scene (shapes at 8×8 pixels) renders its grid of samples along t.
    const std::string scene = writeImageScene(m_dir);
    ASSERT_FALSE(scene.empty());
    const std::string out = m_dir.file("grid.mp4");
    const CliRun r = runCli({"render", "--scene", scene, "--out", out, "--fps", "10", "--seconds", "1", "--size", "160x96"}, m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    auto v = test::decodeVideo(out);
    ASSERT_TRUE(v.ok()) << v.message();
    EXPECT_EQ(v->width, 160);
    ASSERT_EQ(v->rgba.size(), 10u);
    // Noise at the start, shapes at the end: the frames differ far beyond coding noise.
    EXPECT_GT(test::meanAbsRgbDifference(v->rgba.front(), v->rgba.back()), 4.0);
}

/// The image scene of writeImageScene simulated in-process as the window and the CLI simulate it.
ui::SimulatedImageScene simulatedImageScene(const std::string& scene) {
    auto settings = ui::loadSceneSettings(scene);
    if (!settings) return {};
    auto sim = ui::simulateImageView(*settings, nullptr, 1);
    return sim ? *sim : ui::SimulatedImageScene{};
}

TEST_F(CliRender, filmstripView_isTheSamplesTrajectoryDrawnCrisp) {
    guiApp();
    const std::string scene = writeImageScene(m_dir);
    const std::string out = m_dir.file("strip.png");
    const CliRun r = runCli({"render", "--scene", scene, "--view", "filmstrip", "--sample", "4", "--out", out, "--size", "960x540"}, m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const QImage png = QImage(QString::fromStdString(out)).convertToFormat(QImage::Format_RGB32);
    ASSERT_EQ(png.size(), QSize(960, 540));
    const ui::SimulatedImageScene sim = simulatedImageScene(scene);
    ASSERT_TRUE(sim.tracks && sim.prepared);
    auto strip = ui::sampleFilmstrip(*sim.tracks, 4);
    ASSERT_TRUE(strip.ok()) << strip.message();
    std::vector<QRect> tiles;
    ui::renderFilmstripImage(png.size(), *strip, ui::ImageShape{1, 8, 8}, ui::Theme::dark(),
                             ui::filmstripHeading(4, *sim.prepared), ui::imageViewFont(png.size()), &tiles);
    ASSERT_EQ(int(tiles.size()), ui::kFilmstripFrames);
    // Every frame is sample 4 at its time, each image pixel one solid block of the PNG.
    for (int j = 0; j < ui::kFilmstripFrames; ++j) {
        const QRect b = tiles[std::size_t(j)];
        const int scale = b.width() / 8;
        ASSERT_GE(scale, 4);
        const QImage frame = ui::unitImage(strip->frames.row(j), ui::ImageShape{1, 8, 8});
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x)
                for (const QPoint corner : {QPoint(0, 0), QPoint(scale - 1, scale - 1)})
                    ASSERT_EQ(png.pixel(b.left() + x * scale + corner.x(), b.top() + y * scale + corner.y()),
                              frame.convertToFormat(QImage::Format_RGB32).pixel(x, y))
                        << "frame " << j << " pixel " << x << "," << y;
    }
}

TEST_F(CliRender, pcaView_drawsTheSamplesWhereCoresProjectionPutsThem_andMovesWithT) {
    guiApp();
    const std::string scene = writeImageScene(m_dir);
    const QSize size(960, 540);
    QImage png[2];
    for (int k = 0; k < 2; ++k) {
        const std::string out = m_dir.file("pca" + std::to_string(k) + ".png");
        const CliRun r = runCli({"render", "--scene", scene, "--view", "pca", "--t", k == 0 ? "0" : "1", "--out", out, "--size", "960x540"}, m_dir);
        ASSERT_EQ(r.status, 0) << r.err;
        png[k] = QImage(QString::fromStdString(out)).convertToFormat(QImage::Format_RGB32);
        ASSERT_EQ(png[k].size(), size);
    }
    const ui::SimulatedImageScene sim = simulatedImageScene(scene);
    ASSERT_TRUE(sim.tracks && sim.prepared);
    auto pc = core::computePca(sim.prepared->data->train);
    ASSERT_TRUE(pc.ok()) << pc.message();
    auto picture = ui::pcaPictureOf(sim);
    ASSERT_TRUE(picture.ok()) << picture.message();
    const QRgb point = ui::Theme::dark().singleParticle.rgb();
    const std::vector<core::Points> states = ui::trackStates(*sim.tracks);
    int moved = 0;
    for (int k = 0; k < 2; ++k) {
        const core::Points xy = pc->project(k == 0 ? states.front() : states.back()).leftCols(2);
        std::vector<QPointF> at;
        for (Eigen::Index i = 0; i < xy.rows(); ++i)
            at.push_back(picture->toPixel(QPointF(xy(i, 0), xy(i, 1)), size, ui::imageViewFont(size)));
        int checked = 0;
        for (std::size_t i = 0; i < at.size(); ++i) {
            bool alone = true;  // a neighbour's rim could cross this point's centre
            for (std::size_t j = 0; j < at.size(); ++j)
                if (j != i && std::hypot(at[i].x() - at[j].x(), at[i].y() - at[j].y()) < 16) alone = false;
            if (!alone) continue;
            ++checked;
            EXPECT_EQ(png[k].pixel(at[i].toPoint()), point) << "t = " << k << ", sample " << i << " at " << at[i].x() << "," << at[i].y();
            // The other frame has no point there (it moved).
            moved += png[1 - k].pixel(at[i].toPoint()) != point;
        }
        EXPECT_GE(checked, 3) << "t = " << k;
    }
    EXPECT_GE(moved, 3);
    int differing = 0;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) differing += png[0].pixel(x, y) != png[1].pixel(x, y);
    EXPECT_GT(differing, 1000);
}

TEST_F(CliRender, imageViews_refuseBadInput_withOneLineAndNoFile) {
    const std::string scene = writeImageScene(m_dir);
    struct Case {
        std::vector<std::string> args;
        std::string out, says;
    };
    const std::vector<Case> cases = {
        {{"--scene", scene, "--view", "filmstrip", "--sample", "9"}, m_dir.file("s9.png"), "sample 9 is not in the 3×3 grid"},
        {{"--scene", scene, "--view", "mosaic"}, m_dir.file("m.png"), "--view: expected grid, filmstrip or pca"},
        {{"--view", "pca", "--particles", "100"}, m_dir.file("twod.png"), "view of an image scene"},
        {{"--scene", scene, "--view", "pca"}, m_dir.file("no/such/folder/pca.png"), "no/such/folder"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = {"render", "--out", c.out, "--size", "320x180"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const CliRun r = runCli(args, m_dir);
        EXPECT_EQ(r.status, 2) << c.says << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(c.out)) << c.out;
    }
    EXPECT_EQ(visibleEntries(m_dir), std::vector<std::string>{"images.json"});
}

TEST(RenderVideo, imageViews_refuseAFilmstripVideo_anSvg_aNegativeSample_beforeWritingAnything) {
    guiApp();
    test::TempDir dir;
    const std::string scene = writeImageScene(dir);
    auto settings = ui::loadSceneSettings(scene);
    ASSERT_TRUE(settings.ok()) << settings.message();
    struct Case {
        ui::ImageView view;
        int sample;
        std::string file, says;
    };
    for (const Case& c : {Case{ui::ImageView::Filmstrip, 0, "strip.mp4", "the filmstrip is a still"},
                          Case{ui::ImageView::Pca, 0, "pca.svg", "not SVG"},
                          Case{ui::ImageView::Filmstrip, -1, "neg.png", "index into the grid"}}) {
        ui::VideoRenderOptions o;
        o.size = QSize(160, 90);
        o.imageView = c.view;
        o.imageSample = c.sample;
        auto r = ui::renderVideo(*settings, o, dir.file(c.file));
        ASSERT_FALSE(r.ok()) << c.file;
        EXPECT_NE(r.message().find(c.says), std::string::npos) << r.message();
    }
    EXPECT_EQ(visibleEntries(dir), std::vector<std::string>{"images.json"});
}

}  // namespace
}  // namespace flowlab
