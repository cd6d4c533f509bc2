// The display kernel of the exact field (ExactFieldOptions::pruneLogRatio > 0, float32 with
// pruning): within a small relative error of the exact double kernel on the window's kind of
// scene, deterministic, independent of the thread count and of the order of the points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/rng.hpp"
#include "density/pair_budget.hpp"
#include "density/presets.hpp"
#include "field/exact_display_kernel.hpp"
#include "field/exact_field.hpp"
#include "field/float8.hpp"
#include "sampler/sampler.hpp"

namespace flowlab {
namespace {

using core::FieldValues;
using core::Points;

constexpr unsigned kAllFields =
    core::kVelocity | core::kScore | core::kDenoiser | core::kLogDensity | core::kDivergence;
/// The window's pruning (ui scene_pipeline::kDisplayPruneLogRatio).
constexpr double kDisplayRatio = 14.0;
/// Allowed |display − exact| / (|exact| + 1): float32 rounding (~1e-6 measured) plus the pruned
/// mass (≤ 484·e^-14 ≈ 4e-4 relative in the worst case, ~1e-5 measured), with headroom; a pixel
/// of a 1080p plane is ~1e-3 of it.
constexpr double kDisplayTol = 5e-5;

struct Scene {
    core::GaussianMixture base, target;
    core::Interpolant interpolant;
};

/// Moons → checkerboard with a Brownian bridge, reduced to the window's 512 pairs.
Scene windowScene() {
    auto reduced = core::reduceToPairBudget(*core::makePreset("moons"), *core::makePreset("checkerboard"), 512);
    core::InterpolantOptions io;
    io.gamma = core::GammaKind::Brownian;
    return {reduced->first, reduced->second, *core::Interpolant::create(io)};
}

core::ExactField field(const Scene& s, double ratio, int threads) {
    core::ExactFieldOptions o;
    o.threads = threads;
    o.pruneLogRatio = ratio;
    return *core::ExactField::create(s.base, s.target, s.interpolant, o);
}

double maxRelative(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return ((a - b).rowwise().norm().array() / (b.rowwise().norm().array() + 1.0)).maxCoeff();
}

double maxRelativeScalar(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return ((a - b).array().abs() / (b.array().abs() + 1.0)).maxCoeff();
}

TEST(ExactDisplayKernel, windowScene_staysWithinToleranceOfExactKernel) {
    const Scene s = windowScene();
    const auto exact = field(s, 0.0, 1);
    const auto display = field(s, kDisplayRatio, 1);
    for (double t : {0.0, 0.05, 0.3, 0.5, 0.7, 0.95, 1.0}) {
        core::Rng rng(11);
        // Points from ρ_t and a wide square around it (the heatmap's grid reaches far out).
        Points x(3000, 2);
        x.topRows(2000) = core::sampleInterpolant(s.base, s.target, s.interpolant, t, 2000, rng);
        for (Eigen::Index i = 2000; i < x.rows(); ++i)
            for (int j = 0; j < 2; ++j) x(i, j) = 8.0 * (rng.uniform() - 0.5);
        FieldValues ref, got;
        ASSERT_TRUE(exact.evaluate(t, x, kAllFields, ref).ok());
        ASSERT_TRUE(display.evaluate(t, x, kAllFields, got).ok());
        SCOPED_TRACE("t = " + std::to_string(t));
        EXPECT_LT(maxRelative(got.velocity, ref.velocity), kDisplayTol);
        EXPECT_LT(maxRelative(got.score, ref.score), kDisplayTol);
        EXPECT_LT(maxRelative(got.denoiser, ref.denoiser), kDisplayTol);
        EXPECT_LT(maxRelativeScalar(got.logDensity, ref.logDensity), kDisplayTol);
        // ∇·b mixes terms of size |s||b| that cancel: relative to the terms, not to the sum.
        const Eigen::VectorXd scale = ref.score.rowwise().norm().cwiseProduct(ref.velocity.rowwise().norm());
        EXPECT_LT(((got.divergence - ref.divergence).array().abs() / (scale.array() + ref.divergence.array().abs() + 1.0))
                      .maxCoeff(),
                  kDisplayTol);
    }
}

TEST(ExactDisplayKernel, sameInput_givesBitIdenticalOutputForAnyThreadCountAndPointOrder) {
    const Scene s = windowScene();
    core::Rng rng(5);
    const Points x = core::sampleInterpolant(s.base, s.target, s.interpolant, 0.4, 5000, rng);
    FieldValues a, b, c, d;
    ASSERT_TRUE(field(s, kDisplayRatio, 1).evaluate(0.4, x, kAllFields, a).ok());
    ASSERT_TRUE(field(s, kDisplayRatio, 1).evaluate(0.4, x, kAllFields, b).ok());
    ASSERT_TRUE(field(s, kDisplayRatio, 2).evaluate(0.4, x, kAllFields, c).ok());
    EXPECT_EQ(a.velocity, b.velocity);
    EXPECT_EQ(a.divergence, b.divergence);
    EXPECT_EQ(a.velocity, c.velocity);
    EXPECT_EQ(a.logDensity, c.logDensity);
    // Reversed rows: the spatial order (and so every block) is the same set of points.
    const Points reversed = x.colwise().reverse();
    ASSERT_TRUE(field(s, kDisplayRatio, 1).evaluate(0.4, reversed, kAllFields, d).ok());
    EXPECT_LT(maxRelative(d.velocity.colwise().reverse(), a.velocity), kDisplayTol);
}

TEST(ExactDisplayKernel, pruning_skipsPairsWithoutChangingWhatMatters) {
    // With no pruning margin to speak of (ratio 1) the kernel drops pairs that matter; at the
    // display ratio it must not. Guards against the bound being applied the wrong way round.
    const Scene s = windowScene();
    core::Rng rng(3);
    const Points x = core::sampleInterpolant(s.base, s.target, s.interpolant, 0.5, 2000, rng);
    FieldValues ref, loose, display;
    ASSERT_TRUE(field(s, 0.0, 1).evaluate(0.5, x, core::kVelocity, ref).ok());
    ASSERT_TRUE(field(s, 1.0, 1).evaluate(0.5, x, core::kVelocity, loose).ok());
    ASSERT_TRUE(field(s, kDisplayRatio, 1).evaluate(0.5, x, core::kVelocity, display).ok());
    EXPECT_GT(maxRelative(loose.velocity, ref.velocity), 100 * kDisplayTol);
    EXPECT_LT(maxRelative(display.velocity, ref.velocity), kDisplayTol);
}

TEST(ExactDisplayKernel, spatialOrder_isAPermutation) {
    core::Rng rng(9);
    const Points x = rng.normal(7777, 2);
    std::vector<Eigen::Index> order = core::spatialOrder(x);
    ASSERT_EQ(order.size(), 7777u);
    std::sort(order.begin(), order.end());
    std::vector<Eigen::Index> identity(order.size());
    std::iota(identity.begin(), identity.end(), 0);
    EXPECT_EQ(order, identity);
}

TEST(ExactDisplayKernel, expNonPositive_matchesStdExpToFloatRounding) {
    // The kernel's exp on [−80, 0] (its whole domain: the largest weight is e^0): within a few
    // float roundings of the double exp, in lanes that differ.
    double worst = 0.0;
    for (int i = 0; i < 80000; i += 8) {
        float d[8];
        for (int l = 0; l < 8; ++l) d[l] = -float(i + l) / 1000.0f;
        const core::Float8 e = core::expNonPositive(core::Float8::load(d));
        for (int l = 0; l < 8; ++l) {
            const double ref = std::exp(double(d[l]));
            worst = std::max(worst, std::abs(double(e.lane(l)) - ref) / ref);
        }
    }
    EXPECT_LT(worst, 5e-7);
    // Below −80 the weight is e^−80 ≈ 2e−35, negligible beside the largest (1), and finite.
    const core::Float8 far = core::expNonPositive(core::Float8::splat(-1e30f));
    EXPECT_GT(far.lane(0), 0.0f);
    EXPECT_LT(far.lane(0), 1e-34f);
}

TEST(ExactDisplayKernel, negativeOrInfiniteRatio_isRejected) {
    core::ExactFieldOptions o;
    o.pruneLogRatio = -1.0;
    EXPECT_FALSE(o.validate().empty());
    o.pruneLogRatio = std::numeric_limits<double>::infinity();
    EXPECT_FALSE(o.validate().empty());
    o.pruneLogRatio = kDisplayRatio;
    EXPECT_TRUE(o.validate().empty());
}

}  // namespace
}  // namespace flowlab
