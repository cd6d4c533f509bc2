// Interpolants (docs/maths.md §2): analytic derivatives against finite differences, exact endpoint
// values, the diffusion-matched ε(t), option validation and name parsing.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::GammaKind;
using core::InterpolantCoeffs;
using core::InterpolantFamily;

/// Central-difference step in t. Truncation error is h²/6·|f'''| (≲ 1e-7 for the largest third
/// derivatives here, VP near t = 0.95), round-off about 1e-16·|f|/h ≈ 1e-11.
constexpr double kTimeStep = 1e-5;
/// Allowed |analytic − finite difference| relative to max(1, |analytic|).
constexpr double kDerivativeTol = 1e-6;

double centralDifference(const std::function<double(double)>& f, double t) {
    return (f(t + kTimeStep) - f(t - kTimeStep)) / (2.0 * kTimeStep);
}

void expectDerivative(double analytic, double numeric, const std::string& what, double t) {
    EXPECT_NEAR(analytic, numeric, kDerivativeTol * std::max(1.0, std::abs(analytic)))
        << what << " at t = " << t;
}

class InterpolantDerivatives : public ::testing::TestWithParam<test::InterpolantCase> {};

TEST_P(InterpolantDerivatives, analyticDerivatives_matchCentralDifferences) {
    const core::Interpolant I = test::interpolant(GetParam().options);
    const auto alpha = [&](double t) { return I.coeffs(t).alpha; };
    const auto beta = [&](double t) { return I.coeffs(t).beta; };
    const auto gamma = [&](double t) { return I.coeffs(t).gamma; };
    for (int i = 1; i <= 19; ++i) {
        const double t = 0.05 * i;
        // encdec switches α/β at t = ½, where the second derivative jumps.
        if (I.family() == InterpolantFamily::EncDec && i == 10) continue;
        const InterpolantCoeffs c = I.coeffs(t);
        expectDerivative(c.alphaDot, centralDifference(alpha, t), "α̇", t);
        expectDerivative(c.betaDot, centralDifference(beta, t), "β̇", t);
        expectDerivative(c.gammaDot, centralDifference(gamma, t), "γ̇", t);
        EXPECT_NEAR(c.alphaAlphaDot, c.alpha * c.alphaDot, 1e-12 * std::max(1.0, std::abs(c.alphaAlphaDot)));
        EXPECT_NEAR(c.gammaGammaDot, c.gamma * c.gammaDot, 1e-12 * std::max(1.0, std::abs(c.gammaGammaDot)));
    }
}

TEST_P(InterpolantDerivatives, productsAlphaAlphaDotAndGammaGammaDot_matchDifferencesOfHalfSquares_nearTheEnds) {
    // αα̇ = d(α²/2)/dt and γγ̇ = d(γ²/2)/dt stay finite where α̇ or γ̇ alone blow up (VP at
    // t = 1, Brownian γ at both ends), which is why the field uses the products.
    const core::Interpolant I = test::interpolant(GetParam().options);
    const auto halfAlphaSq = [&](double t) { return 0.5 * std::pow(I.coeffs(t).alpha, 2); };
    const auto halfGammaSq = [&](double t) { return 0.5 * std::pow(I.coeffs(t).gamma, 2); };
    for (const double t : {1e-3, 0.02, 0.5 - 1e-3, 0.5 + 1e-3, 0.98, 1.0 - 1e-3}) {
        const InterpolantCoeffs c = I.coeffs(t);
        ASSERT_TRUE(std::isfinite(c.alphaAlphaDot) && std::isfinite(c.gammaGammaDot)) << "t = " << t;
        expectDerivative(c.alphaAlphaDot, centralDifference(halfAlphaSq, t), "αα̇", t);
        expectDerivative(c.gammaGammaDot, centralDifference(halfGammaSq, t), "γγ̇", t);
    }
}

TEST_P(InterpolantDerivatives, productsAtTheEndpoints_areFiniteOneSidedLimits) {
    const core::Interpolant I = test::interpolant(GetParam().options);
    // One-sided differences of α²/2, γ²/2: error ½ h |f''| with h = 1e-6. |f''| ≤ 2 ln(σ_max/σ_min)
    // |f'| ≈ 14 |f'| for VE and ≤ ~100 elsewhere, so 1e-4 relative to max(1, |f'|) is a wide bound.
    constexpr double h = 1e-6, kOneSidedTol = 1e-4;
    const auto half = [](double v) { return 0.5 * v * v; };
    const InterpolantCoeffs c0 = I.coeffs(0.0), c1 = I.coeffs(1.0);
    const InterpolantCoeffs c0h = I.coeffs(h), c1h = I.coeffs(1.0 - h);
    for (const auto& c : {c0, c1}) {
        EXPECT_TRUE(std::isfinite(c.alpha) && std::isfinite(c.beta) && std::isfinite(c.gamma));
        EXPECT_TRUE(std::isfinite(c.alphaAlphaDot) && std::isfinite(c.gammaGammaDot) && std::isfinite(c.betaDot));
    }
    const auto tol = [](double v) { return kOneSidedTol * std::max(1.0, std::abs(v)); };
    EXPECT_NEAR(c0.alphaAlphaDot, (half(c0h.alpha) - half(c0.alpha)) / h, tol(c0.alphaAlphaDot));
    EXPECT_NEAR(c1.alphaAlphaDot, (half(c1.alpha) - half(c1h.alpha)) / h, tol(c1.alphaAlphaDot));
    EXPECT_NEAR(c0.gammaGammaDot, (half(c0h.gamma) - half(c0.gamma)) / h, tol(c0.gammaGammaDot));
    EXPECT_NEAR(c1.gammaGammaDot, (half(c1.gamma) - half(c1h.gamma)) / h, tol(c1.gammaGammaDot));
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, InterpolantDerivatives, ::testing::ValuesIn(test::allInterpolantCases()),
                         [](const auto& info) { return info.param.name; });

TEST(InterpolantEndpoints, twoSidedFamilies_areExactlyBaseAtZeroAndTargetAtOne) {
    // Exact zeros matter: a coefficient of 1e-16 instead of 0 at t = 1 makes S_k tiny but
    // non-zero for point-mass data, so the exact field's variance floor is bypassed and b
    // becomes ~1e16 (a sampler that evaluates at t = 1 then explodes).
    for (const auto& tc : test::allInterpolantCases()) {
        const core::Interpolant I = test::interpolant(tc.options);
        if (I.isOneSided()) continue;
        const InterpolantCoeffs c0 = I.coeffs(0.0), c1 = I.coeffs(1.0);
        EXPECT_EQ(c0.alpha, 1.0) << tc.name;
        EXPECT_EQ(c0.beta, 0.0) << tc.name;
        EXPECT_EQ(c0.gamma, 0.0) << tc.name;
        EXPECT_EQ(c1.alpha, 0.0) << tc.name;
        EXPECT_EQ(c1.beta, 1.0) << tc.name;
        EXPECT_EQ(c1.gamma, 0.0) << tc.name;
    }
}

TEST(InterpolantEndpoints, encoderDecoder_passesThroughPureNoiseAtOneHalf) {
    const core::Interpolant I = test::interpolant(test::interpolantOptions(InterpolantFamily::EncDec));
    const InterpolantCoeffs c = I.coeffs(0.5);
    EXPECT_EQ(c.alpha, 0.0);
    EXPECT_EQ(c.beta, 0.0);
    EXPECT_DOUBLE_EQ(c.gamma, 1.0);
    EXPECT_TRUE(I.hasLatentNoise());
}

TEST(InterpolantEndpoints, oneSidedFamilies_reachTheDataAtOne) {
    core::InterpolantOptions o;
    for (const auto family : {InterpolantFamily::FmOt, InterpolantFamily::Vp, InterpolantFamily::SubVp,
                              InterpolantFamily::Ve}) {
        o.family = family;
        const core::Interpolant I = test::interpolant(o);
        EXPECT_TRUE(I.isOneSided());
        EXPECT_FALSE(I.hasLatentNoise());
        const InterpolantCoeffs c1 = I.coeffs(1.0);
        EXPECT_EQ(c1.beta, 1.0) << core::toString(family);
        EXPECT_EQ(c1.gamma, 0.0) << core::toString(family);
        for (const double t : {0.0, 0.3, 1.0}) EXPECT_EQ(I.coeffs(t).gamma, 0.0);
    }
    o.family = InterpolantFamily::FmOt;
    EXPECT_DOUBLE_EQ(test::interpolant(o).coeffs(1.0).alpha, o.sigmaMin);
    EXPECT_EQ(test::interpolant(o).coeffs(0.0).alpha, 1.0);
    o.family = InterpolantFamily::Ve;
    EXPECT_DOUBLE_EQ(test::interpolant(o).coeffs(1.0).alpha, o.veSigmaMin);
    EXPECT_DOUBLE_EQ(test::interpolant(o).coeffs(0.0).alpha, o.veSigmaMax);
    for (const auto family : {InterpolantFamily::Vp, InterpolantFamily::SubVp}) {
        o.family = family;
        EXPECT_EQ(test::interpolant(o).coeffs(1.0).alpha, 0.0);
        // B(1) = β_min + ½(β_max − β_min): β(0) = e^{−B(1)/2}.
        const double b1 = o.vpBetaMin + 0.5 * (o.vpBetaMax - o.vpBetaMin);
        EXPECT_NEAR(test::interpolant(o).coeffs(0.0).beta, std::exp(-0.5 * b1), 1e-15);
    }
}

TEST(InterpolantMatchedEpsilon, equalsTheSdeNoiseThatReproducesTheConditionalVariance) {
    // The forward noising SDE in τ = 1 − t has mean factor β and conditional variance α²
    // (times I). Its g² must satisfy dVar/dτ = 2 (d log β/dτ) Var + g², i.e. in t:
    // ε = ½ g² = (β̇/β) α² − α α̇. This holds for vp, subvp and ve with the schedules of docs/maths.md.
    constexpr double kTol = 1e-12;
    for (const auto family : {InterpolantFamily::Vp, InterpolantFamily::SubVp, InterpolantFamily::Ve}) {
        const core::Interpolant I = test::interpolant(test::interpolantOptions(family));
        ASSERT_TRUE(I.hasMatchedEpsilon());
        for (const double t : {0.0, 0.1, 0.37, 0.5, 0.8, 0.99}) {
            const auto eps = I.matchedEpsilon(t);
            ASSERT_TRUE(eps.ok());
            const InterpolantCoeffs c = I.coeffs(t);
            const double expected = c.betaDot / c.beta * c.alpha * c.alpha - c.alphaAlphaDot;
            EXPECT_NEAR(*eps, expected, kTol * std::max(1.0, expected)) << core::toString(family) << " t=" << t;
            EXPECT_GT(*eps, 0.0);
        }
    }
    // VP: ε(t) = ½ (β_min + τ (β_max − β_min)).
    const core::Interpolant vp = test::interpolant(test::interpolantOptions(InterpolantFamily::Vp));
    EXPECT_NEAR(*vp.matchedEpsilon(1.0), 0.05, kTol);
    EXPECT_NEAR(*vp.matchedEpsilon(0.0), 10.0, kTol);
}

TEST(InterpolantMatchedEpsilon, twoSidedFamilies_refuseTheMatchedSchedule) {
    const core::Interpolant I = test::interpolant(test::interpolantOptions(InterpolantFamily::Linear));
    EXPECT_FALSE(I.hasMatchedEpsilon());
    const auto eps = I.matchedEpsilon(0.5);
    ASSERT_FALSE(eps.ok());
    EXPECT_NE(eps.message().find("vp"), std::string::npos) << eps.message();
    core::EpsilonSchedule schedule;
    schedule.kind = core::EpsilonKind::Matched;
    EXPECT_FALSE(schedule.validate(I).empty());
}

TEST(InterpolantOptions, defaults_areValid) {
    EXPECT_EQ(core::InterpolantOptions{}.validate(), "");
    for (const auto& tc : test::allInterpolantCases()) EXPECT_EQ(tc.options.validate(), "") << tc.name;
}

TEST(InterpolantOptions, oneSidedFamilyWithNonStandardBase_isRefusedWithAClearMessage) {
    const core::GaussianMixture eight = test::preset("8gaussians");
    const core::GaussianMixture wide = core::GaussianMixture::isotropic(2, 2.0);
    const core::GaussianMixture shifted = core::GaussianMixture::isotropic(2, 1.0, 0.5);
    const core::GaussianMixture standard = core::GaussianMixture::isotropic(2, 1.0);
    const core::GaussianMixture standard5 = core::GaussianMixture::isotropic(5, 1.0);
    for (const auto family : {InterpolantFamily::FmOt, InterpolantFamily::Vp, InterpolantFamily::SubVp,
                              InterpolantFamily::Ve}) {
        const auto o = test::interpolantOptions(family);
        for (const auto* base : {&eight, &wide, &shifted}) {
            const auto r = core::Interpolant::create(o, *base);
            ASSERT_FALSE(r.ok()) << core::toString(family);
            EXPECT_NE(r.message().find(core::toString(family)), std::string::npos) << r.message();
            EXPECT_NE(r.message().find("N(0, I)"), std::string::npos) << r.message();
        }
        EXPECT_TRUE(core::Interpolant::create(o, standard).ok());
        EXPECT_TRUE(core::Interpolant::create(o, standard5).ok());
    }
    // Two-sided families accept any base.
    for (const auto family : {InterpolantFamily::Linear, InterpolantFamily::Trig, InterpolantFamily::EncDec})
        EXPECT_TRUE(core::Interpolant::create(test::interpolantOptions(family), eight).ok());
}

TEST(InterpolantOptions, gammaOnAFamilyThatFixesItsOwn_isRefused) {
    for (const auto family : {InterpolantFamily::EncDec, InterpolantFamily::FmOt, InterpolantFamily::Vp,
                              InterpolantFamily::SubVp, InterpolantFamily::Ve}) {
        for (const auto gamma : {GammaKind::Brownian, GammaKind::ABrownian, GammaKind::BSquared,
                                 GammaKind::SineSquared}) {
            const auto r = core::Interpolant::create(test::interpolantOptions(family, gamma));
            ASSERT_FALSE(r.ok()) << core::toString(family) << "/" << core::toString(gamma);
            EXPECT_NE(r.message().find(core::toString(gamma)), std::string::npos) << r.message();
        }
    }
}

TEST(InterpolantOptions, nonPositiveOrNonFiniteBrownianScale_isRefused) {
    auto o = test::interpolantOptions(InterpolantFamily::Linear, GammaKind::ABrownian);
    for (const double a : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
        o.gammaA = a;
        const auto r = core::Interpolant::create(o);
        ASSERT_FALSE(r.ok()) << a;
        EXPECT_NE(r.message().find("a > 0"), std::string::npos) << r.message();
    }
    o.gammaA = 0.5;
    EXPECT_TRUE(core::Interpolant::create(o).ok());
}

TEST(InterpolantOptions, outOfRangeScheduleParameters_areRefused) {
    core::InterpolantOptions o;
    o.sigmaMin = 1.0;
    EXPECT_FALSE(core::Interpolant::create(o).ok());
    o = {};
    o.sigmaMin = -0.1;
    EXPECT_FALSE(core::Interpolant::create(o).ok());
    o = {};
    o.vpBetaMax = 0.05;  // below β_min
    EXPECT_FALSE(core::Interpolant::create(o).ok());
    o = {};
    o.veSigmaMin = 0.0;
    EXPECT_FALSE(core::Interpolant::create(o).ok());
    o = {};
    o.veSigmaMax = o.veSigmaMin;
    EXPECT_FALSE(core::Interpolant::create(o).ok());
}

TEST(InterpolantNames, everyNameParsesBackAndUnknownNamesListTheKnownOnes) {
    for (const auto& name : core::interpolantFamilyNames()) {
        const auto f = core::parseInterpolantFamily(name);
        ASSERT_TRUE(f.ok());
        EXPECT_EQ(core::toString(*f), name);
    }
    for (const auto& name : core::gammaKindNames()) {
        const auto g = core::parseGammaKind(name);
        ASSERT_TRUE(g.ok());
        EXPECT_EQ(core::toString(*g), name);
    }
    const auto bad = core::parseInterpolantFamily("rectified");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("rectified"), std::string::npos);
    EXPECT_NE(bad.message().find("fm-ot"), std::string::npos);
    EXPECT_FALSE(core::parseGammaKind("").ok());
}

}  // namespace
}  // namespace flowlab
