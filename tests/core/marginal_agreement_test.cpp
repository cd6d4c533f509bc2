// The marginal-agreement statistic of comparisons (core/metrics): energy distances of clouds to
// cloud 0 against the sampling noise of cloud 0 split in halves (docs/maths.md §9).
#include <gtest/gtest.h>

#include <cmath>

#include "common/rng.hpp"
#include "metrics/marginal_agreement.hpp"
#include "stats/sample_distance.hpp"

namespace flowlab {
namespace {

constexpr int kPoints = 800;

TEST(MarginalAgreement, sameLawStaysNearTheNoise_anotherLawIsFarAboveIt) {
    core::Rng rng(3);
    const core::Points a = rng.normal(2 * kPoints, 2);
    const core::Points same = rng.normal(kPoints, 2);
    core::Points shifted = rng.normal(kPoints, 2);
    shifted.col(0).array() += 0.5;
    const auto m = core::marginalAgreement({&a, &same, &shifted}, kPoints, 1);
    ASSERT_EQ(m.distance.size(), 3u);
    EXPECT_EQ(m.distance[0], 0.0);
    ASSERT_TRUE(std::isfinite(m.noise));
    EXPECT_GT(m.noise, 0.0);
    EXPECT_LT(std::abs(m.distance[1]), 4.0 * m.noise);
    EXPECT_GT(m.distance[2], 10.0 * m.noise);
    // The distances are the energy distances of the first kPoints rows.
    auto direct = core::energyDistance(a.topRows(kPoints), shifted, core::DistanceOptions{});
    ASSERT_TRUE(direct.ok());
    EXPECT_NEAR(m.distance[2], *direct, 1e-12);
}

TEST(MarginalAgreement, usesOnlyTheFirstMaxPointsRows) {
    core::Rng rng(4);
    const core::Points a = rng.normal(2 * kPoints, 2);
    const core::Points b = rng.normal(kPoints, 2);
    core::Points longer(2 * kPoints, 2);
    longer.topRows(kPoints) = b;
    longer.bottomRows(kPoints).setConstant(100.0);  // beyond maxPoints: must not count
    const auto m1 = core::marginalAgreement({&a, &b}, kPoints, 1);
    const auto m2 = core::marginalAgreement({&a, &longer}, kPoints, 1);
    EXPECT_EQ(m1.distance[1], m2.distance[1]);
    EXPECT_EQ(m1.noise, m2.noise);
}

TEST(MarginalAgreement, missingCloudsAreNaN) {
    core::Rng rng(5);
    const core::Points a = rng.normal(100, 2);
    const core::Points empty(0, 2);
    const auto m = core::marginalAgreement({&a, nullptr, &empty}, 50, 1);
    ASSERT_EQ(m.distance.size(), 3u);
    EXPECT_EQ(m.distance[0], 0.0);
    EXPECT_TRUE(std::isnan(m.distance[1]));
    EXPECT_TRUE(std::isnan(m.distance[2]));
    const core::Points one = rng.normal(1, 2);
    const auto none = core::marginalAgreement({&one, &a}, 50, 1);
    EXPECT_TRUE(std::isnan(none.distance[0]) && std::isnan(none.distance[1]) && std::isnan(none.noise));
    EXPECT_TRUE(core::marginalAgreement({}, 50, 1).distance.empty());
}

}  // namespace
}  // namespace flowlab
