// `flowlab-cli images sample|nll|metrics|inpaint|interpolate` in-process on the procedural shapes:
// the pictures have the promised size and hold training images (the exact field memorises),
// numbers are finite and consistent, refusals return 2 with one line and leave nothing at --out,
// and Ctrl-C stops a run without writing.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "image/image_decoder.hpp"
#include "image_args.hpp"
#include "images/image_data.hpp"
#include "images/pixel_scale.hpp"
#include "images_commands.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

struct Captured {
    int status = -1;
    std::string out;
    std::string err;
};

Captured run(int (*command)(const std::vector<std::string>&), std::vector<std::string> args) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    Captured c;
    c.status = command(args);
    c.out = testing::internal::GetCapturedStdout();
    c.err = testing::internal::GetCapturedStderr();
    return c;
}

const std::vector<std::string> kShapes = {"--data", "shapes", "--size", "8", "--max-train", "60", "--max-test", "10"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

core::ImageSplits shapes() {
    core::ImageDataOptions o;
    o.spec = "shapes";
    o.size = 8;
    o.maxTrain = 60;
    o.maxTest = 10;
    return std::move(core::loadImageData(o)).value();
}

/// The 8-bit levels of the tile at grid cell (r, c) (grey, scale s, gap g, 8×8 images).
std::vector<int> tile(const core::ImageRaster& png, int r, int c, int s, int g) {
    std::vector<int> v;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
            const int px = g + c * (8 * s + g) + x * s, py = g + r * (8 * s + g) + y * s;
            v.push_back(int(std::lround(255.0 * png.intensityAt(px, py))));
        }
    return v;
}

/// Largest level difference between a tile and its closest training image.
int distanceToTraining(const std::vector<int>& levels, const core::ImageDataset& train) {
    int best = 256;
    for (std::size_t i = 0; i < train.size(); ++i) {
        int worst = 0;
        for (int j = 0; j < 64; ++j) worst = std::max(worst, std::abs(levels[std::size_t(j)] - core::unitToPixel(train.image(i)[j])));
        best = std::min(best, worst);
    }
    return best;
}

TEST(ImagesCli, sampleGrid_hasTheGridSizeAndEveryTileIsATrainingImage) {
    test::TempDir dir;
    const auto out = dir.file("grid.png");
    const auto c = run(cli::runImagesSample, with(kShapes, {"--grid", "2x3", "--scale", "2", "--solver", "euler",
                                                            "--out", out}));
    ASSERT_EQ(c.status, 0) << c.err;
    EXPECT_NE(c.out.find("wrote " + out), std::string::npos) << c.out;
    EXPECT_NE(c.err.find("images sample"), std::string::npos) << "no progress line";
    auto png = core::decodeImageFile(out);
    ASSERT_TRUE(png.ok()) << png.message();
    EXPECT_EQ(png->width, 3 * 16 + 4 * 2);
    EXPECT_EQ(png->height, 2 * 16 + 3 * 2);
    const auto data = shapes();
    for (int r = 0; r < 2; ++r)
        for (int col = 0; col < 3; ++col) EXPECT_LE(distanceToTraining(tile(*png, r, col, 2, 2), data.train), 1);
}

TEST(ImagesCli, trajectory_isAFilmstripFromNoiseToAnImage) {
    test::TempDir dir;
    const auto out = dir.file("strip.png");
    const auto c = run(cli::runImagesSample, with(kShapes, {"--grid", "3x5", "--scale", "1", "--trajectory",
                                                            "--solver", "euler", "--out", out}));
    ASSERT_EQ(c.status, 0) << c.err;
    auto png = core::decodeImageFile(out);
    ASSERT_TRUE(png.ok()) << png.message();
    EXPECT_EQ(png->width, 5 * 8 + 6 * 2);
    EXPECT_EQ(png->height, 3 * 8 + 4 * 2);
    const auto data = shapes();
    for (int r = 0; r < 3; ++r) {
        EXPECT_GT(distanceToTraining(tile(*png, r, 0, 1, 2), data.train), 50) << "t = 0 is noise";
        EXPECT_LE(distanceToTraining(tile(*png, r, 4, 1, 2), data.train), 1) << "t = 1 is an image";
    }
}

TEST(ImagesCli, classAndGuidance_sampleOnlyThatClass) {
    test::TempDir dir;
    const auto out = dir.file("m.csv");
    const auto c = run(cli::runImagesMetrics, with(kShapes, {"--n", "12", "--class", "2", "--solver", "euler",
                                                             "--out", out}));
    ASSERT_EQ(c.status, 0) << c.err;
    EXPECT_NE(c.out.find("12/12 = 100%"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find("ring 12"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find("disc 0"), std::string::npos) << c.out;
    EXPECT_TRUE(std::filesystem::exists(out));
    const auto g = run(cli::runImagesMetrics, with(kShapes, {"--n", "12", "--class", "1", "--guidance", "0",
                                                             "--solver", "euler"}));
    ASSERT_EQ(g.status, 0) << g.err;
    EXPECT_EQ(g.out.find("square 12"), std::string::npos) << "w = 0 must be unconditional: " << g.out;
}

TEST(ImagesCli, nll_exactTraceMatchesTheClosedFormAndHutchinsonReportsItsError) {
    const std::vector<std::string> small = {"--data", "shapes", "--size", "6", "--max-train", "30", "--max-test", "4"};
    const auto c = run(cli::runImagesNll, with(small, {"--split", "train"}));
    ASSERT_EQ(c.status, 0) << c.err;
    const auto at = c.out.find("ODE − closed form: ");
    ASSERT_NE(at, std::string::npos) << c.out;
    EXPECT_LT(std::abs(std::stod(c.out.substr(at + std::string("ODE − closed form: ").size()))), 1e-3) << c.out;
    EXPECT_NE(c.out.find("dequantised"), std::string::npos);
    const auto h = run(cli::runImagesNll, with(small, {"--split", "train", "--trace", "hutchinson", "--probes", "8"}));
    ASSERT_EQ(h.status, 0) << h.err;
    EXPECT_NE(h.out.find("Hutchinson standard error, 8 probes"), std::string::npos) << h.out;
    // The exact field memorises: unseen images are far less likely than training ones.
    const auto bpd = [](const std::string& out) { return std::stod(out.substr(out.find("bits/dim ") + 9)); };
    const auto train = run(cli::runImagesNll, with(small, {"--split", "train", "--t-data", "0.9"}));
    const auto test = run(cli::runImagesNll, with(small, {"--split", "test", "--t-data", "0.9"}));
    ASSERT_EQ(train.status, 0) << train.err;
    ASSERT_EQ(test.status, 0) << test.err;
    EXPECT_GT(bpd(test.out), bpd(train.out) + 1.0) << train.out << test.out;
}

TEST(ImagesCli, inpaintAndInterpolate_writeTheirGrids) {
    test::TempDir dir;
    const auto a = dir.file("inpaint.png"), b = dir.file("morph.png");
    auto c = run(cli::runImagesInpaint, with(kShapes, {"--n", "3", "--scale", "1", "--steps", "50", "--out", a}));
    ASSERT_EQ(c.status, 0) << c.err;
    auto png = core::decodeImageFile(a);
    ASSERT_TRUE(png.ok()) << png.message();
    EXPECT_EQ(png->width, 3 * 8 + 4 * 2);
    EXPECT_EQ(png->height, 3 * 8 + 4 * 2);
    // The known (left) half of the result equals the original's.
    for (int r = 0; r < 3; ++r) {
        const auto original = tile(*png, r, 0, 1, 2), filled = tile(*png, r, 2, 1, 2);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 4; ++x) EXPECT_EQ(filled[std::size_t(8 * y + x)], original[std::size_t(8 * y + x)]);
    }
    c = run(cli::runImagesInterpolate, with(kShapes, {"--frames", "4", "--scale", "1", "--out", b}));
    ASSERT_EQ(c.status, 0) << c.err;
    png = core::decodeImageFile(b);
    ASSERT_TRUE(png.ok()) << png.message();
    EXPECT_EQ(png->width, 6 * 8 + 7 * 2);
    EXPECT_EQ(png->height, 8 + 2 * 2);
}

TEST(ImagesCli, badInput_exits2WithOneLineAndWritesNothing) {
    test::TempDir dir;
    const auto out = dir.file("x.png");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {with(kShapes, {"--field", "learned"}), "learned"},
        {with(kShapes, {"--grid", "0x3"}), "--grid"},
        {with(kShapes, {"--grid", "2x2", "--n", "5"}), "does not fit"},
        {with(kShapes, {"--guidance", "2"}), "--guidance needs --class"},
        {with(kShapes, {"--class", "9"}), "not a class"},
        {with(kShapes, {"--solver", "em", "--eps", "-1"}), "--eps"},
        {with(kShapes, {"--size", "64"}), "--size"},
        {{"--data", "nothing-like-this"}, "unknown data set"},
        {{"--data", "folder:" + dir.path()}, "no PNG"},
        {{"--data", "fashion-mnist"}, "at most 10000"},
    };
    for (const auto& [args, fragment] : cases) {
        SCOPED_TRACE(fragment);
        const auto c = run(cli::runImagesSample, with(args, {"--out", out}));
        EXPECT_EQ(c.status, 2);
        EXPECT_NE(c.err.find(fragment), std::string::npos) << c.err;
        EXPECT_EQ(std::count(c.err.begin(), c.err.end(), '\n'), 1) << c.err;
        EXPECT_FALSE(std::filesystem::exists(out));
    }
    const auto missingDir = run(cli::runImagesSample, with(kShapes, {"--out", dir.file("no/such/dir.png")}));
    EXPECT_EQ(missingDir.status, 2);
    EXPECT_NE(missingDir.err.find("does not exist"), std::string::npos) << missingDir.err;
}

TEST(ImagesCli, everySubcommandHasHelp) {
    for (auto* command : {cli::runImagesSample, cli::runImagesNll, cli::runImagesMetrics, cli::runImagesInpaint,
                          cli::runImagesInterpolate}) {
        const auto c = run(command, {"--help"});
        EXPECT_EQ(c.status, 0);
        EXPECT_NE(c.out.find("Usage: flowlab-cli images "), std::string::npos) << c.out;
        EXPECT_NE(c.out.find("--data"), std::string::npos);
    }
}

TEST(ImagesCli, ctrlC_stopsTheRunAndWritesNothing) {
    test::TempDir dir;
    const auto out = dir.file("x.png");
    std::thread interrupter([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        std::raise(SIGINT);
    });
    const auto c = run(cli::runImagesSample, with(kShapes, {"--n", "1", "--grid", "1x1", "--steps", "100000",
                                                            "--solver", "euler", "--out", out}));
    interrupter.join();
    EXPECT_EQ(c.status, 2);
    EXPECT_NE(c.err.find("interrupted"), std::string::npos) << c.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace flowlab
