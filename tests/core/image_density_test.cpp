// Images as densities (issue 5): a PNG becomes a raster and a mixture whose samples fall in the
// picture's bright region; options (invert, threshold, placement) do what they say.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "density/image_density.hpp"
#include "image/png_encoder.hpp"
#include "scene/density_spec.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

/// A 40×20 RGBA picture: black, with a white square in the left half (columns 4–15, rows 4–15).
fs::path writeSquarePng() {
    const int w = 40, h = 20;
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = &px[(std::size_t(y) * w + x) * 4];
            const bool bright = x >= 4 && x < 16 && y >= 4 && y < 16;
            p[0] = p[1] = p[2] = bright ? 255 : 0;
            p[3] = 255;
        }
    const fs::path file = fs::temp_directory_path() / ("flowlab_square_" + std::to_string(::getpid()) + ".png");
    EXPECT_TRUE(core::writePng(file.string(), px.data(), w, h, w * 4, core::PixelLayout::Rgba).ok());
    return file;
}

TEST(ImageDensity, samplesFallInTheBrightSquare) {
    const fs::path file = writeSquarePng();
    // size=4: the 40-pixel side spans [−4, 4], so a pixel is 0.2 wide; the square covers
    // x ∈ [−3.2, −0.8], y ∈ [−1.2, 1.2] (rows 4–15 of 20, top row at y = 2).
    auto m = core::resolveDensitySpec("image:" + file.string() + "?size=4");
    ASSERT_TRUE(m.ok()) << m.message();
    core::Rng rng(3);
    const core::Points x = m->sample(3000, rng);
    const double margin = 0.6;  // σ = cell size (0.2) blurs the edge: 3σ
    int inside = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (x(i, 0) > -3.2 - margin && x(i, 0) < -0.8 + margin && std::abs(x(i, 1)) < 1.2 + margin) ++inside;
    EXPECT_GT(inside, 0.99 * x.rows());
    EXPECT_NEAR(m->mean()[0], -2.0, 0.05);
    EXPECT_NEAR(m->mean()[1], 0.0, 0.05);
}

TEST(ImageDensity, invert_movesMassToTheDarkRegion) {
    const fs::path file = writeSquarePng();
    auto m = core::resolveDensitySpec("image:" + file.string() + "?invert&size=4");
    ASSERT_TRUE(m.ok()) << m.message();
    // Dark area: everything but the square; its centre of mass lies right of the square's.
    EXPECT_GT(m->mean()[0], 0.0);
}

TEST(ImageDensity, placementAndDownsampling) {
    core::ImageRaster img;
    img.width = 400;
    img.height = 100;
    img.intensity.assign(400 * 100, 1.0);
    img.alpha.assign(400 * 100, 1.0);
    core::ImageDensityOptions o;
    o.rasterCells = 80;
    o.centerX = 1.0;
    o.halfExtent = 2.0;
    auto r = core::imageToRaster(img, o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r->downsampled);
    EXPECT_EQ(r->raster.width, 80);
    EXPECT_EQ(r->raster.height, 20);
    EXPECT_DOUBLE_EQ(r->raster.xMin, -1.0);
    EXPECT_DOUBLE_EQ(r->raster.xMax, 3.0);
    EXPECT_DOUBLE_EQ(r->raster.yMax, 0.5);
}

TEST(ImageDensity, badSpecsAndFiles_areRefused) {
    EXPECT_FALSE(core::resolveDensitySpec("image:").ok());
    EXPECT_FALSE(core::resolveDensitySpec("image:/nonexistent.png").ok());
    const fs::path file = writeSquarePng();
    EXPECT_FALSE(core::resolveDensitySpec("image:" + file.string() + "?contrast=abc").ok());
    EXPECT_FALSE(core::resolveDensitySpec("image:" + file.string() + "?sparkle").ok());
    // A picture that is black everywhere is not a density.
    auto dark = core::resolveDensitySpec("image:" + file.string() + "?threshold=0.99&contrast=50&alpha");
    EXPECT_TRUE(dark.ok());  // alpha is 1 everywhere: uniform, still a density
    core::ImageRaster black;
    black.width = black.height = 4;
    black.intensity.assign(16, 0.0);
    black.alpha.assign(16, 1.0);
    auto r = core::imageToRaster(black, {});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->raster.isEmpty());
}

}  // namespace
}  // namespace flowlab
