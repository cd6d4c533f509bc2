#include <gtest/gtest.h>

#include "field/field_grid.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kExactTolerance = 1e-12;

core::GridSpec squareGrid(int n) {
    core::GridSpec g;
    g.xMin = -3.0;
    g.xMax = 5.0;
    g.yMin = -2.0;
    g.yMax = 2.0;
    g.nx = n;
    g.ny = n / 2 + 1;
    return g;
}

TEST(GridSpec, invalidBounds_areRefused) {
    core::GridSpec g;
    g.xMin = 1.0;
    g.xMax = 1.0;
    EXPECT_FALSE(g.validate().empty());
    g = {};
    g.nx = 0;
    EXPECT_FALSE(g.validate().empty());
    g = {};
    g.yMax = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(g.validate().empty());
    EXPECT_TRUE(core::GridSpec{}.validate().empty());
}

TEST(GridPoints, cellCentres_coverTheRectangleSymmetrically) {
    const auto g = squareGrid(8);
    const core::Points p = core::gridPoints(g);
    ASSERT_EQ(p.rows(), g.count());
    // First and last centres are half a cell inside the rectangle; rows are contiguous in x.
    EXPECT_NEAR(p(0, 0) - g.xMin, 0.5 * g.cellWidth(), kExactTolerance);
    EXPECT_NEAR(g.xMax - p(g.index(g.nx - 1, 0), 0), 0.5 * g.cellWidth(), kExactTolerance);
    EXPECT_NEAR(g.yMax - p(g.index(0, g.ny - 1), 1), 0.5 * g.cellHeight(), kExactTolerance);
    EXPECT_EQ(p(g.index(3, 2), 1), p(g.index(5, 2), 1));
    EXPECT_NEAR(p.col(0).mean(), 0.5 * (g.xMin + g.xMax), kExactTolerance);
}

TEST(EvaluateOnGrid, values_matchDirectEvaluation) {
    const auto field = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear));
    const auto g = squareGrid(10);
    auto grid = core::evaluateOnGrid(field, 0.4, g, core::kVelocity | core::kLogDensity);
    ASSERT_TRUE(grid.ok()) << grid.message();
    core::FieldValues direct;
    ASSERT_TRUE(field.evaluate(0.4, core::gridPoints(g), core::kVelocity | core::kLogDensity, direct).ok());
    EXPECT_TRUE(grid->values.velocity.isApprox(direct.velocity, kExactTolerance));
    EXPECT_TRUE(grid->values.logDensity.isApprox(direct.logDensity, kExactTolerance));
}

TEST(EvaluateOnGrid, invalidGrid_isAnError) {
    const auto field = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear));
    core::GridSpec g;
    g.nx = -1;
    EXPECT_FALSE(core::evaluateOnGrid(field, 0.5, g, core::kVelocity).ok());
}

TEST(SampleGridVector, linearField_isReproducedInside) {
    // Bilinear interpolation is exact for an affine field between the outer centres.
    const auto g = squareGrid(12);
    const core::Points p = core::gridPoints(g);
    core::Points v(p.rows(), 2);
    v.col(0) = 2.0 * p.col(0) - p.col(1);
    v.col(1) = (0.5 * p.col(1)).array() + 3.0;
    const double x = 0.37, y = -0.81;
    const Eigen::Vector2d s = core::sampleGridVector(g, v, x, y);
    EXPECT_NEAR(s.x(), 2.0 * x - y, 1e-9);
    EXPECT_NEAR(s.y(), 0.5 * y + 3.0, 1e-9);
}

}  // namespace
}  // namespace flowlab
