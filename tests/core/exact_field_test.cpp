// Exact mixture fields (docs/maths.md §3–4) checked against the equations they must satisfy, by
// finite differences at points drawn from ρ_t, for every interpolant and several scenes: the
// transport equation ∂_t log ρ + ∇·b + b·∇log ρ = 0, s = ∇ log ρ_t, ∇·b, η = −γ s, and (for a
// standard-normal base) the closed-form relation between b and s.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "sampler/sampler.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::FieldValues;
using core::Points;
using core::Vector;

constexpr unsigned kAllFields =
    core::kVelocity | core::kScore | core::kDenoiser | core::kLogDensity | core::kDivergence;

/// Central-difference step in x. The fields are smooth on scales ≥ 0.02 (the narrowest marginal
/// standard deviation below), so the truncation error h²/6·|f'''| stays below 1e-8 relative
/// (measured: ≤ 1.3e-8 for the score, ≤ 1e-12 for the divergence) and round-off
/// (1e-16·|f|/h) below 1e-10.
constexpr double kSpaceStep = 1e-5;
/// Step of the five-point (fourth-order) difference in t. In time, log ρ_t varies faster (speed
/// |μ1 − μ0| ≈ 5 against σ ≈ 0.14 for 25gaussians → rings at t = 0.7, a time scale ~0.03): a
/// second-order difference with h = 1e-5 left residuals up to 2.8e-7 relative, close to the
/// tolerance. With h = 1e-4 the truncation h⁴/30·|f⁽⁵⁾| is ~1e-10 and round-off ~1e-11.
constexpr double kTimeStep = 1e-4;
/// Allowed finite-difference mismatch relative to the size of the terms involved (+1). Largest
/// measured over all cases: 1.5e-9 (transport), 1.3e-8 (score), 1e-12 (divergence).
constexpr double kFiniteDifferenceTol = 1e-6;
/// Algebraic identities evaluated in floating point (no differencing).
constexpr double kIdentityTol = 1e-9;
constexpr int kPointsPerTime = 24;
const double kTimes[] = {0.2, 0.45, 0.7, 0.9};

struct Scene {
    std::string name;
    core::GaussianMixture base;
    core::GaussianMixture target;
};

/// Built once per process; test parameters refer to scenes by index (gtest copies parameters
/// for every test pattern, and copying mixtures of hundreds of components dominated start-up).
const std::vector<Scene>& scenes() {
    static const std::vector<Scene> all = [] {
        const auto n2 = core::GaussianMixture::isotropic(2, 1.0);
        return std::vector<Scene>{
            {"gaussian_8gaussians", n2, test::preset("8gaussians")},
            {"gaussian_moons", n2, test::preset("moons")},
            {"gaussian_fullcov", n2, test::fullCovarianceMixture2d()},
            {"fullcov_8gaussians", test::fullCovarianceMixture2d(), test::preset("8gaussians")},
            {"25gaussians_rings", test::preset("25gaussians"), test::preset("rings")},
            {"gaussian_iso1", core::GaussianMixture::isotropic(1, 1.0), test::isotropicMixture(1, 11)},
            {"gaussian_iso3", core::GaussianMixture::isotropic(3, 1.0), test::isotropicMixture(3, 12)},
            {"gaussian_iso5", core::GaussianMixture::isotropic(5, 1.0), test::isotropicMixture(5, 13)},
            // No point mass in this base: a point-mass pair with γ = 0 is a point mass of ρ_t,
            // where the variance floor (1e-10) makes log ρ_t too sharp for finite differences.
            {"iso3_iso3", test::isotropicMixture(3, 14, 0.3), test::isotropicMixture(3, 15)},
        };
    }();
    return all;
}

struct FieldCase {
    test::InterpolantCase interpolant;
    std::size_t sceneIndex = 0;
    const Scene& scene() const { return scenes()[sceneIndex]; }
    std::string name() const { return interpolant.name + "__" + scene().name; }
};

/// Every interpolant with every scene it accepts (one-sided families need a N(0, I) base).
std::vector<FieldCase> fieldCases() {
    std::vector<FieldCase> out;
    for (const auto& ic : test::allInterpolantCases()) {
        for (std::size_t i = 0; i < scenes().size(); ++i) {
            if (ic.oneSided() && !scenes()[i].base.isStandardNormal()) continue;
            out.push_back({ic, i});
        }
    }
    return out;
}

FieldValues evaluate(const core::ExactField& f, double t, const Points& x, unsigned what) {
    FieldValues v;
    const core::Status st = f.evaluate(t, x, what, v);
    EXPECT_TRUE(st.ok()) << st.message();
    return v;
}

/// n points drawn from ρ_t, as x_t = α x0 + β x1 + γ z (cheaper than sampling the pair
/// mixture of f.marginal(t), which has |base|·|target| components).
Points samplesAt(const core::ExactField& f, double t, Eigen::Index n, std::uint64_t seed) {
    core::Rng rng(seed);
    return core::sampleInterpolant(f.base(), f.target(), f.interpolant(), t, n, rng);
}

class ExactFieldEquations : public ::testing::TestWithParam<FieldCase> {
protected:
    /// One thread: these tests make thousands of tiny evaluations, where an OpenMP team only
    /// adds overhead (thread agreement is tested separately).
    core::ExactField field() const {
        return test::exactField(GetParam().scene().base, GetParam().scene().target, GetParam().interpolant.options, 1);
    }
};

TEST_P(ExactFieldEquations, scoreIsTheGradientOfLogDensity) {
    const core::ExactField f = field();
    const int d = f.dim();
    for (const double t : kTimes) {
        const Points x = samplesAt(f, t, kPointsPerTime, 100 + static_cast<int>(t * 100));
        const FieldValues v = evaluate(f, t, x, core::kScore | core::kLogDensity);
        Points grad(x.rows(), d);
        for (int i = 0; i < d; ++i) {
            Points xp = x, xm = x;
            xp.col(i).array() += kSpaceStep;
            xm.col(i).array() -= kSpaceStep;
            grad.col(i) = (evaluate(f, t, xp, core::kLogDensity).logDensity -
                           evaluate(f, t, xm, core::kLogDensity).logDensity) /
                          (2.0 * kSpaceStep);
        }
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            const double err = (grad.row(r) - v.score.row(r)).norm();
            EXPECT_LE(err, kFiniteDifferenceTol * (1.0 + v.score.row(r).norm()))
                << "t = " << t << ", x = " << x.row(r) << ", s = " << v.score.row(r) << ", ∇logp = " << grad.row(r);
        }
    }
}

TEST_P(ExactFieldEquations, divergenceMatchesFiniteDifferencesOfVelocity) {
    const core::ExactField f = field();
    const int d = f.dim();
    for (const double t : kTimes) {
        const Points x = samplesAt(f, t, kPointsPerTime, 200 + static_cast<int>(t * 100));
        const FieldValues v = evaluate(f, t, x, core::kDivergence);
        Vector div = Vector::Zero(x.rows());
        Vector scale = Vector::Ones(x.rows());  // 1 + Σ |∂_i b_i|: the divergence may cancel
        for (int i = 0; i < d; ++i) {
            Points xp = x, xm = x;
            xp.col(i).array() += kSpaceStep;
            xm.col(i).array() -= kSpaceStep;
            const Vector dii = (evaluate(f, t, xp, core::kVelocity).velocity.col(i) -
                                evaluate(f, t, xm, core::kVelocity).velocity.col(i)) /
                               (2.0 * kSpaceStep);
            div += dii;
            scale += dii.cwiseAbs();
        }
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            EXPECT_NEAR(v.divergence[r], div[r], kFiniteDifferenceTol * scale[r])
                << "t = " << t << ", x = " << x.row(r);
        }
    }
}

TEST_P(ExactFieldEquations, transportEquationHoldsPointwise) {
    // ∂_t ρ + ∇·(b ρ) = 0  ⇔  ∂_t log ρ + ∇·b + b·∇log ρ = 0, with ∂_t log ρ by a five-point
    // difference in t and ∇·b, b, s = ∇log ρ from the field.
    const core::ExactField f = field();
    for (const double t : kTimes) {
        const Points x = samplesAt(f, t, kPointsPerTime, 300 + static_cast<int>(t * 100));
        const FieldValues v = evaluate(f, t, x, kAllFields);
        const auto logp = [&](double dt) { return evaluate(f, t + dt, x, core::kLogDensity).logDensity; };
        const Vector dtLogp =
            (8.0 * (logp(kTimeStep) - logp(-kTimeStep)) - (logp(2.0 * kTimeStep) - logp(-2.0 * kTimeStep))) /
            (12.0 * kTimeStep);
        const Vector bDotS = v.velocity.cwiseProduct(v.score).rowwise().sum();
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            const double residual = dtLogp[r] + v.divergence[r] + bDotS[r];
            const double scale = 1.0 + std::abs(dtLogp[r]) + std::abs(v.divergence[r]) + std::abs(bDotS[r]);
            EXPECT_LE(std::abs(residual), kFiniteDifferenceTol * scale)
                << "t = " << t << ", x = " << x.row(r) << ": ∂t log ρ = " << dtLogp[r]
                << ", ∇·b = " << v.divergence[r] << ", b·s = " << bDotS[r];
        }
    }
}

TEST_P(ExactFieldEquations, denoiserIsMinusGammaTimesScore) {
    const core::ExactField f = field();
    for (const double t : kTimes) {
        const Points x = samplesAt(f, t, kPointsPerTime, 400);
        const FieldValues v = evaluate(f, t, x, core::kScore | core::kDenoiser);
        const double gamma = f.interpolant().coeffs(t).gamma;
        const Points expected = -gamma * v.score;
        EXPECT_LE((v.denoiser - expected).cwiseAbs().maxCoeff(),
                  kIdentityTol * (1.0 + expected.cwiseAbs().maxCoeff()))
            << "t = " << t;
    }
}

TEST_P(ExactFieldEquations, logDensityEqualsTheMarginalMixture) {
    // Two independent implementations of log ρ_t: the field's kernel and GaussianMixture.
    const core::ExactField f = field();
    for (const double t : kTimes) {
        const Points x = samplesAt(f, t, kPointsPerTime, 500);
        const Vector logp = evaluate(f, t, x, core::kLogDensity).logDensity;
        const Vector expected = f.marginal(t)->logDensity(x);
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            EXPECT_NEAR(logp[r], expected[r], kIdentityTol * (1.0 + std::abs(expected[r]))) << "t = " << t;
    }
}

INSTANTIATE_TEST_SUITE_P(AllInterpolantsAndScenes, ExactFieldEquations, ::testing::ValuesIn(fieldCases()),
                         [](const auto& info) { return info.param.name(); });

std::vector<FieldCase> standardNormalBaseCases() {
    std::vector<FieldCase> out;
    for (const auto& c : fieldCases())
        if (c.scene().base.isStandardNormal()) out.push_back(c);
    return out;
}

class StandardNormalBaseField : public ExactFieldEquations {};

TEST_P(StandardNormalBaseField, velocityIsAffineInPositionAndScore) {
    // For x0 ~ N(0, I) the noise part w = α x0 + γ z is Gaussian with covariance (α² + γ²) I and
    // independent of x1, so E[w | x] = −(α² + γ²) s, E[x0 | x] = −α s, E[z | x] = −γ s and
    // E[x1 | x] = (x − E[w | x]) / β. Hence (β > 0):
    //   b = (β̇/β) x + [(β̇/β)(α² + γ²) − α α̇ − γ γ̇] s.
    // For VP this is b = ε (x + s) with the diffusion-matched ε (docs/maths.md §6).
    const core::ExactField f = field();
    for (const double t : kTimes) {
        const core::InterpolantCoeffs c = f.interpolant().coeffs(t);
        if (c.beta == 0.0) continue;  // encdec before t = ½ carries no data
        const Points x = samplesAt(f, t, kPointsPerTime, 600);
        const FieldValues v = evaluate(f, t, x, core::kVelocity | core::kScore);
        const double k = c.betaDot / c.beta;
        const double m = k * (c.alpha * c.alpha + c.gamma * c.gamma) - c.alphaAlphaDot - c.gammaGammaDot;
        const Points expected = k * x + m * v.score;
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            EXPECT_LE((v.velocity.row(r) - expected.row(r)).norm(),
                      kIdentityTol * (1.0 + std::abs(k) * x.row(r).norm() + std::abs(m) * v.score.row(r).norm()))
                << "t = " << t << ", x = " << x.row(r);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(AllInterpolantsAndScenes, StandardNormalBaseField,
                         ::testing::ValuesIn(standardNormalBaseCases()),
                         [](const auto& info) { return info.param.name(); });

TEST(ExactFieldMatchedEpsilon, vpVelocityIsEpsilonTimesPositionPlusScore) {
    // The reverse-time SDE of the VP paper: b − ε s = ε x (the OU drift) with ε = ½ β(τ).
    const core::ExactField f = test::exactField("gaussian", "8gaussians",
                                                test::interpolantOptions(core::InterpolantFamily::Vp));
    for (const double t : {0.1, 0.5, 0.95}) {
        const Points x = samplesAt(f, t, 32, 7);
        const FieldValues v = evaluate(f, t, x, core::kVelocity | core::kScore);
        const double eps = *f.interpolant().matchedEpsilon(t);
        const Points expected = eps * (x + v.score);
        EXPECT_LE((v.velocity - expected).cwiseAbs().maxCoeff(), kIdentityTol * (1.0 + expected.cwiseAbs().maxCoeff()));
    }
}

// ---- endpoints, degenerate densities ----

struct EndpointScene {
    std::string name;
    core::GaussianMixture base;
    core::GaussianMixture target;
};

std::vector<EndpointScene> endpointScenes() {
    const auto n2 = core::GaussianMixture::isotropic(2, 1.0);
    const auto data2 = test::pointMasses(test::separatedDataPoints2d());
    core::Rng rng(3);
    const auto data3 = test::pointMasses(3.0 * rng.normal(5, 3));
    return {
        {"gaussian_to_data", n2, data2},
        {"gaussian_to_fullcov", n2, test::fullCovarianceMixture2d()},
        {"data_to_8gaussians", data2, test::preset("8gaussians")},
        {"data_to_data", data2, test::pointMasses(1.5 * test::separatedDataPoints2d())},
        {"gaussian3_to_data3", core::GaussianMixture::isotropic(3, 1.0), data3},
        {"data3_to_mixture3", data3, test::isotropicMixture(3, 4)},
    };
}

TEST(ExactFieldEndpoints, everyFieldIsFiniteAtTimeZeroAndOne_includingPointMassData) {
    for (const auto& tc : test::allInterpolantCases()) {
        for (const auto& sc : endpointScenes()) {
            if (tc.oneSided() && !sc.base.isStandardNormal()) continue;
            const core::ExactField f = test::exactField(sc.base, sc.target, tc.options, 1);
            core::Rng rng(9);
            const int d = f.dim();
            Points x(40 + sc.base.size() + sc.target.size(), d);
            x.topRows(40) = 3.0 * rng.normal(40, d);
            // Exactly on the data points too, where x − m_k = 0.
            for (std::size_t k = 0; k < sc.base.size(); ++k) x.row(40 + k) = sc.base.component(k).mean.transpose();
            for (std::size_t k = 0; k < sc.target.size(); ++k)
                x.row(40 + sc.base.size() + k) = sc.target.component(k).mean.transpose();
            for (const double t : {0.0, 1.0}) {
                const FieldValues v = evaluate(f, t, x, kAllFields);
                EXPECT_TRUE(v.velocity.allFinite()) << tc.name << " " << sc.name << " t=" << t;
                EXPECT_TRUE(v.score.allFinite()) << tc.name << " " << sc.name << " t=" << t;
                EXPECT_TRUE(v.denoiser.allFinite()) << tc.name << " " << sc.name << " t=" << t;
                EXPECT_TRUE(v.logDensity.allFinite()) << tc.name << " " << sc.name << " t=" << t;
                EXPECT_TRUE(v.divergence.allFinite()) << tc.name << " " << sc.name << " t=" << t;
            }
        }
    }
}

TEST(ExactFieldEndpoints, logDensityAtTheEndsEqualsBaseAndTarget) {
    for (const auto& tc : test::allInterpolantCases()) {
        if (tc.oneSided()) continue;  // their t = 0 law is not the base (docs/maths.md §2)
        const auto base = test::preset("25gaussians");
        const auto target = test::fullCovarianceMixture2d();
        const core::ExactField f = test::exactField(base, target, tc.options, 1);
        core::Rng rng(5);
        const Points x = 3.0 * rng.normal(50, 2);
        const Vector at0 = evaluate(f, 0.0, x, core::kLogDensity).logDensity;
        const Vector at1 = evaluate(f, 1.0, x, core::kLogDensity).logDensity;
        const Vector b = base.logDensity(x), q = target.logDensity(x);
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            EXPECT_NEAR(at0[r], b[r], kIdentityTol * (1.0 + std::abs(b[r]))) << tc.name;
            EXPECT_NEAR(at1[r], q[r], kIdentityTol * (1.0 + std::abs(q[r]))) << tc.name;
        }
    }
}

// ---- threads, requests, errors ----

TEST(ExactFieldThreads, oneAndTwoThreadsGiveIdenticalValues) {
    for (const auto& [base, target, dim] : {std::tuple{"gaussian", "moons", 2}, std::tuple{"", "", 5}}) {
        auto opts = test::interpolantOptions(core::InterpolantFamily::Trig, core::GammaKind::Brownian);
        core::ExactField f = dim == 2 ? test::exactField(base, target, opts, 1)
                                      : test::exactField(test::isotropicMixture(5, 1), test::isotropicMixture(5, 2), opts, 1);
        core::Rng rng(17);
        const Points x = 2.0 * rng.normal(3000, dim);  // many chunks of rows
        const FieldValues one = evaluate(f, 0.6, x, kAllFields);
        f.setThreads(2);
        const FieldValues two = evaluate(f, 0.6, x, kAllFields);
        // Rows are split into thread-independent chunks, so the results are bit-identical.
        EXPECT_EQ((one.velocity - two.velocity).cwiseAbs().maxCoeff(), 0.0) << dim;
        EXPECT_EQ((one.score - two.score).cwiseAbs().maxCoeff(), 0.0) << dim;
        EXPECT_EQ((one.denoiser - two.denoiser).cwiseAbs().maxCoeff(), 0.0) << dim;
        EXPECT_EQ((one.logDensity - two.logDensity).cwiseAbs().maxCoeff(), 0.0) << dim;
        EXPECT_EQ((one.divergence - two.divergence).cwiseAbs().maxCoeff(), 0.0) << dim;
    }
}

TEST(ExactFieldRequests, askingForOneFieldGivesTheSameValuesAsAskingForAll) {
    for (const int dim : {2, 3}) {
        const core::ExactField f =
            dim == 2 ? test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear))
                     : test::exactField(core::GaussianMixture::isotropic(3, 1.0), test::isotropicMixture(3, 8),
                                        test::interpolantOptions(core::InterpolantFamily::Linear));
        core::Rng rng(2);
        const Points x = 2.0 * rng.normal(100, dim);
        const FieldValues all = evaluate(f, 0.3, x, kAllFields);
        EXPECT_EQ(evaluate(f, 0.3, x, core::kVelocity).velocity, all.velocity);
        EXPECT_EQ(evaluate(f, 0.3, x, core::kScore).score, all.score);
        EXPECT_EQ(evaluate(f, 0.3, x, core::kDenoiser).denoiser, all.denoiser);
        EXPECT_EQ(evaluate(f, 0.3, x, core::kLogDensity).logDensity, all.logDensity);
        EXPECT_EQ(evaluate(f, 0.3, x, core::kDivergence).divergence, all.divergence);
        const FieldValues none = evaluate(f, 0.3, x, core::kVelocity);
        EXPECT_EQ(none.score.size(), 0);  // only requested members are filled
    }
}

TEST(ExactFieldErrors, badTimeOrShapeIsAnErrorNotACrash) {
    const core::ExactField f = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear));
    FieldValues v;
    const Points x = Points::Zero(3, 2);
    for (const double t : {-0.01, 1.01, std::nan(""), HUGE_VAL}) {
        const core::Status st = f.evaluate(t, x, core::kVelocity, v);
        ASSERT_FALSE(st.ok()) << t;
        EXPECT_NE(st.message().find("t must be in [0, 1]"), std::string::npos) << st.message();
    }
    EXPECT_FALSE(f.evaluate(0.5, Points::Zero(3, 3), core::kVelocity, v).ok());
    EXPECT_TRUE(f.evaluate(0.5, Points::Zero(0, 2), core::kVelocity, v).ok());
    EXPECT_EQ(v.velocity.rows(), 0);
}

TEST(ExactFieldErrors, mismatchedDimensionsOrBaseOrOptionsAreRefusedAtCreation) {
    const auto linear = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    const auto vp = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Vp));
    EXPECT_FALSE(core::ExactField::create(core::GaussianMixture::isotropic(3, 1.0), test::preset("moons"), linear).ok());
    const auto r = core::ExactField::create(test::preset("8gaussians"), test::preset("moons"), vp);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("N(0, I)"), std::string::npos) << r.message();
    core::ExactFieldOptions bad;
    bad.threads = -1;
    EXPECT_FALSE(core::ExactField::create(test::preset("gaussian"), test::preset("moons"), linear, bad).ok());
    bad = {};
    bad.varianceFloor = 0.0;
    EXPECT_FALSE(core::ExactField::create(test::preset("gaussian"), test::preset("moons"), linear, bad).ok());
    EXPECT_FALSE(core::ExactField::create(core::GaussianMixture(), test::preset("moons"), linear).ok());
}

}  // namespace
}  // namespace flowlab
