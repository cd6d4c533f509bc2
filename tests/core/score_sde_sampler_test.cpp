// The score-SDE paper's discrete samplers (docs/maths.md §13) on exact fields whose laws are known
// in closed form: they reach the target's law as the steps grow, their levels carry the VP/VE
// schedule's marginals, DDIM tends to the probability-flow ODE, the reverse-diffusion predictor to
// Euler–Maruyama of the diffusion-matched SDE; and the error-vs-NFE curve of RK4 falls at order 4.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "metrics/nfe_curve.hpp"
#include "sampler/sampler.hpp"
#include "stats/sample_distance.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::InterpolantFamily;
using core::Points;
using core::SamplerOptions;
using core::SolverKind;

/// Two unequal, well-separated Gaussian modes: a target whose law every sampler must find.
core::GaussianMixture twoModes() {
    auto m = core::GaussianMixture::create(
        2, {{0.3, (core::Vector(2) << -2.0, 0.0).finished(), 0.25 * core::Matrix::Identity(2, 2)},
            {0.7, (core::Vector(2) << 2.0, 1.0).finished(), 0.5 * core::Matrix::Identity(2, 2)}});
    EXPECT_TRUE(m.ok()) << m.message();
    return *m;
}

core::ExactField fieldFor(InterpolantFamily family, const core::GaussianMixture& target) {
    return test::exactField(test::preset("gaussian"), target, test::interpolantOptions(family), 1);
}

SamplerOptions options(SolverKind solver, int steps) {
    SamplerOptions o;
    o.solver = solver;
    o.steps = steps;
    return o;
}

core::SampleResult generate(const core::ExactField& f, const SamplerOptions& o, int n, std::uint64_t seed) {
    core::Rng rng(seed);
    const Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, n, rng);
    auto r = core::sample(f, f.interpolant(), start, o, rng);
    EXPECT_TRUE(r.ok()) << core::toString(o.solver) << ": " << r.message();
    return r.ok() ? *r : core::SampleResult{};
}

struct LawCase {
    SolverKind solver;
    InterpolantFamily family;
    int fewSteps;
    int manySteps;
    int langevin = 0;  ///< smld: Langevin steps per level
};

class ScoreSdeLaw : public ::testing::TestWithParam<LawCase> {};

// 1500 end points against 3000 target draws: the null energy distance of such sets has a spread
// of ≈ 0.002 (measured over seeds), so kLawTolerance = 0.01 is five spreads. The few-step runs
// are far off (measured ED 0.05–1.5), the many-step ones at the noise floor.
constexpr double kLawTolerance = 0.01;

TEST_P(ScoreSdeLaw, energyDistanceToTheTarget_fallsToTheNoiseFloorAsStepsGrow) {
    const LawCase c = GetParam();
    const core::ExactField f = fieldFor(c.family, twoModes());
    core::Rng targetRng(5);
    const Points target = f.target().sample(3000, targetRng);
    SamplerOptions few = options(c.solver, c.fewSteps), many = options(c.solver, c.manySteps);
    few.langevinSteps = many.langevinSteps = c.langevin;
    const double edFew = *core::energyDistance(generate(f, few, 1500, 3).end, target);
    const double edMany = *core::energyDistance(generate(f, many, 1500, 3).end, target);
    EXPECT_LT(edMany, kLawTolerance) << "few-step ED " << edFew;
    EXPECT_GT(edFew, 3.0 * kLawTolerance) << "the few-step run should be visibly off (many-step ED " << edMany << ")";
}

INSTANTIATE_TEST_SUITE_P(
    Samplers, ScoreSdeLaw,
    ::testing::Values(LawCase{SolverKind::Ddpm, InterpolantFamily::Vp, 3, 200},
                      LawCase{SolverKind::Ddim, InterpolantFamily::Vp, 2, 200},
                      LawCase{SolverKind::ReverseDiffusion, InterpolantFamily::Vp, 3, 200},
                      LawCase{SolverKind::Ddim, InterpolantFamily::SubVp, 2, 200},
                      LawCase{SolverKind::Ddim, InterpolantFamily::Ve, 2, 200},
                      LawCase{SolverKind::ReverseDiffusion, InterpolantFamily::Ve, 3, 200},
                      LawCase{SolverKind::Smld, InterpolantFamily::Ve, 2, 40, 50}),
    [](const auto& info) {
        std::string n = core::toString(info.param.solver) + "_" + core::toString(info.param.family);
        for (char& ch : n)
            if (ch == '-') ch = '_';
        return n;
    });

// ---- the levels carry the schedule's marginals ----

constexpr double kBetaMin = 0.1;
constexpr double kBetaMax = 20.0;
/// B(τ) = β_min τ + ½(β_max − β_min) τ², written out here from docs/maths.md §2.
double bigB(double tau) { return kBetaMin * tau + 0.5 * (kBetaMax - kBetaMin) * tau * tau; }

// 4000 particles: the mean's standard error ≈ 0.016 per coordinate, the variance's ≈ 0.02. A
// swapped β_min/β_max moves the mean at t = 0.5 by ≈ 0.9 and at t = 0.8 by ≈ 2.3.
constexpr double kMeanTolerance = 0.08;
constexpr double kVarianceTolerance = 0.1;

/// The target N(μ, c I) of the level tests, μ = (3, −2), c = 0.25.
const core::Vector kMu = (core::Vector(2) << 3.0, -2.0).finished();
constexpr double kC = 0.25;
core::GaussianMixture gaussianTarget() {
    auto m = core::GaussianMixture::create(2, {{1.0, kMu, kC * core::Matrix::Identity(2, 2)}});
    EXPECT_TRUE(m.ok());
    return *m;
}

/// The sample mean and the per-coordinate variance (pooled over both coordinates) of `x`.
std::pair<core::Vector, double> meanAndVariance(const Points& x) {
    const core::Vector mean = x.colwise().mean().transpose();
    const Points centred = x.rowwise() - mean.transpose();
    return {mean, centred.squaredNorm() / (2.0 * double(x.rows() - 1))};
}

TEST(ScoreSdeLevels, vpSamplers_haveTheVpScheduleMarginalsInMidFlight) {
    const core::Vector& mu = kMu;
    const double c = kC;
    const core::ExactField f = fieldFor(InterpolantFamily::Vp, gaussianTarget());
    for (SolverKind solver : {SolverKind::Ddpm, SolverKind::Ddim, SolverKind::ReverseDiffusion}) {
        SamplerOptions o = options(solver, 200);
        o.recordTrajectory = true;
        const core::SampleResult r = generate(f, o, 4000, 8);
        ASSERT_EQ(r.trajectory.size(), 201u);
        for (const int step : {100, 160}) {
            const double t = r.times[std::size_t(step)];
            const double beta = std::exp(-0.5 * bigB(1.0 - t));
            const double alpha2 = -std::expm1(-bigB(1.0 - t));
            const auto [mean, variance] = meanAndVariance(r.trajectory[std::size_t(step)]);
            EXPECT_LT((mean - beta * mu).cwiseAbs().maxCoeff(), kMeanTolerance) << core::toString(solver) << " t " << t;
            EXPECT_NEAR(variance, alpha2 + beta * beta * c, kVarianceTolerance) << core::toString(solver) << " t " << t;
        }
    }
}

TEST(ScoreSdeLevels, smld_hasTheVeMarginalAtEveryNoiseLevel) {
    const core::Vector& mu = kMu;
    const double c = kC;
    const core::ExactField f = fieldFor(InterpolantFamily::Ve, gaussianTarget());
    // 40 levels with 25 Langevin steps each: every level relaxes over ≥ 5 e-folds of its
    // variance (δ/σ² = 0.1 per step) while σ² falls by a factor 1.4 from one level to the next.
    SamplerOptions o = options(SolverKind::Smld, 40);
    o.langevinSteps = 25;
    o.recordTrajectory = true;
    const core::SampleResult r = generate(f, o, 4000, 9);
    for (const int step : {20, 32}) {
        const double t = r.times[std::size_t(step)];
        const double sigma = 0.01 * std::pow(1000.0, 1.0 - t);  // σ_min (σ_max/σ_min)^{1−t}
        const auto [mean, variance] = meanAndVariance(r.trajectory[std::size_t(step)]);
        EXPECT_LT((mean - mu).cwiseAbs().maxCoeff(), kMeanTolerance) << "t " << t;
        EXPECT_NEAR(variance / (sigma * sigma + c), 1.0, kVarianceTolerance) << "t " << t;
    }
}

// ---- limits: DDIM → probability-flow ODE, reverse diffusion → Euler–Maruyama ----

/// Rows of uniform values in [−1, 1]: pixel-like data.
Points rng01(core::Rng& rng, int rows, int cols) {
    Points p(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) p(i, j) = 2.0 * rng.uniform() - 1.0;
    return p;
}

double rms(const Points& a, const Points& b) { return std::sqrt((a - b).rowwise().squaredNorm().mean()); }

TEST(ScoreSdeLimits, ddimWithManySteps_equalsTheProbabilityFlowOdeEndPoints) {
    // DDIM is a first-order discretisation of the probability-flow ODE: from the same start its
    // end points approach the ODE's (RK4 on 400 steps, error < 1e-8) at rate 1/K.
    for (InterpolantFamily family : {InterpolantFamily::Vp, InterpolantFamily::Ve}) {
        const core::ExactField f = fieldFor(family, twoModes());
        core::Rng rng(12);
        const Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, 200, rng);
        const auto run = [&](SolverKind s, int k) {
            auto r = core::sample(f, f.interpolant(), start, options(s, k), rng);
            EXPECT_TRUE(r.ok()) << r.message();
            return r->end;
        };
        const Points ode = run(SolverKind::Rk4, 400);
        const double e500 = rms(run(SolverKind::Ddim, 500), ode);
        const double e2000 = rms(run(SolverKind::Ddim, 2000), ode);
        EXPECT_LT(e2000, 0.01) << core::toString(family);
        EXPECT_NEAR(e500 / e2000, 4.0, 1.0) << core::toString(family) << ": first order, errors " << e500 << ", " << e2000;
    }
}

TEST(ScoreSdeLimits, reverseDiffusion_convergesToEulerMaruyamaOfTheMatchedSdeWithTheSameNoise) {
    // Both draw one N(0, I) per step from the same generator, so with enough steps that
    // Euler–Maruyama takes no sub-steps (NFE = K) the two see the same noise and their states one
    // step before the end (the predictor returns its mean at t = 1) differ by O(1/K).
    for (InterpolantFamily family : {InterpolantFamily::Vp, InterpolantFamily::Ve}) {
        const core::ExactField f = fieldFor(family, twoModes());
        const auto gap = [&](int k) {
            SamplerOptions em = options(SolverKind::EulerMaruyama, k);
            em.epsilon.kind = core::EpsilonKind::Matched;
            em.recordTrajectory = true;
            SamplerOptions rd = options(SolverKind::ReverseDiffusion, k);
            rd.recordTrajectory = true;
            const core::SampleResult a = generate(f, em, 200, 21), b = generate(f, rd, 200, 21);
            EXPECT_EQ(a.nfe, k) << "Euler–Maruyama took sub-steps: the noise is no longer shared";
            return rms(a.trajectory[std::size_t(k - 1)], b.trajectory[std::size_t(k - 1)]);
        };
        const double g400 = gap(400), g1600 = gap(1600);
        EXPECT_LT(g1600, 0.02) << core::toString(family);
        EXPECT_GT(g400 / g1600, 2.5) << core::toString(family) << ": gaps " << g400 << ", " << g1600;
    }
}

TEST(ScoreSdeLimits, inPixelSpace_ddpmAndDdimLandOnTheTrainingImages) {
    // 64 dimensions, 6 "images" as point masses (the exact field of a data set, docs/maths.md §10):
    // both samplers, through the same sampler as in 2D, carry every particle onto one of them.
    core::Rng dataRng(17);
    const Points images = rng01(dataRng, 6, 64);
    const core::ExactField f = test::exactField(core::GaussianMixture::isotropic(64, 1.0), test::pointMasses(images),
                                                test::interpolantOptions(InterpolantFamily::Vp), 1);
    for (SolverKind s : {SolverKind::Ddpm, SolverKind::Ddim}) {
        const core::SampleResult r = generate(f, options(s, 200), 40, 5);
        ASSERT_EQ(r.end.rows(), 40);
        for (Eigen::Index i = 0; i < r.end.rows(); ++i) {
            const double nearest = (images.rowwise() - r.end.row(i)).rowwise().norm().minCoeff();
            EXPECT_LT(nearest, 0.05) << core::toString(s) << " particle " << i;
        }
    }
}

// ---- the error-vs-NFE curve ----

TEST(NfeCurve, rk4OnTheExactField_fallsAtFourthOrder) {
    const core::ExactField f = fieldFor(InterpolantFamily::Linear, twoModes());
    core::NfeCurveOptions o;
    o.solvers = {SolverKind::Rk4, SolverKind::Ddpm};
    o.nfe = {40, 80, 160, 320};
    o.particles = 100;
    o.targetSamples = 100;
    o.referenceSteps = 2000;
    auto refused = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("runs on the vp"), std::string::npos) << refused.message();

    o.solvers = {SolverKind::Rk4};
    auto curve = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o);
    ASSERT_TRUE(curve.ok()) << curve.message();
    ASSERT_EQ(curve->points.size(), 4u);
    EXPECT_EQ(curve->referenceProblem, "");
    std::vector<double> nfe, err;
    for (const auto& p : curve->points) {
        EXPECT_EQ(p.nfe, 4 * p.steps);
        EXPECT_EQ(p.nfe, p.requestedNfe);
        nfe.push_back(p.nfe);
        err.push_back(p.odeError);
    }
    EXPECT_NEAR(test::logLogSlope(nfe, err), -4.0, 0.3);
    const std::string csv = core::nfeCurveCsv(curve->points, "exact");
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "solver,field,requested_nfe,steps,nfe,energy_distance,sliced_w2,ode_error");
    EXPECT_NE(csv.find("\nrk4,exact,40,10,40,"), std::string::npos) << csv;
}

// Cancel ends a curve inside its first phase, not after a whole run: the progress is reported from
// inside the reference ODE (fractions below that phase's share), and after the first false no
// further progress is asked for and the result is "cancelled". A progress that never refuses rises
// monotonically to 1 and leaves the curve as without one.
TEST(NfeCurve, progressComesFromInsideEachPhase_andAFalseEndsTheCurveAtOnce) {
    const core::ExactField f = fieldFor(InterpolantFamily::Linear, twoModes());
    core::NfeCurveOptions o;
    o.solvers = {SolverKind::Euler, SolverKind::Rk4};
    o.nfe = {8, 16};
    o.particles = 200;
    o.targetSamples = 200;
    o.referenceSteps = 400;
    std::vector<double> seen;
    auto all = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o, [&](double p) {
        seen.push_back(p);
        return true;
    });
    ASSERT_TRUE(all.ok()) << all.message();
    const auto plain = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o);
    ASSERT_TRUE(plain.ok());
    ASSERT_EQ(all->points.size(), plain->points.size());
    for (std::size_t i = 0; i < all->points.size(); ++i) {
        EXPECT_EQ(all->points[i].energyDistance, plain->points[i].energyDistance);
        EXPECT_EQ(all->points[i].odeError, plain->points[i].odeError);
    }
    ASSERT_GT(seen.size(), 400u);  // every reference step and every run's steps report
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    // 5 phases (the reference, then 4 runs): the reference alone reports below 1/5.
    const auto inReference = std::count_if(seen.begin(), seen.end(), [](double p) { return p < 0.2; });
    EXPECT_GE(inReference, 300);

    for (int stopAt : {1, 50}) {
        int asked = 0;
        auto stopped = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o, [&](double) { return ++asked < stopAt; });
        ASSERT_FALSE(stopped.ok());
        EXPECT_EQ(stopped.message(), "cancelled");
        EXPECT_EQ(asked, stopAt);
    }
}

// ---- refusals and the finiteness guarantee ----

TEST(ScoreSdeRefusals, wrongFamilyOrDirection_isRefusedNamingWhatWorks) {
    const core::Interpolant linear = test::interpolant(test::interpolantOptions(InterpolantFamily::Linear));
    const core::Interpolant vp = test::interpolant(test::interpolantOptions(InterpolantFamily::Vp));
    EXPECT_NE(options(SolverKind::Ddpm, 10).validate(linear).find("runs on the vp interpolant, not on linear"),
              std::string::npos);
    EXPECT_NE(options(SolverKind::Smld, 10).validate(vp).find("runs on the ve interpolant"), std::string::npos);
    EXPECT_NE(options(SolverKind::Ddim, 10).validate(linear).find("vp, subvp or ve"), std::string::npos);
    EXPECT_EQ(options(SolverKind::ReverseDiffusion, 10).validate(vp), "");
    SamplerOptions back = options(SolverKind::Ddim, 10);
    back.t0 = 1.0;
    back.t1 = 0.0;
    EXPECT_NE(back.validate(vp).find("generates only"), std::string::npos);
}

/// A score that grows without bound: x ↦ 10⁶ x.
class ExplodingScore final : public core::FieldSource {
public:
    int dim() const override { return 2; }
    unsigned provides() const override { return core::kScore; }
    core::Status evaluate(double, const Points& x, unsigned, core::FieldValues& out) const override {
        out.score = 1e6 * x;
        return {};
    }
    std::string label() const override { return "exploding"; }
};

/// The same score s = (1, 0) everywhere: what a step adds to the mean is then its drift alone.
class ConstantScore final : public core::FieldSource {
public:
    int dim() const override { return 2; }
    unsigned provides() const override { return core::kScore; }
    core::Status evaluate(double, const Points& x, unsigned, core::FieldValues& out) const override {
        out.score = Points::Zero(x.rows(), 2);
        out.score.col(0).setOnes();
        return {};
    }
    std::string label() const override { return "constant"; }
};

TEST(ScoreSdeLevels, smldStepAtALevel_isRTimesSigmaSquared) {
    // One level at t = 0.5 (σ = 0.01·1000^½, σ² = 0.1) with M = 10 steps of δ = r σ² = 0.01 moves
    // the mean by M δ = 0.1 along s; the noise moves it by ≈ √(2 M δ / n) = 0.007. A step δ = r σ
    // would move it by 0.32.
    const core::Interpolant ve = test::interpolant(test::interpolantOptions(InterpolantFamily::Ve));
    SamplerOptions o = options(SolverKind::Smld, 1);
    o.t0 = 0.4;
    o.t1 = 0.5;
    o.langevinSteps = 10;
    core::Rng rng(2);
    const Points start = Points::Zero(4000, 2);
    auto r = core::sample(ConstantScore{}, ve, start, o, rng);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->nfe, 10);
    EXPECT_NEAR(r->end.col(0).mean(), 10 * 0.1 * 0.1, 0.03);
    EXPECT_NEAR(r->end.col(1).mean(), 0.0, 0.03);
}

TEST(ScoreSdeRefusals, divergingScore_failsInsteadOfReturningNonFiniteEndPoints) {
    const core::Interpolant vp = test::interpolant(test::interpolantOptions(InterpolantFamily::Vp));
    const core::Interpolant ve = test::interpolant(test::interpolantOptions(InterpolantFamily::Ve));
    const ExplodingScore field;
    for (SolverKind s : {SolverKind::Ddpm, SolverKind::Ddim, SolverKind::ReverseDiffusion, SolverKind::Smld}) {
        const core::Interpolant& interp = s == SolverKind::Smld ? ve : vp;
        core::Rng rng(1);
        auto r = core::sample(field, interp, rng.normal(50, 2), options(s, 50), rng);
        ASSERT_FALSE(r.ok()) << core::toString(s);
        EXPECT_NE(r.message().find("diverged"), std::string::npos) << r.message();
    }
}

}  // namespace
}  // namespace flowlab
