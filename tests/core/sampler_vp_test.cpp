// The VP diffusion through the samplers, against the schedule written out here from docs/maths.md §2
// and §6 (β_min = 0.1, β_max = 20): the ODE's and the diffusion-matched SDE's marginals in mid
// flight, and the matched SDE's noise per step. B(1) = ½(β_min + β_max) is symmetric in the two,
// so the start law and the end law cannot tell a swapped schedule; these can.
#include <gtest/gtest.h>

#include <cmath>

#include "sampler/sampler.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kBetaMin = 0.1;
constexpr double kBetaMax = 20.0;

/// B(τ) = β_min τ + ½(β_max − β_min) τ².
double bigB(double tau) { return kBetaMin * tau + 0.5 * (kBetaMax - kBetaMin) * tau * tau; }
/// β(t) = e^{−B(1−t)/2} and α(t)² = 1 − e^{−B(1−t)}.
double vpBeta(double t) { return std::exp(-0.5 * bigB(1.0 - t)); }
double vpAlphaSquared(double t) { return -std::expm1(-bigB(1.0 - t)); }
/// The diffusion-matched ε(t) = ½ g(1 − t)², g(τ)² = β_min + τ(β_max − β_min).
double matchedEpsilon(double t) { return 0.5 * (kBetaMin + (1.0 - t) * (kBetaMax - kBetaMin)); }

class SamplerVp : public ::testing::Test {
protected:
    void SetUp() override {
        auto target = core::GaussianMixture::create(2, {{1.0, m_mu, m_sigma2 * core::Matrix::Identity(2, 2)}});
        ASSERT_TRUE(target.ok()) << target.message();
        m_field = std::make_unique<core::ExactField>(
            test::exactField(test::preset("gaussian"), *target, test::interpolantOptions(core::InterpolantFamily::Vp), 1));
    }
    const core::Vector m_mu = (core::Vector(2) << 3.0, -2.0).finished();
    const double m_sigma2 = 0.25;
    std::unique_ptr<core::ExactField> m_field;
};

// 4000 particles: the mean's standard error is ≈ 0.016 per coordinate, the variance's ≈ 0.02.
// The start law N(0, α(0)² I) omits β(0) μ ≈ 0.024 from the mean. A swapped schedule moves the
// mean at t = 0.5 by ≈ 0.9 and at t = 0.8 by ≈ 2.3.
constexpr double kMeanTolerance = 0.08;
constexpr double kVarianceTolerance = 0.1;

TEST_F(SamplerVp, odeAndMatchedSde_haveTheVpScheduleMarginalsInMidFlight) {
    const auto& interp = m_field->interpolant();
    for (const auto solver : {core::SolverKind::Rk4, core::SolverKind::EulerMaruyama}) {
        for (const double t : {0.5, 0.8}) {
            core::Rng rng(4);
            const core::Points start = core::sampleStart(m_field->base(), m_field->target(), interp, 0.0, 4000, rng);
            core::SamplerOptions so;
            so.solver = solver;
            so.t1 = t;
            so.steps = solver == core::SolverKind::Rk4 ? 100 : 1000;
            so.epsilon.kind = core::EpsilonKind::Matched;
            auto r = core::sample(*m_field, interp, start, so, rng);
            ASSERT_TRUE(r.ok()) << r.message();
            const core::Vector mean = r->end.colwise().mean().transpose();
            const core::Points centred = r->end.rowwise() - mean.transpose();
            const double variance = centred.squaredNorm() / (2.0 * double(r->end.rows() - 1));
            const std::string what = core::toString(solver) + " at t = " + std::to_string(t);
            EXPECT_LT((mean - vpBeta(t) * m_mu).norm(), kMeanTolerance) << what << ": mean " << mean.transpose();
            const double expected = vpAlphaSquared(t) + vpBeta(t) * vpBeta(t) * m_sigma2;
            EXPECT_NEAR(variance, expected, kVarianceTolerance) << what;
        }
    }
}

// One Euler–Maruyama step from a single point: the increments' variance per coordinate is
// 2 ε(t) dt with the matched ε, whatever the drift. dt = 1e-3 keeps ε's change over the step
// below 1 %; 20000 particles give a relative standard error of 1 %. A swapped schedule has
// ε(0.9) ≈ 9.0 instead of ≈ 1.05.
constexpr double kRelativeVarianceTolerance = 0.05;

TEST_F(SamplerVp, matchedSdeStep_hasTheNoiseOfTheVpSchedule) {
    const auto& interp = m_field->interpolant();
    for (const double t : {0.3, 0.9}) {
        core::Points start(20000, 2);
        start.rowwise() = (core::Vector(2) << 0.5, 0.2).finished().transpose() * vpBeta(t);
        core::SamplerOptions so;
        so.solver = core::SolverKind::EulerMaruyama;
        so.t0 = t;
        so.t1 = t + 1e-3;
        so.steps = 1;
        so.epsilon.kind = core::EpsilonKind::Matched;
        core::Rng rng(8);
        auto r = core::sample(*m_field, interp, start, so, rng);
        ASSERT_TRUE(r.ok()) << r.message();
        const core::Points d = r->end - start;
        const core::Vector mean = d.colwise().mean().transpose();
        const double variance = (d.rowwise() - mean.transpose()).squaredNorm() / (2.0 * double(d.rows() - 1));
        const double expected = 2.0 * matchedEpsilon(t) * 1e-3;
        EXPECT_NEAR(variance / expected, 1.0, kRelativeVarianceTolerance) << "t = " << t;
    }
}

}  // namespace
}  // namespace flowlab
