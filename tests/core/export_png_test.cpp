// PNG outputs of the VideoWriter (sequence, still) and the PNG writer: exact pixels back.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "export/video_writer.hpp"
#include "image/image_decoder.hpp"
#include "image/png_encoder.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

using core::VideoFormat;

constexpr int kWidth = 40;
constexpr int kHeight = 30;
// Intensities are computed with doubles; "exact" means equal up to rounding of the weighted sum.
constexpr double kExact = 1e-12;

core::VideoOptions options(VideoFormat format) {
    core::VideoOptions o;
    o.format = format;
    o.width = kWidth;
    o.height = kHeight;
    return o;
}

// Checks a decoded raster against the RGBA pixels that were written.
void expectRasterEquals(const core::ImageRaster& r, const std::vector<std::uint8_t>& rgba, int w, int h) {
    ASSERT_EQ(r.width, w);
    ASSERT_EQ(r.height, h);
    EXPECT_FALSE(r.downsampled);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* p = &rgba[(std::size_t(y) * w + x) * 4];
            const double expected = (core::kLumaRed * p[0] + core::kLumaGreen * p[1] + core::kLumaBlue * p[2]) / 255.0;
            ASSERT_NEAR(r.intensityAt(x, y), expected, kExact) << x << "," << y;
            ASSERT_NEAR(r.alphaAt(x, y), p[3] / 255.0, kExact) << x << "," << y;
        }
    }
}

TEST(PngExport, sequence_writesOneExactFilePerFrame) {
    test::TempDir dir;
    constexpr int kFrames = 7;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("frames/"), options(VideoFormat::PngSequence)).ok());
    for (int k = 0; k < kFrames; ++k) {
        const auto px = test::syntheticFrame(kWidth, kHeight, k);
        ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    }
    ASSERT_TRUE(writer.finish().ok());
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"frames"});
    for (int k = 0; k < kFrames; ++k) {
        char name[32];
        std::snprintf(name, sizeof name, "frame_%06d.png", k);
        auto raster = core::decodeImageFile(dir.file(std::string("frames/") + name));
        ASSERT_TRUE(raster.ok()) << raster.message();
        expectRasterEquals(*raster, test::syntheticFrame(kWidth, kHeight, k), kWidth, kHeight);
    }
    struct stat st {};
    char extra[32];
    std::snprintf(extra, sizeof extra, "frames/frame_%06d.png", kFrames);
    EXPECT_NE(::stat(dir.file(extra).c_str(), &st), 0) << "more files than frames";
}

TEST(PngExport, sequenceIntoExistingEmptyFolder_works) {
    test::TempDir dir;
    ASSERT_EQ(::mkdir(dir.file("out").c_str(), 0755), 0);
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("out"), options(VideoFormat::PngSequence)).ok());
    const auto px = test::syntheticFrame(kWidth, kHeight, 0);
    ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    ASSERT_TRUE(writer.finish().ok());
    EXPECT_TRUE(core::decodeImageFile(dir.file("out/frame_000000.png")).ok());
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out"});
}

TEST(PngExport, sequenceIntoNonEmptyFolder_refusedAndFolderUntouched) {
    test::TempDir dir;
    ASSERT_EQ(::mkdir(dir.file("out").c_str(), 0755), 0);
    test::writeBytes(dir.file("out/keep.txt"), "mine");
    core::VideoWriter writer;
    const core::Status st = writer.open(dir.file("out/"), options(VideoFormat::PngSequence));
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("not empty"), std::string::npos) << st.message();
    EXPECT_EQ(test::readBytes(dir.file("out/keep.txt")), "mine");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out"});
}

TEST(PngExport, still_takesExactlyOneFrame) {
    test::TempDir dir;
    core::VideoWriter writer;
    ASSERT_TRUE(writer.open(dir.file("still.png"), options(VideoFormat::PngStill)).ok());
    const auto px = test::syntheticFrame(kWidth, kHeight, 3);
    ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    const core::Status second = writer.addFrame(px.data(), kWidth * 4);
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.message().find("exactly one frame"), std::string::npos);
    EXPECT_TRUE(dir.entries().empty());

    ASSERT_TRUE(writer.open(dir.file("still.png"), options(VideoFormat::PngStill)).ok());
    ASSERT_TRUE(writer.addFrame(px.data(), kWidth * 4).ok());
    ASSERT_TRUE(writer.finish().ok());
    auto raster = core::decodeImageFile(dir.file("still.png"));
    ASSERT_TRUE(raster.ok()) << raster.message();
    expectRasterEquals(*raster, px, kWidth, kHeight);
}

TEST(PngWriter, translucentBgraPixels_roundTripExactly) {
    test::TempDir dir;
    constexpr int w = 17, h = 9;
    std::vector<std::uint8_t> rgba(std::size_t(w) * h * 4);
    for (std::size_t i = 0; i < rgba.size(); ++i) rgba[i] = std::uint8_t((i * 37 + 11) % 256);
    ASSERT_TRUE(core::writePng(dir.file("a.png"), test::swapRedBlue(rgba).data(), w, h, w * 4,
                               core::PixelLayout::Bgra)
                    .ok());
    auto raster = core::decodeImageFile(dir.file("a.png"));
    ASSERT_TRUE(raster.ok()) << raster.message();
    expectRasterEquals(*raster, rgba, w, h);
}

TEST(PngWriter, sameBuffer_sameBytes) {
    const auto px = test::syntheticFrame(kWidth, kHeight, 1);
    auto a = core::encodePng(px.data(), kWidth, kHeight, kWidth * 4, core::PixelLayout::Rgba);
    auto b = core::encodePng(px.data(), kWidth, kHeight, kWidth * 4, core::PixelLayout::Rgba);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
}

TEST(PngWriter, badArguments_clearErrors) {
    const auto px = test::syntheticFrame(kWidth, kHeight, 1);
    EXPECT_FALSE(core::encodePng(px.data(), 0, kHeight, kWidth * 4, core::PixelLayout::Rgba).ok());
    EXPECT_FALSE(core::encodePng(px.data(), kWidth, kHeight, kWidth * 4 - 1, core::PixelLayout::Rgba).ok());
    EXPECT_FALSE(core::encodePng(nullptr, kWidth, kHeight, kWidth * 4, core::PixelLayout::Rgba).ok());
    test::TempDir dir;
    const core::Status st =
        core::writePng(dir.file("missing/a.png"), px.data(), kWidth, kHeight, kWidth * 4, core::PixelLayout::Rgba);
    EXPECT_FALSE(st.ok());
    EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace flowlab
