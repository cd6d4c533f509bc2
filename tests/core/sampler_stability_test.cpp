// SDE samplers that cannot blow up silently: at ε = 100 with 100 steps Euler–Maruyama and
// stochastic Heun sub-step automatically and still end on the target law (the marginals must not
// depend on ε), the Langevin corrector splits a huge step, the pinned fan stays finite, unknown
// (learned-like) fields are probed, and a run that would need too many sub-steps is refused with
// the step count that needs none.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <atomic>
#include <cmath>

#include "common/rng.hpp"
#include "field/exact_field.hpp"
#include "stats/sample_distance.hpp"
#include "sampler/pinned_fan.hpp"
#include "sampler/sampler.hpp"
#include "sampler/sde_stability.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;
using core::SamplerOptions;
using core::SolverKind;

constexpr Eigen::Index kSampleSize = 2000;
constexpr double kEps = 100.0;  // the GUI slider's maximum, where the crash was reported
constexpr int kSteps = 100;
/// Largest |x| of a healthy 8gaussians run (modes at radius 4, σ = 0.5: 4 + 10σ).
constexpr double kHealthyRadius = 9.0;

/// Forwards to an inner source and counts calls; `knowsLipschitz` false hides the bound, as a
/// learned network does, so the sampler must estimate it.
class ProbeField final : public core::FieldSource {
public:
    ProbeField(const core::FieldSource& inner, bool knowsLipschitz) : m_inner(inner), m_knows(knowsLipschitz) {}
    int dim() const override { return m_inner.dim(); }
    unsigned provides() const override { return m_inner.provides(); }
    core::Status evaluate(double t, const Points& x, unsigned what, core::FieldValues& out) const override {
        ++m_calls;
        return m_inner.evaluate(t, x, what, out);
    }
    std::string label() const override { return "probe"; }
    double scoreLipschitz(double t) const override {
        return m_knows ? m_inner.scoreLipschitz(t) : std::numeric_limits<double>::quiet_NaN();
    }
    int calls() const { return m_calls; }

private:
    const core::FieldSource& m_inner;
    bool m_knows;
    mutable std::atomic<int> m_calls{0};
};

core::ExactField defaultScene() {
    return test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear), 1);
}

SamplerOptions sdeOptions(SolverKind solver, double eps, int steps) {
    SamplerOptions o;
    o.solver = solver;
    o.steps = steps;
    o.epsilon.value = eps;
    return o;
}

double ed(const Points& a, const Points& b) { return *core::energyDistance(a, b); }

/// Yardstick of "follows the target law": 4√2 null standard deviations of the energy distance
/// between two independent kSampleSize samples of the target (as in sampler_test.cpp).
struct TargetLaw {
    core::GaussianMixture target = test::preset("8gaussians");
    Points reference;
    double margin = 0.0;
    TargetLaw() {
        core::Rng r(77);
        reference = target.sample(kSampleSize, r);
        std::vector<double> null;
        for (int i = 0; i < 10; ++i) {
            core::Rng a(9000 + i), b(9500 + i);
            null.push_back(ed(target.sample(kSampleSize, a), target.sample(kSampleSize, b)));
        }
        margin = 4.0 * std::sqrt(2.0) * test::meanAndError(null).sd;
    }
};
const TargetLaw& targetLaw() {
    static const TargetLaw law;
    return law;
}

/// Mean over particles of half the squared distance to the nearest mode: 0.25 for the target.
double withinModeVariance(const Points& x) {
    double sum = 0.0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        double best = HUGE_VAL;
        for (int k = 0; k < 8; ++k) {
            const double a = 2.0 * M_PI * k / 8.0;
            best = std::min(best, std::pow(x(r, 0) - 4.0 * std::cos(a), 2) + std::pow(x(r, 1) - 4.0 * std::sin(a), 2));
        }
        sum += 0.5 * best;
    }
    return sum / double(x.rows());
}
/// 2.5 % variance bias allowed by SdeStepLimits plus 5 standard errors of the mean over 2000
/// points (sd of ½|x − m|² is 0.25 for a 2D Gaussian of variance 0.25: 5 · 0.25 / √2000 ≈ 0.028).
constexpr double kModeVarianceTol = 0.025 * 0.25 + 0.028;

class SdeAtLargeEps : public ::testing::TestWithParam<SolverKind> {};

TEST_P(SdeAtLargeEps, epsilon100With100Steps_staysFiniteAndEndsOnTheTargetLaw) {
    const core::ExactField inner = defaultScene();
    const ProbeField f(inner, true);
    core::Rng start(40), noise(41);
    SamplerOptions o = sdeOptions(GetParam(), kEps, kSteps);
    o.recordTrajectory = true;
    auto r = core::sample(f, inner.interpolant(), inner.base().sample(kSampleSize, start), o, noise);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_TRUE(r->end.allFinite());
    EXPECT_LE(r->end.cwiseAbs().maxCoeff(), kHealthyRadius);
    EXPECT_LE(ed(r->end, targetLaw().reference), targetLaw().margin) << "margin " << targetLaw().margin;
    EXPECT_NEAR(withinModeVariance(r->end), 0.25, kModeVarianceTol);
    // Sub-steps stay inside the recorded steps, and every evaluation is counted.
    EXPECT_EQ(r->trajectory.size(), std::size_t(kSteps + 1));
    EXPECT_EQ(r->times.back(), 1.0);
    EXPECT_EQ(r->nfe, f.calls());
    EXPECT_GT(r->nfe, 10 * kSteps);
}

TEST_P(SdeAtLargeEps, unknownLipschitz_isEstimatedAndStillEndsOnTheTargetLaw) {
    const core::ExactField inner = defaultScene();
    const ProbeField f(inner, false);
    core::Rng start(42), noise(43);
    const SamplerOptions o = sdeOptions(GetParam(), kEps, kSteps);
    auto r = core::sample(f, inner.interpolant(), inner.base().sample(kSampleSize, start), o, noise);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_TRUE(r->end.allFinite());
    EXPECT_LE(ed(r->end, targetLaw().reference), targetLaw().margin);
    EXPECT_NEAR(withinModeVariance(r->end), 0.25, kModeVarianceTol);
    EXPECT_EQ(r->nfe, f.calls());  // the probes count too
}

TEST_P(SdeAtLargeEps, backwardAtEpsilon100_endsOnTheBase) {
    const core::ExactField f = defaultScene();
    core::Rng start(44), noise(45);
    SamplerOptions o = sdeOptions(GetParam(), kEps, kSteps);
    o.t0 = 1.0;
    o.t1 = 0.0;
    auto r = core::sample(f, f.interpolant(), f.target().sample(kSampleSize, start), o, noise);
    ASSERT_TRUE(r.ok()) << r.message();
    core::Rng ref(46);
    const Points base = f.base().sample(kSampleSize, ref);
    // The base N(0, I) has mean 0 and covariance I: 5 standard errors of 2000 points.
    EXPECT_LE(r->end.colwise().mean().norm(), 5.0 / std::sqrt(double(kSampleSize)));
    const Points c = r->end.rowwise() - r->end.colwise().mean();
    const core::Matrix cov = c.transpose() * c / double(kSampleSize - 1);
    EXPECT_LE((cov - core::Matrix::Identity(2, 2)).cwiseAbs().maxCoeff(), 0.025 + 5.0 * std::sqrt(2.0 / kSampleSize));
    EXPECT_LE(ed(r->end, base), 0.02);
}

INSTANTIATE_TEST_SUITE_P(Solvers, SdeAtLargeEps, ::testing::Values(SolverKind::EulerMaruyama, SolverKind::StochasticHeun),
                         [](const auto& info) { return core::toString(info.param) == "em" ? "em" : "heun"; });

TEST(SdeStability, tooManySubstepsNeeded_refusesNamingTheStepsThatNeedNone) {
    const core::ExactField f = defaultScene();
    core::Rng rng(50);
    const Points start = f.base().sample(8, rng);
    // ε = 1000: ∫ ε L dt / z_max ≈ 1000 · π / 0.05 ≈ 63 000 sub-steps, beyond the cap.
    SamplerOptions o = sdeOptions(SolverKind::EulerMaruyama, 1000.0, kSteps);
    auto refused = core::sample(f, f.interpolant(), start, o, rng);
    ASSERT_FALSE(refused.ok());
    // The largest ε L is 1000 / σ²_min = 1000 / 0.2 at t = 0.8: N = 1 · 5000 / 0.05.
    EXPECT_NE(refused.message().find("use ≥ 100000 steps"), std::string::npos) << refused.message();
    o.steps = 100000;
    const ProbeField counted(f, true);
    auto ok = core::sample(counted, f.interpolant(), start, o, rng);
    ASSERT_TRUE(ok.ok()) << ok.message();
    EXPECT_EQ(ok->nfe, o.steps);  // no sub-step was needed at the suggested count
    EXPECT_LE(ok->end.cwiseAbs().maxCoeff(), kHealthyRadius);
}

TEST(SdeStability, langevinCorrectorWithAHugeStep_isClampedAndEndsOnTheTargetLaw) {
    // Particles almost exactly on the modes make the mean ‖s‖ tiny and δ = 2 (snr ‖ξ‖/‖s‖)²
    // huge (δ L in the thousands): one explicit step would throw them far out.
    const core::ExactField f = defaultScene();
    core::Rng rng(60);
    Points start(kSampleSize, 2);
    for (Eigen::Index r = 0; r < start.rows(); ++r) {
        const double a = 2.0 * M_PI * double(r % 8) / 8.0;
        start(r, 0) = 4.0 * std::cos(a);
        start(r, 1) = 4.0 * std::sin(a);
    }
    start += 1e-3 * rng.normal(kSampleSize, 2);
    SamplerOptions o = sdeOptions(SolverKind::Euler, 0.0, 1);
    o.t0 = 0.999;
    o.langevinSteps = 200;
    auto r = core::sample(f, f.interpolant(), start, o, rng);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_TRUE(r->end.allFinite());
    EXPECT_LE(ed(r->end, targetLaw().reference), targetLaw().margin);
    EXPECT_NEAR(withinModeVariance(r->end), 0.25, kModeVarianceTol);
}

TEST(SdeStability, pinnedFanAtEpsilon100_staysFinite) {
    const core::ExactField f = defaultScene();
    core::PinnedFanOptions o;
    o.paths = 24;
    o.stepsPerUnit = 200;
    o.epsilon.value = kEps;
    core::Vector x(2);
    x << 1.0, -0.5;
    auto fan = core::pinnedFan(f, f.interpolant(), x, 0.5, o);
    ASSERT_TRUE(fan.ok()) << fan.message();
    ASSERT_EQ(fan->sdePaths.size(), 24u);
    for (const Points& p : fan->sdePaths) {
        ASSERT_TRUE(p.allFinite());
        EXPECT_LE(p.cwiseAbs().maxCoeff(), kHealthyRadius);
        EXPECT_EQ(p.rows(), Eigen::Index(fan->times.size()));
    }
}

TEST(SdeStability, exactScoreLipschitz_boundsTheContractionOfTheScore) {
    // −∇s has no eigenvalue above L(t) anywhere: checked by central differences at random points
    // (near modes, between them and far out) for several t and two scenes, one with full
    // covariances.
    const core::ExactField scenes[] = {defaultScene(),
                                       test::exactField(test::preset("gaussian"), test::fullCovarianceMixture2d(),
                                                        test::interpolantOptions(core::InterpolantFamily::Trig,
                                                                                 core::GammaKind::Brownian),
                                                        1)};
    core::Rng rng(70);
    for (const auto& f : scenes) {
        double tightest = 0.0;
        for (const double t : {0.0, 0.3, 0.6, 0.8, 0.95, 1.0}) {
            const double bound = f.scoreLipschitz(t);
            ASSERT_TRUE(std::isfinite(bound) && bound > 0.0);
            const Points x = 3.0 * rng.normal(200, 2);
            constexpr double h = 1e-5;
            for (Eigen::Index r = 0; r < x.rows(); ++r) {
                core::Matrix J(2, 2);
                for (int k = 0; k < 2; ++k) {
                    Points pm(2, 2);
                    pm.row(0) = x.row(r);
                    pm.row(1) = x.row(r);
                    pm(0, k) += h;
                    pm(1, k) -= h;
                    core::FieldValues v;
                    ASSERT_TRUE(f.evaluate(t, pm, core::kScore, v).ok());
                    J.col(k) = (v.score.row(0) - v.score.row(1)).transpose() / (2 * h);
                }
                const core::Matrix sym = 0.5 * (J + J.transpose());
                const double contraction = -Eigen::SelfAdjointEigenSolver<core::Matrix>(sym).eigenvalues().minCoeff();
                EXPECT_LE(contraction, bound * (1.0 + 1e-4)) << "t = " << t;
                tightest = std::max(tightest, contraction / bound);
            }
        }
        EXPECT_GT(tightest, 0.5);  // and it is not a uselessly loose bound
    }
}

TEST(SdeStability, startPointsBeyondTheSaneRange_areRefused) {
    const core::ExactField f = defaultScene();
    core::Rng rng(80);
    Points start = rng.normal(4, 2);
    start(2, 1) = 1e154;
    auto r = core::sample(f, f.interpolant(), start, sdeOptions(SolverKind::Rk4, 0.0, 10), rng);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("sane bound"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace flowlab
