// Mixture → raster (issue 5: a drawing starts from the current density): the brightest cells are
// where the mixture has mass, the peak is 1, and a raster converted to a mixture and back keeps
// its shape.
#include <gtest/gtest.h>

#include <cmath>

#include "density/mixture_raster.hpp"
#include "density/presets.hpp"
#include "density/raster_mixture.hpp"

namespace flowlab {
namespace {

constexpr int kSide = 96;
constexpr double kHalf = 6.0;
/// Far from the 8gaussians means (radius 4, σ = 0.5) the density is below this fraction of the peak.
constexpr double kFarFraction = 1e-6;
/// Round trip of a blurred disc through rasterToMixture: the shape survives up to this TV distance.
constexpr double kRoundTripTolerance = 0.15;

core::Raster grid() { return core::Raster::zeros(kSide, kSide, -kHalf, kHalf, -kHalf, kHalf); }

TEST(MixtureRaster, eightGaussians_areBrightAtTheirMeansAndDarkAtTheCentre) {
    auto m = core::makePreset("8gaussians");
    ASSERT_TRUE(m.ok()) << m.message();
    auto r = core::mixtureToRaster(*m, grid());
    ASSERT_TRUE(r.ok()) << r.message();
    double peak = 0.0;
    for (double v : r->values) peak = std::max(peak, v);
    EXPECT_DOUBLE_EQ(peak, 1.0);
    // Every mean's cell is bright, the origin's cell is dark.
    for (int k = 0; k < 8; ++k) {
        const double a = 2.0 * M_PI * k / 8.0;
        const int col = int((4.0 * std::cos(a) + kHalf) / r->cellWidth());
        const int row = int((kHalf - 4.0 * std::sin(a)) / r->cellHeight());
        EXPECT_GT(r->at(col, row), 0.5) << "mean " << k;
    }
    EXPECT_LT(r->at(kSide / 2, kSide / 2), kFarFraction);
    // The raster is where the density's mass is: its centre of mass is the mixture's mean (0).
    const auto com = r->centreOfMass();
    EXPECT_NEAR(com(0), 0.0, 0.05);
    EXPECT_NEAR(com(1), 0.0, 0.05);
}

TEST(MixtureRaster, rasterToMixtureAndBack_keepsTheShape) {
    core::Raster disc = grid();
    for (int row = 0; row < kSide; ++row)
        for (int col = 0; col < kSide; ++col)
            disc.at(col, row) = std::hypot(disc.cellX(col) - 2.0, disc.cellY(row) + 1.0) < 1.5 ? 1.0 : 0.0;
    core::RasterMixtureOptions o;
    o.errorSamples = 0;
    auto m = core::rasterToMixture(disc, o);
    ASSERT_TRUE(m.ok()) << m.message();
    auto back = core::mixtureToRaster(m->mixture, disc);
    ASSERT_TRUE(back.ok()) << back.message();
    const double tv = core::rasterTotalVariation(disc, *back);
    EXPECT_LT(tv, kRoundTripTolerance);
    // A disc elsewhere is far from it: the measure can fail.
    core::Raster other = grid();
    for (int row = 0; row < kSide; ++row)
        for (int col = 0; col < kSide; ++col)
            other.at(col, row) = std::hypot(other.cellX(col) + 3.0, other.cellY(row) - 3.0) < 1.5 ? 1.0 : 0.0;
    EXPECT_GT(core::rasterTotalVariation(other, *back), 0.9);
}

TEST(MixtureRaster, densityOffTheGrid_isRefused) {
    auto far = core::GaussianMixture::isotropic(2, 1e-4, 1000.0);
    auto r = core::mixtureToRaster(far, grid());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("no mass"), std::string::npos);
    auto threeD = core::GaussianMixture::isotropic(3);
    EXPECT_FALSE(core::mixtureToRaster(threeD, grid()).ok());
}

}  // namespace
}  // namespace flowlab
