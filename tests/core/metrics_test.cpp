// Sample-set distances (docs/maths.md §9) against their population values for Gaussians, where
// those are known in closed form, with statistical margins taken from replicate spreads.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "stats/sample_distance.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;

constexpr int kReplicates = 8;
/// Replicate means are compared with 4 standard errors: for a t statistic with 7 degrees of
/// freedom, |t| > 4 has probability ≈ 0.005.
constexpr double kStandardErrors = 4.0;

Points gaussian(Eigen::Index n, int dim, const core::Vector& mean, std::uint64_t seed) {
    core::Rng rng(seed);
    return rng.normal(n, dim).rowwise() + mean.transpose();
}

/// The metric over kReplicates independent pairs of samples.
test::MeanAndError replicate(const std::function<double(int)>& metricOfReplicate) {
    std::vector<double> v;
    for (int i = 0; i < kReplicates; ++i) v.push_back(metricOfReplicate(i));
    return test::meanAndError(v);
}

/// E|N(μ, s²)| in 1D (folded normal mean).
double foldedNormalMean(double mu, double s) {
    return s * std::sqrt(2.0 / M_PI) * std::exp(-mu * mu / (2.0 * s * s)) + mu * std::erf(mu / (s * std::sqrt(2.0)));
}

// ---- energy distance ----

TEST(EnergyDistance, sameDensity_isZeroOnAverage) {
    // The unbiased (U-statistic) form has mean exactly 0 when both samples share a density.
    const auto m = test::preset("8gaussians");
    const auto r = replicate([&](int i) {
        core::Rng a(100 + i), b(200 + i);
        return *core::energyDistance(m.sample(500, a), m.sample(500, b));
    });
    EXPECT_NEAR(r.mean, 0.0, kStandardErrors * r.standardError) << "sd " << r.sd;
}

TEST(EnergyDistance, differentDensities_areClearlyApart) {
    const auto eight = test::preset("8gaussians"), moons = test::preset("moons");
    const auto null = replicate([&](int i) {
        core::Rng a(300 + i), b(400 + i);
        return *core::energyDistance(eight.sample(500, a), eight.sample(500, b));
    });
    core::Rng a(1), b(2);
    const double apart = *core::energyDistance(eight.sample(500, a), moons.sample(500, b));
    EXPECT_GT(apart, 20.0 * null.sd);
}

TEST(EnergyDistance, shiftOfOneDimensionalGaussians_matchesThePopulationValueAndGrows) {
    // X ~ N(0, 1), Y ~ N(δ, 1): X − Y ~ N(−δ, 2), X − X' ~ N(0, 2), so
    // ED = 2 (E|N(δ, 2)| − E|N(0, 2)|).
    double previous = 0.0;
    for (const double delta : {0.25, 0.5, 1.0, 2.0}) {
        const double expected = 2.0 * (foldedNormalMean(delta, std::sqrt(2.0)) - foldedNormalMean(0.0, std::sqrt(2.0)));
        const auto r = replicate([&](int i) {
            return *core::energyDistance(gaussian(1000, 1, core::Vector::Zero(1), 500 + i),
                                         gaussian(1000, 1, core::Vector::Constant(1, delta), 600 + i));
        });
        EXPECT_NEAR(r.mean, expected, kStandardErrors * r.standardError) << "δ = " << delta;
        EXPECT_GT(r.mean, previous) << "δ = " << delta;
        previous = r.mean;
    }
}

TEST(EnergyDistance, isSymmetric) {
    core::Rng a(7), b(8);
    const Points x = test::preset("moons").sample(300, a), y = test::preset("rings").sample(400, b);
    const double xy = *core::energyDistance(x, y), yx = *core::energyDistance(y, x);
    EXPECT_NEAR(xy, yx, 1e-12 * std::abs(xy));
}

// ---- sliced Wasserstein-2 ----

TEST(SlicedWasserstein, shiftedGaussians_matchTheProjectionFormula) {
    // Along a unit direction θ the two projected laws differ by the shift θ·δ, so the 1D W2² is
    // (θ·δ)² and its mean over uniform directions in 2D is |δ|²/2: SW2 = |δ| / √2.
    // Finite-sample terms: with w0 the SW2 between two samples of the same density (measured
    // below), SW2² lies within |δ|²/2 ± (2 |δ|/√2 · w0 + w0²) by Cauchy–Schwarz; the P random
    // directions add a relative error of √(Var cos²φ / P) / E cos²φ = √(1/8 / P) / ½ per
    // standard deviation.
    constexpr Eigen::Index n = 2000;
    core::DistanceOptions o;
    o.slicedProjections = 1024;
    core::Vector delta(2);
    delta << 2.0, 1.0;
    const double target = delta.squaredNorm() / 2.0;
    const Points a = gaussian(n, 2, core::Vector::Zero(2), 1);
    const double w0 = *core::slicedWasserstein2(a, gaussian(n, 2, core::Vector::Zero(2), 2), o);
    const double sw = *core::slicedWasserstein2(a, gaussian(n, 2, delta, 3), o);
    const double directionSd = target * std::sqrt(0.125 / o.slicedProjections) / 0.5;
    const double tol = kStandardErrors * directionSd + 2.0 * std::sqrt(target) * w0 + w0 * w0;
    EXPECT_NEAR(sw * sw, target, tol) << "w0 = " << w0;
    EXPECT_LT(w0, 0.1 * std::sqrt(target));  // the finite-sample floor is small
}

TEST(SlicedWasserstein, isSymmetricDeterministicAndHandlesUnequalSizes) {
    core::Rng a(9), b(10);
    const Points x = test::preset("8gaussians").sample(300, a), y = test::preset("spirals").sample(450, b);
    core::DistanceOptions o;
    o.seed = 42;
    const double xy = *core::slicedWasserstein2(x, y, o);
    EXPECT_EQ(xy, *core::slicedWasserstein2(y, x, o));
    EXPECT_EQ(xy, *core::slicedWasserstein2(x, y, o));
    o.seed = 43;
    EXPECT_NE(xy, *core::slicedWasserstein2(x, y, o));
    EXPECT_EQ(*core::slicedWasserstein2(x, x, o), 0.0);
}

// ---- MMD ----

double gaussianMmd2(const core::Vector& delta, int dim, double bandwidth) {
    // For X, Y ~ N(·, I) and k = exp(−|u|²/(2σ²)): E k(W) with W ~ N(μ, 2I) is
    // c · exp(−|μ|²/(2(σ² + 2))), c = (σ²/(σ² + 2))^{d/2}; MMD² = 2c (1 − exp(−|δ|²/(2(σ²+2)))).
    const double s2 = bandwidth * bandwidth;
    const double c = std::pow(s2 / (s2 + 2.0), dim / 2.0);
    return 2.0 * c * (1.0 - std::exp(-delta.squaredNorm() / (2.0 * (s2 + 2.0))));
}

TEST(Mmd, shiftedGaussians_matchThePopulationValue) {
    core::DistanceOptions o;
    o.mmdBandwidth = 1.5;
    for (const double shift : {0.0, 0.5, 1.5}) {
        core::Vector delta = core::Vector::Zero(2);
        delta[0] = shift;
        const auto r = replicate([&](int i) {
            return *core::mmdSquared(gaussian(800, 2, core::Vector::Zero(2), 700 + i), gaussian(800, 2, delta, 800 + i), o);
        });
        EXPECT_NEAR(r.mean, gaussianMmd2(delta, 2, o.mmdBandwidth), kStandardErrors * r.standardError) << shift;
    }
}

TEST(Mmd, isSymmetricAndTheMedianBandwidthIsPositive) {
    core::Rng a(11), b(12);
    const Points x = test::preset("moons").sample(300, a), y = test::preset("checkerboard").sample(300, b);
    const double xy = *core::mmdSquared(x, y), yx = *core::mmdSquared(y, x);
    EXPECT_NEAR(xy, yx, 1e-12);
    EXPECT_GT(xy, 0.0);
    const double bw = core::mmdBandwidth(x, y, {});
    EXPECT_GT(bw, 0.0);
    EXPECT_EQ(bw, core::mmdBandwidth(y, x, {}));
    core::DistanceOptions fixed;
    fixed.mmdBandwidth = 0.7;
    EXPECT_EQ(core::mmdBandwidth(x, y, fixed), 0.7);
}

TEST(SampleDistances, oneAndTwoThreadsGiveIdenticalValues) {
    core::Rng a(13), b(14);
    const Points x = test::preset("rings").sample(700, a), y = test::preset("moons").sample(500, b);
    core::DistanceOptions one, two;
    one.threads = 1;
    two.threads = 2;
    EXPECT_EQ(*core::energyDistance(x, y, one), *core::energyDistance(x, y, two));
    EXPECT_EQ(*core::slicedWasserstein2(x, y, one), *core::slicedWasserstein2(x, y, two));
    EXPECT_EQ(*core::mmdSquared(x, y, one), *core::mmdSquared(x, y, two));
}

// ---- bad input ----

TEST(SampleDistances, badInputIsAnErrorForEveryMetric) {
    const Points a = Points::Random(20, 2), b = Points::Random(20, 2);
    Points withNan = b;
    withNan(3, 1) = std::nan("");
    Points withInf = b;
    withInf(0, 0) = HUGE_VAL;
    using Metric = core::Result<double> (*)(const Points&, const Points&, const core::DistanceOptions&);
    for (const Metric metric : {Metric(core::energyDistance), Metric(core::slicedWasserstein2), Metric(core::mmdSquared)}) {
        const auto dims = metric(a, Points::Random(20, 3), {});
        ASSERT_FALSE(dims.ok());
        EXPECT_NE(dims.message().find("dimension"), std::string::npos) << dims.message();
        const auto nan = metric(a, withNan, {});
        ASSERT_FALSE(nan.ok());
        EXPECT_NE(nan.message().find("NaN"), std::string::npos) << nan.message();
        EXPECT_FALSE(metric(withInf, a, {}).ok());
        EXPECT_FALSE(metric(a, Points(0, 2), {}).ok());
        core::DistanceOptions bad;
        bad.slicedProjections = 0;
        EXPECT_FALSE(metric(a, b, bad).ok());
        bad = {};
        bad.mmdBandwidth = -1.0;
        EXPECT_FALSE(metric(a, b, bad).ok());
    }
    // The unbiased within-set terms need two points per set.
    EXPECT_FALSE(core::energyDistance(a.topRows(1), b).ok());
    EXPECT_FALSE(core::mmdSquared(a, b.topRows(1)).ok());
}

// ---- cancel ----

// A window's Cancel reaches inside the O(n²) sums: keepGoing is polled between blocks of rows, the
// first refusal ends the distance with "cancelled" (nothing after it is polled), and a keepGoing
// that never refuses leaves the value exactly as without one. 3000 × 9000 pairs are several
// blocks, so the poll must come more than once per pairwise sum.
TEST(SampleDistances, keepGoing_isPolledBetweenBlocks_andAFalseEndsWithCancelled) {
    core::Rng a(21), b(22);
    const Points x = test::preset("rings").sample(3000, a), y = test::preset("moons").sample(9000, b);
    using Metric = core::Result<double> (*)(const Points&, const Points&, const core::DistanceOptions&);
    for (const Metric metric : {Metric(core::energyDistance), Metric(core::slicedWasserstein2), Metric(core::mmdSquared)}) {
        core::DistanceOptions plain;
        plain.slicedProjections = 16;
        const auto reference = metric(x, y, plain);
        ASSERT_TRUE(reference.ok()) << reference.message();
        int polls = 0;
        core::DistanceOptions counted = plain;
        counted.keepGoing = [&] { return ++polls > 0; };
        const auto same = metric(x, y, counted);
        ASSERT_TRUE(same.ok());
        EXPECT_EQ(*same, *reference);
        EXPECT_GT(polls, 3);
        for (int stopAt : {1, 3}) {
            int seen = 0;
            core::DistanceOptions stopping = plain;
            stopping.keepGoing = [&] { return ++seen < stopAt; };
            const auto stopped = metric(x, y, stopping);
            ASSERT_FALSE(stopped.ok());
            EXPECT_EQ(stopped.message(), "cancelled");
            EXPECT_EQ(seen, stopAt);
        }
    }
}

}  // namespace
}  // namespace flowlab
