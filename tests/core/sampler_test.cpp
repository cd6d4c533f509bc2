// Samplers (docs/maths.md §6): ODE reversibility and convergence orders, SDE marginals by energy
// distance and within-mode variance, backward integration, the diffusion-matched schedule, the
// Langevin corrector, NFE counts, trajectories, cancellation and option validation.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "stats/sample_distance.hpp"
#include "sampler/sampler.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;
using core::SamplerOptions;
using core::SolverKind;

// ---- shared set-up ----

/// A field source that counts evaluate() calls and can be restricted to some fields.
class CountingField final : public core::FieldSource {
public:
    explicit CountingField(const core::FieldSource& inner, unsigned provides = ~0u)
        : m_inner(inner), m_provides(inner.provides() & provides) {}
    int dim() const override { return m_inner.dim(); }
    unsigned provides() const override { return m_provides; }
    core::Status evaluate(double t, const Points& x, unsigned what, core::FieldValues& out) const override {
        ++m_calls;
        return m_inner.evaluate(t, x, what, out);
    }
    std::string label() const override { return "counting"; }
    double scoreLipschitz(double t) const override { return m_inner.scoreLipschitz(t); }
    int calls() const { return m_calls; }

private:
    const core::FieldSource& m_inner;
    unsigned m_provides;
    mutable std::atomic<int> m_calls{0};
};

core::ExactField eightGaussiansField(core::InterpolantFamily family = core::InterpolantFamily::Linear,
                                     core::GammaKind gamma = core::GammaKind::Zero) {
    return test::exactField("gaussian", "8gaussians", test::interpolantOptions(family, gamma), 1);
}

core::SampleResult run(const core::FieldSource& field, const core::Interpolant& interpolant, const Points& start,
                       const SamplerOptions& o, std::uint64_t seed = 1) {
    core::Rng rng(seed);
    auto r = core::sample(field, interpolant, start, o, rng);
    EXPECT_TRUE(r.ok()) << r.message();
    return r.ok() ? std::move(r).value() : core::SampleResult{};
}

SamplerOptions solverOptions(SolverKind solver, int steps, double t0 = 0.0, double t1 = 1.0) {
    SamplerOptions o;
    o.solver = solver;
    o.steps = steps;
    o.t0 = t0;
    o.t1 = t1;
    return o;
}

// ---- ODE: reversibility and order ----

class OdeRoundTrip : public ::testing::TestWithParam<test::InterpolantCase> {};

TEST_P(OdeRoundTrip, dopri5ForwardThenBackward_returnsToTheStart) {
    // Dormand–Prince at rtol 1e-10 has a global error of ~1e-10 here (measured against rtol
    // 1e-12); the backward pass can amplify it by the flow's expansion (≲ 100 for these
    // scenes), so 1e-6 leaves a wide margin while still catching any inconsistency between
    // forward and backward integration or time handling.
    constexpr double kRoundTripTol = 1e-6;
    const core::ExactField f = test::exactField("gaussian", "8gaussians", GetParam().options, 1);
    core::Rng rng(4);
    const Points start = rng.normal(32, 2);
    SamplerOptions o = solverOptions(SolverKind::Dopri5, 20);
    o.rtol = 1e-10;
    o.atol = 1e-12;
    const auto forward = run(f, f.interpolant(), start, o);
    o.t0 = 1.0;
    o.t1 = 0.0;
    const auto backward = run(f, f.interpolant(), forward.end, o);
    EXPECT_LE(test::maxRowDistance(backward.end, start), kRoundTripTol);
    EXPECT_GT(test::maxRowDistance(forward.end, start), 1.0);  // it did go somewhere
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, OdeRoundTrip, ::testing::ValuesIn(test::allInterpolantCases()),
                         [](const auto& info) { return info.param.name; });

TEST(OdeRoundTrip, rk4ForwardThenBackward_returnsToTheStart) {
    // RK4 with 200 steps: global error C h⁴ ≈ 1e-11 measured on this scene; 1e-8 bounds it
    // with three orders of margin for other seeds.
    constexpr double kRoundTripTol = 1e-8;
    for (const auto gamma : {core::GammaKind::Zero, core::GammaKind::Brownian}) {
        const core::ExactField f = eightGaussiansField(core::InterpolantFamily::Trig, gamma);
        core::Rng rng(5);
        const Points start = rng.normal(32, 2);
        const auto forward = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 200));
        const auto backward = run(f, f.interpolant(), forward.end, solverOptions(SolverKind::Rk4, 200, 1.0, 0.0));
        EXPECT_LE(test::maxRowDistance(backward.end, start), kRoundTripTol);
    }
}

struct OrderCase {
    SolverKind solver;
    double order;
    std::vector<int> steps;  ///< chosen in the asymptotic range, above the reference's error
};

class OdeConvergence : public ::testing::TestWithParam<OrderCase> {};

TEST_P(OdeConvergence, globalErrorFallsAtTheMethodsOrder) {
    // Error at t = 1 against a Dormand–Prince reference at rtol 1e-10 (its own error, ~1e-10,
    // is below 1/50 of the smallest error measured here, 5e-9 for RK4 at 160 steps). The slope
    // of log(error) against log(h) is fitted over three step halvings in the asymptotic range
    // (measured local slopes: Euler 1.00, Heun/midpoint 1.95–1.99, RK4 3.91–3.96); ±0.25
    // separates every order from its neighbours (1, 2, 4).
    constexpr double kSlopeTol = 0.25;
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(6);
    const Points start = rng.normal(64, 2);
    SamplerOptions ref = solverOptions(SolverKind::Dopri5, 20);
    ref.rtol = 1e-10;
    ref.atol = 1e-12;
    const Points exact = run(f, f.interpolant(), start, ref).end;
    std::vector<double> h, err;
    for (const int k : GetParam().steps) {
        const Points end = run(f, f.interpolant(), start, solverOptions(GetParam().solver, k)).end;
        h.push_back(1.0 / k);
        err.push_back(std::sqrt((end - exact).rowwise().squaredNorm().mean()));
    }
    const double slope = test::logLogSlope(h, err);
    EXPECT_NEAR(slope, GetParam().order, kSlopeTol) << core::toString(GetParam().solver);
    for (std::size_t i = 1; i < err.size(); ++i) EXPECT_LT(err[i], err[i - 1]);
}

INSTANTIATE_TEST_SUITE_P(Solvers, OdeConvergence,
                         ::testing::Values(OrderCase{SolverKind::Euler, 1.0, {20, 40, 80, 160}},
                                           OrderCase{SolverKind::Heun, 2.0, {40, 80, 160, 320}},
                                           OrderCase{SolverKind::Midpoint, 2.0, {40, 80, 160, 320}},
                                           OrderCase{SolverKind::Rk4, 4.0, {20, 40, 80, 160}}),
                         [](const auto& info) { return core::toString(info.param.solver); });

// ---- ODE to point-mass data ----

TEST(OdeToData, generationLandsOnTheDataPoints) {
    // With a data set (zero-covariance components) as target, every trajectory must end on a
    // data point. RK4 evaluates the field at exactly t = 1, where S_k = 0 and the exact field
    // uses its variance floor; this only works when the interpolant's coefficients are exactly
    // 0 there. The end-point error is ~h|x0|/6 ≈ 0.005 (the floored field drops the −x0 part of
    // b at t = 1), plus σ_min for fm-ot/ve (1e-3, 1e-2): 0.05 bounds both. Excluded: Brownian
    // γ and vp, whose conditional std vanishes like √(1 − t), so b itself is unbounded at t = 1.
    constexpr double kLandingTol = 0.05;
    const Points data = test::separatedDataPoints2d();
    for (const auto& tc : test::allInterpolantCases()) {
        const auto& o = tc.options;
        if (o.gamma == core::GammaKind::Brownian || o.gamma == core::GammaKind::ABrownian ||
            o.family == core::InterpolantFamily::Vp)
            continue;
        const core::ExactField f = test::exactField(core::GaussianMixture::isotropic(2, 1.0), test::pointMasses(data), o, 1);
        core::Rng rng(8);
        const Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, 64, rng);
        const Points end = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 100)).end;
        for (Eigen::Index r = 0; r < end.rows(); ++r) {
            const double nearest = (data.rowwise() - end.row(r)).rowwise().norm().minCoeff();
            EXPECT_LE(nearest, kLandingTol) << tc.name << ": ended at " << end.row(r);
        }
    }
}

TEST(OdeToData, encodingLandsOnPointMassBase) {
    // The mirror image for two-sided families: a data set as base, integrated backward.
    constexpr double kLandingTol = 0.05;
    const Points data = test::separatedDataPoints2d();
    for (const auto& tc : test::allInterpolantCases()) {
        const auto& o = tc.options;
        if (tc.oneSided() || o.gamma == core::GammaKind::Brownian || o.gamma == core::GammaKind::ABrownian) continue;
        const core::ExactField f = test::exactField(test::pointMasses(data), test::preset("8gaussians"), o, 1);
        core::Rng rng(9);
        const Points start = f.target().sample(64, rng);
        const Points end = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 100, 1.0, 0.0)).end;
        for (Eigen::Index r = 0; r < end.rows(); ++r) {
            const double nearest = (data.rowwise() - end.row(r)).rowwise().norm().minCoeff();
            EXPECT_LE(nearest, kLandingTol) << tc.name << ": ended at " << end.row(r);
        }
    }
}

// ---- SDE marginals ----

/// Statistical yardsticks for sample sets of kSampleSize points of 8gaussians.
constexpr Eigen::Index kSampleSize = 2000;

/// Mean squared distance to the nearest 8gaussians centre, per coordinate: 0.25 for the target
/// (the modes are 6σ apart, so the nearest centre is the true one). Scale-sensitive where the
/// energy distance is not: an SDE whose noise and score terms disagree changes it first.
struct ModeSpread {
    double variance = 0.0;
    double standardError = 0.0;
};

ModeSpread withinModeVariance(const Points& x) {
    std::vector<double> v(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        double best = HUGE_VAL;
        for (int k = 0; k < 8; ++k) {
            const double a = 2.0 * M_PI * k / 8.0;
            best = std::min(best, std::pow(x(r, 0) - 4.0 * std::cos(a), 2) + std::pow(x(r, 1) - 4.0 * std::sin(a), 2));
        }
        v[r] = 0.5 * best;
    }
    const auto me = test::meanAndError(v);
    return {me.mean, me.standardError};
}
constexpr double kEightGaussiansModeVariance = 0.25;
/// A normal statistic beyond 5 standard errors has probability < 1e-6.
constexpr double kStandardErrors = 5.0;

/// The spread of the energy distance between two independent samples of one density (n points
/// each), estimated from kNullPairs replicate pairs. It is the yardstick of every ED margin below.
double nullEnergyDistanceSd(const core::GaussianMixture& density) {
    constexpr int kNullPairs = 10;
    std::vector<double> ed;
    for (int i = 0; i < kNullPairs; ++i) {
        core::Rng a(9000 + i), b(9500 + i);
        ed.push_back(*core::energyDistance(density.sample(kSampleSize, a), density.sample(kSampleSize, b)));
    }
    return test::meanAndError(ed).sd;
}

/// Margin for ED(X, T) − ED(Y, T) when X and Y are both (close to) samples of T's density: each
/// term has the null spread sd, so the difference has at most √2·sd, and 4 of those bound it
/// (the null ED is right-skewed; its largest value in 30 measured replicates was 2.6 sd above
/// the mean).
double edMargin(double nullSd) { return 4.0 * std::sqrt(2.0) * nullSd; }

/// Target (8gaussians) and base (N(0, I)) with fixed reference samples and ED margins, computed
/// once per process and only when a test asks (ctest runs every test in its own process).
struct SdeFixture : public ::testing::Test {
    static const core::GaussianMixture& target() {
        static const core::GaussianMixture m = test::preset("8gaussians");
        return m;
    }
    static const core::GaussianMixture& base() {
        static const core::GaussianMixture m = core::GaussianMixture::isotropic(2, 1.0);
        return m;
    }
    static const Points& targetRef() {
        static const Points p = [] {
            core::Rng rng(77);
            return target().sample(kSampleSize, rng);
        }();
        return p;
    }
    static const Points& baseRef() {
        static const Points p = [] {
            core::Rng rng(78);
            return base().sample(kSampleSize, rng);
        }();
        return p;
    }
    static double targetMargin() {
        static const double m = edMargin(nullEnergyDistanceSd(target()));
        return m;
    }
    static double baseMargin() {
        static const double m = edMargin(nullEnergyDistanceSd(base()));
        return m;
    }
    static double ed(const Points& a, const Points& b) { return *core::energyDistance(a, b); }
};

TEST_F(SdeFixture, edMargin_detectsAFifteenPercentScaleError) {
    // The margin is not so wide that it passes anything: a 15% dilation of the target (every
    // mode 0.6 further out) exceeds it. Smaller scale errors are left to the within-mode
    // variance check, which is sharper.
    core::Rng rng(31);
    const Points scaled = 1.15 * target().sample(kSampleSize, rng);
    EXPECT_GT(ed(scaled, targetRef()), targetMargin());
    EXPECT_GT(targetMargin(), 0.0);
}

struct SdeCase {
    SolverKind solver;
    double eps;
};

class SdeMarginals : public SdeFixture, public ::testing::WithParamInterface<SdeCase> {};

TEST_P(SdeMarginals, forwardSdeEndPointsMatchTheTargetAsCloselyAsTheOde) {
    // Stiffness near t = 1 is ε/0.25 (ε s with mode variance 0.25): 500 steps keep h·12 ≈ 0.02
    // for ε = 3, where Euler–Maruyama's variance bias is ~1%, inside the tolerance below.
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(40);
    const Points start = base().sample(kSampleSize, rng);
    const Points ode = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 100)).end;
    SamplerOptions o = solverOptions(GetParam().solver, 500);
    o.epsilon.value = GetParam().eps;
    const Points sde = run(f, f.interpolant(), start, o, 41).end;

    const double edOde = ed(ode, targetRef()), edSde = ed(sde, targetRef());
    EXPECT_LE(edSde, edOde + targetMargin()) << "ED(ODE) = " << edOde << ", margin " << targetMargin();
    EXPECT_LE(edOde, targetMargin());
    const ModeSpread spread = withinModeVariance(sde);
    EXPECT_NEAR(spread.variance, kEightGaussiansModeVariance, kStandardErrors * spread.standardError);
}

INSTANTIATE_TEST_SUITE_P(EpsAndSolver, SdeMarginals,
                         ::testing::Values(SdeCase{SolverKind::EulerMaruyama, 0.1}, SdeCase{SolverKind::EulerMaruyama, 1.0},
                                           SdeCase{SolverKind::EulerMaruyama, 3.0}, SdeCase{SolverKind::StochasticHeun, 0.1},
                                           SdeCase{SolverKind::StochasticHeun, 1.0}, SdeCase{SolverKind::StochasticHeun, 3.0}),
                         [](const auto& info) {
                             return core::toString(info.param.solver) == "em"
                                        ? "em_eps" + std::to_string(int(info.param.eps * 10))
                                        : "heun_eps" + std::to_string(int(info.param.eps * 10));
                         });

TEST_F(SdeFixture, backwardSdeAndOdeFromTheTarget_reachTheBase) {
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(50);
    const Points start = target().sample(kSampleSize, rng);
    const Points ode = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 100, 1.0, 0.0)).end;
    SamplerOptions o = solverOptions(SolverKind::EulerMaruyama, 500, 1.0, 0.0);
    o.epsilon.value = 1.0;
    const Points sde = run(f, f.interpolant(), start, o, 51).end;
    const double edOde = ed(ode, baseRef()), edSde = ed(sde, baseRef());
    EXPECT_LE(edOde, baseMargin());
    EXPECT_LE(edSde, edOde + baseMargin());
    // N(0, I): the per-coordinate variance of n points has standard error ≈ √(2/n).
    const Points centred = sde.rowwise() - sde.colwise().mean();
    const double var = centred.squaredNorm() / (2.0 * (kSampleSize - 1));
    EXPECT_NEAR(var, 1.0, kStandardErrors * std::sqrt(2.0 / (2.0 * kSampleSize)));
}

TEST_F(SdeFixture, diffusionMatchedScheduleWithVp_generatesTheTarget) {
    // ε(t) = ½ β(1 − t) reaches 10 at t = 0 (drift Lipschitz ≈ 3ε): 500 steps keep h·30 < 0.05.
    const core::ExactField f = eightGaussiansField(core::InterpolantFamily::Vp);
    core::Rng rng(60);
    const Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, kSampleSize, rng);
    const Points ode = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, 200)).end;
    SamplerOptions o = solverOptions(SolverKind::EulerMaruyama, 500);
    o.epsilon.kind = core::EpsilonKind::Matched;
    const Points sde = run(f, f.interpolant(), start, o, 61).end;
    EXPECT_LE(ed(sde, targetRef()), ed(ode, targetRef()) + targetMargin());
    const ModeSpread spread = withinModeVariance(sde);
    EXPECT_NEAR(spread.variance, kEightGaussiansModeVariance, kStandardErrors * spread.standardError);
}

TEST_F(SdeFixture, taperedEpsilon_generatesTheTarget) {
    const core::ExactField f = eightGaussiansField(core::InterpolantFamily::Trig, core::GammaKind::Brownian);
    core::Rng rng(65);
    const Points start = base().sample(kSampleSize, rng);
    SamplerOptions o = solverOptions(SolverKind::StochasticHeun, 300);
    o.epsilon.kind = core::EpsilonKind::Taper;
    o.epsilon.value = 2.0;
    const Points sde = run(f, f.interpolant(), start, o, 66).end;
    EXPECT_LE(ed(sde, targetRef()), targetMargin());
    const ModeSpread spread = withinModeVariance(sde);
    EXPECT_NEAR(spread.variance, kEightGaussiansModeVariance, kStandardErrors * spread.standardError);
}

// ---- Langevin corrector ----

/// Unadjusted Langevin with step δ on N(m, σ²) is stationary at σ² / (1 − δ/(2σ²)): with
/// snr 0.16, mean ‖ξ‖ ≈ 1.25 and mean ‖s‖ ≈ 2.5 on 8gaussians, δ ≈ 0.013 and the variance is
/// inflated by at most 2.6%.
constexpr double kLangevinVarianceBias = 0.026 * kEightGaussiansModeVariance;

TEST_F(SdeFixture, langevinCorrector_keepsTheTarget) {
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(70);
    const Points start = core::sampleInterpolant(f.base(), f.target(), f.interpolant(), 0.9, kSampleSize, rng);
    SamplerOptions o = solverOptions(SolverKind::Rk4, 10, 0.9, 1.0);
    o.langevinSteps = 3;
    const Points end = run(f, f.interpolant(), start, o, 71).end;
    EXPECT_LE(ed(end, targetRef()), targetMargin());
    const ModeSpread spread = withinModeVariance(end);
    EXPECT_NEAR(spread.variance, kEightGaussiansModeVariance,
                kStandardErrors * spread.standardError + kLangevinVarianceBias);
}

TEST_F(SdeFixture, langevinCorrector_pullsAPerturbedSampleBackToTheTarget) {
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(72);
    const Points perturbed = 1.3 * target().sample(kSampleSize, rng);
    const double before = ed(perturbed, targetRef());
    SamplerOptions o = solverOptions(SolverKind::Euler, 1, 0.999, 1.0);
    o.langevinSteps = 200;
    const Points end = run(f, f.interpolant(), perturbed, o, 73).end;
    const double after = ed(end, targetRef());
    EXPECT_GT(before, 5.0 * targetMargin());
    EXPECT_LE(after, targetMargin());
    const ModeSpread spread = withinModeVariance(end);
    EXPECT_NEAR(spread.variance, kEightGaussiansModeVariance,
                kStandardErrors * spread.standardError + kLangevinVarianceBias);
}

// ---- bookkeeping: NFE, trajectories, cancellation ----

TEST(SamplerBookkeeping, nfeCountsEveryBatchedFieldEvaluation) {
    const core::ExactField inner = eightGaussiansField();
    core::Rng rng(80);
    const Points start = rng.normal(16, 2);
    constexpr int kSteps = 12;
    const struct {
        SolverKind solver;
        int perStep;
        int langevin;
    } cases[] = {{SolverKind::Euler, 1, 0},         {SolverKind::Heun, 2, 0},
                 {SolverKind::Midpoint, 2, 0},      {SolverKind::Rk4, 4, 0},
                 {SolverKind::EulerMaruyama, 1, 0}, {SolverKind::StochasticHeun, 2, 0},
                 {SolverKind::Rk4, 4, 3},           {SolverKind::EulerMaruyama, 1, 2}};
    for (const auto& c : cases) {
        const CountingField f(inner);
        SamplerOptions o = solverOptions(c.solver, kSteps);
        // Small enough that no automatic sub-step is needed (ε h L = 0.05 · 5 / 12 ≈ 0.02).
        o.epsilon.value = 0.05;
        o.langevinSteps = c.langevin;
        const auto r = run(f, inner.interpolant(), start, o);
        EXPECT_EQ(r.nfe, (c.perStep + c.langevin) * kSteps) << core::toString(c.solver) << " L=" << c.langevin;
        EXPECT_EQ(r.nfe, f.calls()) << core::toString(c.solver);
    }
    // Dormand–Prince: one initial evaluation, then six per attempted step (FSAL).
    const CountingField f(inner);
    SamplerOptions o = solverOptions(SolverKind::Dopri5, 10);
    o.recordTrajectory = true;
    const auto r = run(f, inner.interpolant(), start, o);
    EXPECT_EQ(r.nfe, f.calls());
    EXPECT_EQ((r.nfe - 1) % 6, 0);
    EXPECT_GE(r.nfe, 1 + 6 * static_cast<int>(r.times.size() - 1));
}

TEST(SamplerBookkeeping, recordedTrajectoryHasEveryStepWithItsTime) {
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(81);
    const Points start = rng.normal(8, 2);
    constexpr int kSteps = 7;
    for (const auto solver : {SolverKind::Euler, SolverKind::Heun, SolverKind::Midpoint, SolverKind::Rk4,
                              SolverKind::EulerMaruyama, SolverKind::StochasticHeun}) {
        for (const auto& [t0, t1] : {std::pair{0.0, 1.0}, std::pair{1.0, 0.0}, std::pair{0.2, 0.9}}) {
            SamplerOptions o = solverOptions(solver, kSteps, t0, t1);
            o.epsilon.value = 0.3;
            o.recordTrajectory = true;
            const auto r = run(f, f.interpolant(), start, o);
            ASSERT_EQ(r.times.size(), std::size_t(kSteps + 1)) << core::toString(solver);
            ASSERT_EQ(r.trajectory.size(), std::size_t(kSteps + 1));
            EXPECT_EQ(r.times.front(), t0);
            EXPECT_EQ(r.times.back(), t1);  // exactly, not t0 + K·h
            for (int i = 0; i <= kSteps; ++i) EXPECT_NEAR(r.times[i], t0 + i * (t1 - t0) / kSteps, 1e-15);
            EXPECT_EQ(r.trajectory.front(), start);
            EXPECT_EQ(r.trajectory.back(), r.end);
            for (int i = 1; i <= kSteps; ++i) EXPECT_NE(r.trajectory[i], r.trajectory[i - 1]);
        }
    }
    // Without the request nothing is kept.
    const auto plain = run(f, f.interpolant(), start, solverOptions(SolverKind::Rk4, kSteps));
    EXPECT_TRUE(plain.times.empty());
    EXPECT_TRUE(plain.trajectory.empty());
    // Adaptive steps: monotone times from t0 to exactly t1, the last state is the end.
    SamplerOptions o = solverOptions(SolverKind::Dopri5, 5, 1.0, 0.0);
    o.recordTrajectory = true;
    const auto r = run(f, f.interpolant(), start, o);
    ASSERT_GE(r.times.size(), 2u);
    EXPECT_EQ(r.times.size(), r.trajectory.size());
    EXPECT_EQ(r.times.front(), 1.0);
    EXPECT_EQ(r.times.back(), 0.0);
    for (std::size_t i = 1; i < r.times.size(); ++i) EXPECT_LT(r.times[i], r.times[i - 1]);
    EXPECT_EQ(r.trajectory.back(), r.end);
}

TEST(SamplerBookkeeping, progressCallbackReturningFalse_cancelsWithTheErrorCancelled) {
    const core::ExactField f = eightGaussiansField();
    core::Rng start(82);
    const Points x = start.normal(8, 2);
    for (const auto solver : {SolverKind::Rk4, SolverKind::EulerMaruyama, SolverKind::Dopri5}) {
        std::vector<double> fractions;
        const core::ProgressFn stopAtThird = [&](double fraction) {
            fractions.push_back(fraction);
            return fractions.size() < 3;
        };
        SamplerOptions o = solverOptions(solver, 50);
        o.epsilon.value = 1.0;
        core::Rng rng(1);
        const auto r = core::sample(f, f.interpolant(), x, o, rng, stopAtThird);
        ASSERT_FALSE(r.ok()) << core::toString(solver);
        EXPECT_EQ(r.message(), "cancelled");
        ASSERT_EQ(fractions.size(), 3u);
        for (std::size_t i = 0; i < fractions.size(); ++i) {
            EXPECT_GT(fractions[i], 0.0);
            EXPECT_LT(fractions[i], 1.0);
            if (i > 0) {
                EXPECT_GT(fractions[i], fractions[i - 1]);
            }
        }
    }
    // A callback that never stops sees the fraction reach exactly 1.
    double last = 0.0;
    core::Rng rng(1);
    const auto r = core::sample(f, f.interpolant(), x, solverOptions(SolverKind::Heun, 9), rng, [&](double fr) {
        last = fr;
        return true;
    });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(last, 1.0);
}

// ---- start laws ----

TEST(SamplerStart, sampleInterpolantHasTheMomentsOfTheMarginalMixture) {
    constexpr Eigen::Index n = 20000;
    const auto base = test::preset("25gaussians");
    const auto target = test::fullCovarianceMixture2d();
    for (const auto& tc : test::allInterpolantCases()) {
        if (tc.oneSided()) continue;
        const core::ExactField f = test::exactField(base, target, tc.options, 1);
        for (const double t : {0.3, 0.8}) {
            core::Rng rng(90);
            const Points x = core::sampleInterpolant(base, target, f.interpolant(), t, n, rng);
            const auto m = f.marginal(t);
            const core::Vector mu = m->mean();
            const core::Matrix cov = m->covariance();
            const core::Vector sampleMean = x.colwise().mean().transpose();
            const Points centred = x.rowwise() - x.colwise().mean();
            const core::Matrix sampleCov = centred.transpose() * centred / double(n - 1);
            for (int i = 0; i < 2; ++i) {
                EXPECT_NEAR(sampleMean[i], mu[i], kStandardErrors * std::sqrt(cov(i, i) / n)) << tc.name;
                // Var of a sample variance ≈ 2σ⁴/n for near-Gaussian coordinates; mixtures have
                // heavier tails, so allow twice that.
                EXPECT_NEAR(sampleCov(i, i), cov(i, i), kStandardErrors * 2.0 * cov(i, i) * std::sqrt(2.0 / n)) << tc.name;
            }
        }
    }
}

TEST(SamplerStart, oneSidedGenerationStartsFromTheScaledNormal) {
    constexpr Eigen::Index n = 20000;
    const core::ExactField f = eightGaussiansField(core::InterpolantFamily::Ve);
    core::Rng rng(91);
    const Points x = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, n, rng);
    const double a0 = f.interpolant().coeffs(0.0).alpha;  // σ_max = 10
    EXPECT_NEAR(x.colwise().mean().norm(), 0.0, kStandardErrors * a0 / std::sqrt(double(n)));
    const double var = x.squaredNorm() / (2.0 * n);
    EXPECT_NEAR(var, a0 * a0, kStandardErrors * a0 * a0 * std::sqrt(2.0 / (2.0 * n)));
}

// ---- options and bad input ----

TEST(SamplerOptions, invalidCombinationsAreRefusedWithAMessage) {
    const core::ExactField f = eightGaussiansField();
    const Points x = Points::Zero(4, 2);
    const auto refused = [&](SamplerOptions o, const std::string& expect) {
        core::Rng rng(1);
        const auto r = core::sample(f, f.interpolant(), x, o, rng);
        ASSERT_FALSE(r.ok()) << expect;
        EXPECT_NE(r.message().find(expect), std::string::npos) << r.message();
    };
    refused(solverOptions(SolverKind::Rk4, 0), "steps");
    refused(solverOptions(SolverKind::Rk4, 10, 0.5, 0.5), "empty");
    refused(solverOptions(SolverKind::Rk4, 10, -0.1, 1.0), "[0, 1]");
    SamplerOptions o = solverOptions(SolverKind::EulerMaruyama, 10);
    o.epsilon.value = -1.0;
    refused(o, "ε");
    o.epsilon.value = std::nan("");
    refused(o, "ε");
    o.epsilon = {};
    o.epsilon.kind = core::EpsilonKind::Matched;
    refused(o, "vp");
    o = solverOptions(SolverKind::Dopri5, 10);
    o.langevinSteps = 2;
    refused(o, "fixed-step");
    o = solverOptions(SolverKind::Rk4, 10);
    o.snr = 0.0;
    refused(o, "snr");
}

TEST(SamplerOptions, badStartPointsOrAFieldWithoutScoreAreRefused) {
    const core::ExactField f = eightGaussiansField();
    core::Rng rng(1);
    Points x = Points::Zero(4, 2);
    x(2, 1) = std::nan("");
    EXPECT_FALSE(core::sample(f, f.interpolant(), x, solverOptions(SolverKind::Rk4, 5), rng).ok());
    EXPECT_FALSE(core::sample(f, f.interpolant(), Points::Zero(4, 3), solverOptions(SolverKind::Rk4, 5), rng).ok());
    const CountingField velocityOnly(f, core::kVelocity);
    SamplerOptions o = solverOptions(SolverKind::EulerMaruyama, 5);
    o.epsilon.value = 1.0;
    const auto r = core::sample(velocityOnly, f.interpolant(), Points::Zero(4, 2), o, rng);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("score"), std::string::npos) << r.message();
    EXPECT_EQ(velocityOnly.calls(), 0);
    // ε = 0 needs only the velocity.
    o.epsilon.value = 0.0;
    EXPECT_TRUE(core::sample(velocityOnly, f.interpolant(), Points::Zero(4, 2), o, rng).ok());
}

TEST(SamplerOptions, solverNamesParseBack) {
    for (const auto& name : core::solverKindNames()) {
        const auto k = core::parseSolverKind(name);
        ASSERT_TRUE(k.ok());
        EXPECT_EQ(core::toString(*k), name);
    }
    const auto bad = core::parseSolverKind("rk45");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("dopri5"), std::string::npos);
}

}  // namespace
}  // namespace flowlab
