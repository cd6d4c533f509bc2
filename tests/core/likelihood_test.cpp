// Likelihood by the probability-flow ODE (docs/maths.md §7): for exact fields it must equal log ρ1 of
// §4 up to the integrator's tolerance.
#include <gtest/gtest.h>

#include <cmath>

#include "common/rng.hpp"
#include "field/exact_field.hpp"
#include "likelihood/likelihood.hpp"
#include "sampler/sampler.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;
using core::Vector;

/// Restricts a field source to some of its fields (e.g. hides log ρ_t so that the likelihood
/// must use the given prior).
class RestrictedField final : public core::FieldSource {
public:
    RestrictedField(const core::FieldSource& inner, unsigned provides) : m_inner(inner), m_provides(provides) {}
    int dim() const override { return m_inner.dim(); }
    unsigned provides() const override { return m_inner.provides() & m_provides; }
    core::Status evaluate(double t, const Points& x, unsigned what, core::FieldValues& out) const override {
        return m_inner.evaluate(t, x, what, out);
    }
    std::string label() const override { return "restricted"; }

private:
    const core::FieldSource& m_inner;
    unsigned m_provides;
};

core::LikelihoodOptions tightDopri5() {
    core::LikelihoodOptions o;
    o.method = core::OdeMethod::Dopri5;
    o.rtol = 1e-9;
    o.atol = 1e-11;
    return o;
}

/// |NLL log ρ1 − exact log ρ1|: the ODE error at rtol 1e-9 is ~1e-9 relative in (X, ℓ); the
/// log-density at X_0 amplifies a position error by |∇log ρ0| ≲ 10 here, so 1e-6 nats is a
/// bound with two orders of margin.
constexpr double kNllTol = 1e-6;

struct LikelihoodCase {
    std::string name;
    std::string base;
    std::string target;
    core::InterpolantOptions options;

    core::ExactField field() const { return test::exactField(base, target, options, 1); }
};

class ExactLikelihood : public ::testing::TestWithParam<LikelihoodCase> {};

TEST_P(ExactLikelihood, odeLogLikelihoodEqualsExactLogDensityAtOne) {
    const core::ExactField f = GetParam().field();
    core::Rng rng(3);
    Points x(40, 2);
    x.topRows(32) = f.target().sample(32, rng);
    x.bottomRows(8) = 2.5 * rng.normal(8, 2);  // also between and beyond the modes
    const auto r = core::logLikelihood(f, f.base(), x, tightDopri5());
    ASSERT_TRUE(r.ok()) << r.message();
    core::FieldValues exact;
    ASSERT_TRUE(f.evaluate(1.0, x, core::kLogDensity, exact).ok());
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        EXPECT_NEAR(r->logDensity[i], exact.logDensity[i], kNllTol) << "x = " << x.row(i);
    EXPECT_DOUBLE_EQ(r->meanNll(), -r->logDensity.mean());
    EXPECT_GT(r->nfe, 1);
}

TEST_P(ExactLikelihood, latentIsWhereTheBackwardOdeEnds) {
    constexpr double kLatentTol = 1e-6;
    const core::ExactField f = GetParam().field();
    core::Rng rng(4);
    const Points x = f.target().sample(16, rng);
    const auto r = core::logLikelihood(f, f.base(), x, tightDopri5());
    ASSERT_TRUE(r.ok()) << r.message();
    core::SamplerOptions o;
    o.solver = core::SolverKind::Dopri5;
    o.t0 = 1.0;
    o.t1 = 0.0;
    o.rtol = 1e-10;
    o.atol = 1e-12;
    const auto back = core::sample(f, f.interpolant(), x, o, rng);
    ASSERT_TRUE(back.ok());
    EXPECT_LE(test::maxRowDistance(r->latent, back->end), kLatentTol);
}

std::vector<LikelihoodCase> likelihoodCases() {
    using core::GammaKind;
    using core::InterpolantFamily;
    return {
        {"linear", "gaussian", "8gaussians", test::interpolantOptions(InterpolantFamily::Linear)},
        {"trig_brownian", "gaussian", "moons", test::interpolantOptions(InterpolantFamily::Trig, GammaKind::Brownian)},
        {"fm_ot", "gaussian", "8gaussians", test::interpolantOptions(InterpolantFamily::FmOt)},
        {"vp", "gaussian", "8gaussians", test::interpolantOptions(InterpolantFamily::Vp)},
        {"linear_bsquared_mixture_base", "25gaussians", "8gaussians",
         test::interpolantOptions(InterpolantFamily::Linear, GammaKind::BSquared)},
    };
}

INSTANTIATE_TEST_SUITE_P(Families, ExactLikelihood, ::testing::ValuesIn(likelihoodCases()),
                         [](const auto& info) { return info.param.name; });

TEST(Likelihood, fieldWithoutLogDensity_usesThePriorAndAgrees) {
    // Two-sided: ρ0 is the base, so the prior path and the field's own log ρ0 must agree.
    const core::ExactField f = test::exactField("25gaussians", "8gaussians",
                                                test::interpolantOptions(core::InterpolantFamily::Trig), 1);
    const RestrictedField noLogp(f, core::kVelocity | core::kDivergence);
    core::Rng rng(5);
    const Points x = f.target().sample(16, rng);
    const auto withField = core::logLikelihood(f, f.base(), x, tightDopri5());
    const auto withPrior = core::logLikelihood(noLogp, f.base(), x, tightDopri5());
    ASSERT_TRUE(withField.ok() && withPrior.ok());
    EXPECT_LE((withField->logDensity - withPrior->logDensity).cwiseAbs().maxCoeff(), 1e-12);
    // A prior of the wrong dimension is refused when it is needed.
    EXPECT_FALSE(core::logLikelihood(noLogp, core::GaussianMixture::isotropic(3, 1.0), x, tightDopri5()).ok());
}

TEST(Likelihood, fixedStepRk4ConvergesToTheExactValue) {
    const core::ExactField f = test::exactField("gaussian", "8gaussians",
                                                test::interpolantOptions(core::InterpolantFamily::Linear), 1);
    core::Rng rng(6);
    const Points x = f.target().sample(16, rng);
    core::FieldValues exact;
    ASSERT_TRUE(f.evaluate(1.0, x, core::kLogDensity, exact).ok());
    std::vector<double> h, err;
    // The error ratio per halving approaches 2⁴ = 16 from above (22, 20, 17, 16 from 40 to 640
    // steps on these points; local slopes 4.0–4.1 from 160 steps on, over four point sets):
    // 160–640 steps is the asymptotic range (errors 3e-9 … 1e-11 nats, far above round-off).
    for (const int steps : {160, 320, 640}) {
        core::LikelihoodOptions o;
        o.method = core::OdeMethod::Rk4;
        o.steps = steps;
        const auto r = core::logLikelihood(f, f.base(), x, o);
        ASSERT_TRUE(r.ok()) << r.message();
        h.push_back(1.0 / steps);
        err.push_back((r->logDensity - exact.logDensity).cwiseAbs().maxCoeff());
    }
    // RK4 on the augmented state (X, ℓ): fourth order, with the ±0.25 slope allowance of the
    // sampler convergence test.
    EXPECT_NEAR(test::logLogSlope(h, err), 4.0, 0.25);
}

TEST(Likelihood, badInputIsRefused) {
    const core::ExactField f = test::exactField("gaussian", "8gaussians",
                                                test::interpolantOptions(core::InterpolantFamily::Linear), 1);
    Points x = Points::Zero(3, 2);
    x(1, 0) = std::nan("");
    EXPECT_FALSE(core::logLikelihood(f, f.base(), x, tightDopri5()).ok());
    EXPECT_FALSE(core::logLikelihood(f, f.base(), Points::Zero(3, 5), tightDopri5()).ok());
    const RestrictedField noDivergence(f, core::kVelocity | core::kLogDensity);
    const auto r = core::logLikelihood(noDivergence, f.base(), Points::Zero(3, 2), tightDopri5());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("divergence"), std::string::npos) << r.message();
    core::LikelihoodOptions bad = tightDopri5();
    bad.rtol = 0.0;
    EXPECT_FALSE(core::logLikelihood(f, f.base(), Points::Zero(3, 2), bad).ok());
}

TEST(Likelihood, progressCallbackCanCancel) {
    const core::ExactField f = test::exactField("gaussian", "8gaussians",
                                                test::interpolantOptions(core::InterpolantFamily::Linear), 1);
    int calls = 0;
    const auto r = core::logLikelihood(f, f.base(), Points::Zero(3, 2), tightDopri5(), [&](double) {
        return ++calls < 2;
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "cancelled");
    EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace flowlab
