#include <gtest/gtest.h>

#include <cmath>

#include "field/streamlines.hpp"

namespace flowlab {
namespace {

constexpr double kStraightTolerance = 1e-9;
// Midpoint steps of 0.2 seed cells on a bilinear rotation field: the radius drifts by far less
// than one grid cell over a line.
constexpr double kRadiusDriftTolerance = 0.05;

core::GridSpec grid() {
    core::GridSpec g;
    g.xMin = -4.0;
    g.xMax = 4.0;
    g.yMin = -4.0;
    g.yMax = 4.0;
    g.nx = 64;
    g.ny = 64;
    return g;
}

core::Points fieldOf(const core::GridSpec& g, double (*fx)(double, double), double (*fy)(double, double)) {
    const core::Points p = core::gridPoints(g);
    core::Points v(p.rows(), 2);
    for (Eigen::Index r = 0; r < p.rows(); ++r) {
        v(r, 0) = fx(p(r, 0), p(r, 1));
        v(r, 1) = fy(p(r, 0), p(r, 1));
    }
    return v;
}

TEST(Streamlines, uniformField_givesHorizontalLinesAlongTheField) {
    const auto g = grid();
    const auto v = fieldOf(g, [](double, double) { return 1.0; }, [](double, double) { return 0.0; });
    const auto lines = core::traceStreamlines(g, v, {});
    ASSERT_FALSE(lines.empty());
    for (const auto& line : lines) {
        ASSERT_GE(line.points.size(), 2u);
        for (const auto& p : line.points) EXPECT_NEAR(p.y(), line.points.front().y(), kStraightTolerance);
        EXPECT_GT(line.points.back().x(), line.points.front().x());  // ordered along the field
    }
}

TEST(Streamlines, rotationField_keepsTheRadius) {
    const auto g = grid();
    const auto v = fieldOf(g, [](double, double y) { return -y; }, [](double x, double) { return x; });
    const auto lines = core::traceStreamlines(g, v, {});
    ASSERT_FALSE(lines.empty());
    for (const auto& line : lines) {
        const double r0 = line.points.front().norm();
        if (r0 > 3.5) continue;  // near the border bilinear edges clamp; only check the interior
        for (const auto& p : line.points) EXPECT_NEAR(p.norm(), r0, kRadiusDriftTolerance);
    }
}

TEST(Streamlines, zeroField_givesNoLines) {
    const auto g = grid();
    const core::Points v = core::Points::Zero(g.count(), 2);
    EXPECT_TRUE(core::traceStreamlines(g, v, {}).empty());
}

TEST(Streamlines, mismatchedField_givesNoLines) {
    const auto g = grid();
    const core::Points v = core::Points::Ones(10, 2);
    EXPECT_TRUE(core::traceStreamlines(g, v, {}).empty());
}

TEST(Streamlines, separation_reducesOverlap) {
    const auto g = grid();
    const auto v = fieldOf(g, [](double, double) { return 1.0; }, [](double, double) { return 0.2; });
    core::StreamlineOptions dense;
    dense.separation = 0.0;
    core::StreamlineOptions spread;
    spread.separation = 0.5;
    std::size_t densePoints = 0, spreadPoints = 0;
    for (const auto& l : core::traceStreamlines(g, v, dense)) densePoints += l.points.size();
    for (const auto& l : core::traceStreamlines(g, v, spread)) spreadPoints += l.points.size();
    EXPECT_LT(spreadPoints, densePoints);
}

}  // namespace
}  // namespace flowlab
