// Raster → mixture (docs/maths.md §8, issue 5): mass and centre of mass survive the conversion and the
// k-means reduction; samples land where the picture is bright; empty drawings are refused.
#include <gtest/gtest.h>

#include <cmath>

#include "density/mixture_reduction.hpp"
#include "density/raster_mixture.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kMomentTolerance = 1e-9;  // exact up to round-off

/// A 64×64 picture on [−4, 4]²: a bright ring plus a faint blob, so there are many non-empty cells.
core::Raster ringPicture(int side = 64) {
    core::Raster r = core::Raster::zeros(side, side, -4, 4, -4, 4);
    for (int row = 0; row < side; ++row) {
        for (int col = 0; col < side; ++col) {
            const double x = r.cellX(col), y = r.cellY(row);
            const double ring = std::exp(-std::pow(std::hypot(x - 0.5, y) - 2.0, 2) / 0.1);
            const double blob = 0.2 * std::exp(-((x + 2.5) * (x + 2.5) + (y - 2.5) * (y - 2.5)) / 0.2);
            r.at(col, row) = ring + blob > 1e-3 ? ring + blob : 0.0;
        }
    }
    return r;
}

TEST(RasterMixture, unreduced_preservesMassAndCentreOfMass) {
    core::Raster r = core::Raster::zeros(8, 8);
    r.at(1, 2) = 3.0;
    r.at(5, 6) = 1.0;
    core::RasterMixtureOptions o;
    o.errorSamples = 0;
    auto m = core::rasterToMixture(r, o);
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_FALSE(m->reduced);
    EXPECT_EQ(m->mixture.size(), 2u);
    EXPECT_NEAR(m->mass, r.mass(), kMomentTolerance);
    EXPECT_NEAR((m->mixture.mean() - r.centreOfMass()).norm(), 0.0, kMomentTolerance);
    // σ = cell size.
    EXPECT_NEAR(std::sqrt(m->mixture.component(0).cov(0, 0)), r.cellWidth(), 1e-12);
}

TEST(RasterMixture, reduced_preservesMassAndCentreOfMassAndCapsComponents) {
    const core::Raster r = ringPicture();
    core::RasterMixtureOptions o;
    o.maxComponents = 48;
    o.errorSamples = 0;
    auto m = core::rasterToMixture(r, o);
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_TRUE(m->reduced);
    EXPECT_GT(m->nonEmptyCells, 48u);
    EXPECT_LE(m->mixture.size(), 48u);
    EXPECT_NEAR(m->mass, r.mass(), 1e-9 * r.mass());
    EXPECT_NEAR((m->mixture.mean() - r.centreOfMass()).norm(), 0.0, 1e-9);
}

TEST(RasterMixture, reductionImprovesWithMoreComponents) {
    const core::Raster r = ringPicture();
    core::RasterMixtureOptions coarse, fine;
    coarse.maxComponents = 4;
    fine.maxComponents = 128;
    coarse.errorSamples = fine.errorSamples = 1500;
    auto a = core::rasterToMixture(r, coarse);
    auto b = core::rasterToMixture(r, fine);
    ASSERT_TRUE(a.ok() && b.ok());
    // A ring approximated by 4 blobs is visibly worse than by 128.
    EXPECT_GT(a->approximationError, 2.0 * b->approximationError);
}

TEST(RasterMixture, samplesFallInTheBrightRegion) {
    const core::Raster r = ringPicture();
    auto m = core::rasterToMixture(r, {});
    ASSERT_TRUE(m.ok());
    core::Rng rng(5);
    const core::Points x = m->mixture.sample(4000, rng);
    int nearRing = 0, nearBlob = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const double d = std::abs(std::hypot(x(i, 0) - 0.5, x(i, 1)) - 2.0);
        if (d < 0.8) ++nearRing;
        else if (std::hypot(x(i, 0) + 2.5, x(i, 1) - 2.5) < 1.2) ++nearBlob;
    }
    // Nearly all mass is in the ring or the blob (σ = cell size blurs a little).
    EXPECT_GT(nearRing + nearBlob, 0.97 * x.rows());
    EXPECT_GT(nearRing, nearBlob);
}

TEST(RasterMixture, emptyDrawing_isRefusedWithMessage) {
    const core::Raster r = core::Raster::zeros(16, 16);
    auto m = core::rasterToMixture(r, {});
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.message().find("empty"), std::string::npos);
}

TEST(RasterMixture, invalidRaster_isRefused) {
    core::Raster r = core::Raster::zeros(4, 4);
    r.at(0, 0) = -1.0;
    EXPECT_FALSE(core::rasterToMixture(r, {}).ok());
    r.at(0, 0) = std::nan("");
    EXPECT_FALSE(core::rasterToMixture(r, {}).ok());
    core::Raster flipped = core::Raster::zeros(4, 4, 1, -1, -1, 1);
    flipped.at(0, 0) = 1;
    EXPECT_FALSE(core::rasterToMixture(flipped, {}).ok());
}

TEST(MixtureReduction, preservesMeanAndCovarianceOfTheWholeMixture) {
    const auto moons = test::preset("moons");
    core::MixtureReductionOptions o;
    o.maxComponents = 10;
    auto r = core::reduceMixture(moons, o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->size(), 10u);
    EXPECT_NEAR((r->mean() - moons.mean()).norm(), 0.0, 1e-12);
    EXPECT_NEAR((r->covariance() - moons.covariance()).norm(), 0.0, 1e-10);
}

TEST(MixtureReduction, withinCap_returnsTheSameMixture) {
    const auto g = test::preset("8gaussians");
    auto r = core::reduceMixture(g, {});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), g.size());
    for (std::size_t i = 0; i < g.size(); ++i) EXPECT_EQ(r->component(i).mean, g.component(i).mean);
}

}  // namespace
}  // namespace flowlab
