// The exact field's posterior at one point (the teaching probe): weights form a distribution,
// the combination α̇ E[x0|x_t] + β̇ E[x1|x_t] + γ̇ E[z|x_t] is the field's b, and the
// posterior-weighted average of the conditional velocities u_t(x | j) is the marginal b (the
// flow-matching theorem).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "common/rng.hpp"
#include "field/exact_field.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

/// b is a sum of a few terms of size ≤ ~50 in these scenes; the probe forms the same value in
/// another order, so the two agree to round-off.
constexpr double kAgreementTol = 1e-12;

struct Case {
    std::string base, target;
    core::InterpolantFamily family;
    core::GammaKind gamma;
};

class PosteriorTest : public ::testing::TestWithParam<Case> {};

core::ExactField fieldOf(const Case& c) {
    const auto o = test::interpolantOptions(c.family, c.gamma);
    if (c.base == "fullcov") return test::exactField(test::fullCovarianceMixture2d(), test::preset(c.target), o, 1);
    return test::exactField(c.base, c.target, o, 1);
}

double scaleOf(const core::Vector& v) { return 1.0 + v.cwiseAbs().maxCoeff(); }

TEST_P(PosteriorTest, weightsSumToOne_andCombinationIsTheField) {
    const core::ExactField field = fieldOf(GetParam());
    core::Rng rng(7);
    for (int trial = 0; trial < 20; ++trial) {
        const double t = 0.05 + 0.9 * rng.uniform();
        core::Vector x(2);
        x << 8.0 * rng.uniform() - 4.0, 8.0 * rng.uniform() - 4.0;
        const auto post = field.posterior(t, x);
        ASSERT_TRUE(post.ok()) << post.message();
        const double sumTarget = std::accumulate(post->targetWeights.begin(), post->targetWeights.end(), 0.0);
        const double sumBase = std::accumulate(post->baseWeights.begin(), post->baseWeights.end(), 0.0);
        EXPECT_NEAR(sumTarget, 1.0, 1e-12);
        EXPECT_NEAR(sumBase, 1.0, 1e-12);
        for (double w : post->targetWeights) EXPECT_GE(w, 0.0);

        core::FieldValues v;
        core::Points p(1, 2);
        p.row(0) = x.transpose();
        ASSERT_TRUE(field.evaluate(t, p, core::kVelocity | core::kDenoiser, v).ok());
        const core::Vector b = v.velocity.row(0).transpose();
        const double tol = kAgreementTol * scaleOf(b);
        const auto& c = post->coeffs;
        const core::Vector combination = c.alphaDot * post->meanX0 + c.betaDot * post->meanX1 + c.gammaDot * post->meanZ;
        EXPECT_LE((combination - b).cwiseAbs().maxCoeff(), tol) << "t = " << t;
        EXPECT_LE((post->velocity - b).cwiseAbs().maxCoeff(), tol);
        // The expectations are consistent with x_t itself: α E[x0] + β E[x1] + γ E[z] = x.
        const core::Vector back = c.alpha * post->meanX0 + c.beta * post->meanX1 + c.gamma * post->meanZ;
        EXPECT_LE((back - x).cwiseAbs().maxCoeff(), 1e-8 * scaleOf(x));
        // The denoiser of the field is E[z | x_t].
        EXPECT_LE((post->meanZ - v.denoiser.row(0).transpose()).cwiseAbs().maxCoeff(), kAgreementTol * scaleOf(post->meanZ));

        // Flow matching: b = Σ_j p(j | x_t) u_t(x | j).
        core::Vector average = core::Vector::Zero(2);
        for (std::size_t j = 0; j < post->targetWeights.size(); ++j) average += post->targetWeights[j] * post->componentVelocity[j];
        EXPECT_LE((average - b).cwiseAbs().maxCoeff(), tol);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Families, PosteriorTest,
    ::testing::Values(Case{"gaussian", "8gaussians", core::InterpolantFamily::Linear, core::GammaKind::Zero},
                      Case{"gaussian", "8gaussians", core::InterpolantFamily::Linear, core::GammaKind::Brownian},
                      Case{"fullcov", "moons", core::InterpolantFamily::Trig, core::GammaKind::SineSquared},
                      Case{"25gaussians", "8gaussians", core::InterpolantFamily::EncDec, core::GammaKind::Zero},
                      Case{"gaussian", "moons", core::InterpolantFamily::FmOt, core::GammaKind::Zero},
                      Case{"gaussian", "8gaussians", core::InterpolantFamily::Vp, core::GammaKind::Zero},
                      Case{"gaussian", "rings", core::InterpolantFamily::Ve, core::GammaKind::Zero}),
    [](const auto& info) {
        return info.param.base + "_" + info.param.target + "_" + std::to_string(int(info.param.family)) + "_" +
               std::to_string(int(info.param.gamma));
    });

TEST(PosteriorTest, conditionalVelocity_isTheFieldOfThatComponentAlone) {
    // u_t(x | j) is the exact field with the target replaced by component j: its b at x.
    const auto o = test::interpolantOptions(core::InterpolantFamily::Linear, core::GammaKind::Brownian);
    const core::ExactField field = test::exactField("gaussian", "8gaussians", o, 1);
    core::Vector x(2);
    x << 1.3, -0.7;
    const auto post = field.posterior(0.6, x);
    ASSERT_TRUE(post.ok());
    const std::size_t j = 3;
    core::GaussianComponent one = field.target().component(j);
    one.weight = 1.0;
    const auto alone = core::GaussianMixture::create(2, {one});
    ASSERT_TRUE(alone.ok());
    const core::ExactField single = test::exactField(field.base(), *alone, o, 1);
    core::FieldValues v;
    core::Points p(1, 2);
    p.row(0) = x.transpose();
    ASSERT_TRUE(single.evaluate(0.6, p, core::kVelocity, v).ok());
    EXPECT_LE((post->componentVelocity[j] - v.velocity.row(0).transpose()).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(PosteriorTest, badInput_isRefused) {
    const core::ExactField field = test::exactField("gaussian", "8gaussians", {}, 1);
    core::Vector x(2);
    x << 0.0, 0.0;
    EXPECT_FALSE(field.posterior(1.5, x).ok());
    EXPECT_FALSE(field.posterior(0.5, core::Vector::Zero(3)).ok());
    x[0] = std::nan("");
    EXPECT_FALSE(field.posterior(0.5, x).ok());
}

}  // namespace
}  // namespace flowlab
