#include <gtest/gtest.h>

#include "interpolant/bridge.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kTolerance = 1e-12;

core::Interpolant make(core::InterpolantFamily f, core::GammaKind g) {
    auto i = core::Interpolant::create(test::interpolantOptions(f, g));
    EXPECT_TRUE(i.ok());
    return *i;
}

TEST(BridgePath, twoSided_runsFromX0ToX1WithNoiseOnlyInside) {
    const auto interp = make(core::InterpolantFamily::Trig, core::GammaKind::Brownian);
    const core::Vector x0 = core::Vector::Constant(2, -1.5), x1 = (core::Vector(2) << 3.0, 0.5).finished();
    const auto path = core::bridgePath(interp, x0, x1, 41);
    ASSERT_EQ(path.times.size(), 41u);
    EXPECT_TRUE(path.mean.row(0).transpose().isApprox(x0, kTolerance));
    EXPECT_TRUE(path.mean.row(40).transpose().isApprox(x1, kTolerance));
    EXPECT_NEAR(path.gamma.front(), 0.0, kTolerance);
    EXPECT_NEAR(path.gamma.back(), 0.0, kTolerance);
    EXPECT_GT(path.gamma[20], 0.0);
    for (std::size_t i = 1; i < path.times.size(); ++i) EXPECT_GT(path.times[i], path.times[i - 1]);
}

TEST(BridgePath, meanAndGamma_matchTheCoefficients) {
    const auto interp = make(core::InterpolantFamily::Linear, core::GammaKind::BSquared);
    const core::Vector x0 = core::Vector::Constant(2, 2.0), x1 = core::Vector::Constant(2, -4.0);
    const auto path = core::bridgePath(interp, x0, x1, 11);
    const auto c = interp.coeffs(0.3);
    EXPECT_NEAR(path.mean(3, 0), c.alpha * 2.0 + c.beta * -4.0, kTolerance);
    EXPECT_NEAR(path.gamma[3], c.gamma, kTolerance);
}

TEST(BridgePoint, isMeanPlusGammaZ) {
    const auto interp = make(core::InterpolantFamily::Linear, core::GammaKind::Brownian);
    const core::Vector x0 = core::Vector::Zero(2), x1 = core::Vector::Constant(2, 2.0);
    const core::Vector z = (core::Vector(2) << 1.0, -1.0).finished();
    const core::Vector p = core::bridgePoint(interp, x0, x1, z, 0.5);
    EXPECT_NEAR(p[0], 1.0 + 0.5, kTolerance);
    EXPECT_NEAR(p[1], 1.0 - 0.5, kTolerance);
}

}  // namespace
}  // namespace flowlab
