// Gaussian mixtures and the presets of docs/maths.md §8: definitions, moments, normalisation,
// log-density and validation.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <map>
#include <set>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/presets.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::GaussianComponent;
using core::GaussianMixture;
using core::Matrix;
using core::Points;
using core::Vector;

constexpr double kExact = 1e-12;  ///< for values the definitions fix exactly (up to rounding)

void expectIsotropicComponents(const GaussianMixture& m, double variance) {
    for (const auto& c : m.components()) {
        EXPECT_NEAR((c.cov - variance * Matrix::Identity(2, 2)).cwiseAbs().maxCoeff(), 0.0, kExact);
        EXPECT_NEAR(c.weight, 1.0 / double(m.size()), kExact);
    }
}

TEST(Presets, everyPresetIsATwoDimensionalMixtureWithTheDocumentedComponentCount) {
    const std::map<std::string, std::size_t> counts = {{"gaussian", 1},   {"8gaussians", 8},      {"25gaussians", 25},
                                                       {"moons", 128},    {"checkerboard", 512}, {"spirals", 256},
                                                       {"rings", 192}};
    ASSERT_EQ(core::presetNames().size(), counts.size());
    for (const auto& name : core::presetNames()) {
        const auto m = core::makePreset(name);
        ASSERT_TRUE(m.ok()) << name;
        EXPECT_EQ(m->dim(), 2) << name;
        EXPECT_EQ(m->size(), counts.at(name)) << name;
        EXPECT_FALSE(core::presetDescription(name).empty()) << name;
    }
    const auto bad = core::makePreset("9gaussians");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("9gaussians"), std::string::npos);
    EXPECT_NE(bad.message().find("checkerboard"), std::string::npos);  // lists the known names
}

TEST(Presets, gaussianIsStandardNormal) { EXPECT_TRUE(test::preset("gaussian").isStandardNormal()); }

TEST(Presets, eightGaussiansSitOnRadiusFourAtEqualAngles) {
    const auto m = test::preset("8gaussians");
    expectIsotropicComponents(m, 0.25);
    std::set<long> angles;
    for (const auto& c : m.components()) {
        EXPECT_NEAR(c.mean.norm(), 4.0, kExact);
        const double k = std::atan2(c.mean[1], c.mean[0]) / (2.0 * M_PI / 8.0);
        EXPECT_NEAR(k, std::round(k), 1e-9);  // a multiple of 2π/8
        angles.insert((std::lround(k) + 8) % 8);
    }
    EXPECT_EQ(angles.size(), 8u);
}

TEST(Presets, twentyFiveGaussiansFormTheGrid) {
    const auto m = test::preset("25gaussians");
    expectIsotropicComponents(m, 0.09);
    std::set<std::pair<long, long>> cells;
    for (const auto& c : m.components()) {
        for (int i = 0; i < 2; ++i) {
            EXPECT_NEAR(c.mean[i] / 2.0, std::round(c.mean[i] / 2.0), kExact);
            EXPECT_LE(std::abs(c.mean[i]), 4.0 + kExact);
        }
        cells.insert({std::lround(c.mean[0]), std::lround(c.mean[1])});
    }
    EXPECT_EQ(cells.size(), 25u);
}

TEST(Presets, moonsAreTwoArcsOfTheUnitCircleScaledByTwo) {
    // u(θ) = 2((cos θ, sin θ) − (0.5, 0.25)): m/2 + (0.5, 0.25) is on the unit circle, upper half.
    // l(θ) = 2((1 − cos θ, 0.5 − sin θ) − (0.5, 0.25)): (1, 0.5) − (m/2 + (0.5, 0.25)) likewise.
    const auto m = test::preset("moons");
    expectIsotropicComponents(m, 0.0225);
    const Eigen::Vector2d shift(0.5, 0.25), corner(1.0, 0.5);
    for (std::size_t k = 0; k < 128; ++k) {
        const Eigen::Vector2d p = m.component(k).mean / 2.0 + shift;
        const Eigen::Vector2d q = k < 64 ? p : Eigen::Vector2d(corner - p);
        EXPECT_NEAR(q.norm(), 1.0, kExact) << k;
        EXPECT_GT(q[1], 0.0) << k;  // θ ∈ (0, π)
        const double theta = std::atan2(q[1], q[0]);
        const double n = theta / (M_PI / 64.0) - 0.5;  // θ = π (n + ½) / 64
        EXPECT_NEAR(n, std::round(n), 1e-9) << k;
    }
}

TEST(Presets, checkerboardFillsTheEightDarkCellsWithAnEightByEightGrid) {
    const auto m = test::preset("checkerboard");
    expectIsotropicComponents(m, 0.0225);
    std::map<std::pair<int, int>, int> perCell;
    for (const auto& c : m.components()) {
        const int cx = static_cast<int>(std::floor(c.mean[0] / 2.0)), cy = static_cast<int>(std::floor(c.mean[1] / 2.0));
        EXPECT_EQ(((cx + cy) % 2 + 2) % 2, 0) << "component in a light cell at " << c.mean.transpose();
        EXPECT_TRUE(cx >= -2 && cx <= 1 && cy >= -2 && cy <= 1) << c.mean.transpose();
        for (int i = 0; i < 2; ++i) {
            const double offset = c.mean[i] - 2.0 * std::floor(c.mean[i] / 2.0);  // cell-relative, in (0, 2)
            const double n = (offset - 0.125) / 0.25;                            // 0.125 + 0.25 n
            EXPECT_NEAR(n, std::round(n), kExact);
            EXPECT_TRUE(std::round(n) >= 0 && std::round(n) <= 7);
        }
        ++perCell[{cx, cy}];
    }
    EXPECT_EQ(perCell.size(), 8u);
    for (const auto& [cell, count] : perCell) EXPECT_EQ(count, 64);
}

TEST(Presets, spiralsAreTwoPointSymmetricArmsWithGrowingRadius) {
    const auto m = test::preset("spirals");
    expectIsotropicComponents(m, 0.04);
    for (std::size_t n = 0; n < 128; ++n) {
        const Vector a = m.component(n).mean, b = m.component(128 + n).mean;
        EXPECT_NEAR((a + b).norm(), 0.0, kExact);  // arm 1 is arm 0 turned by π
        const double u = 3.0 * M_PI * (n + 0.5) / 128.0;
        EXPECT_NEAR(a.norm(), 4.0 * u / (3.0 * M_PI) + 0.3, kExact);
        if (n > 0) {
            EXPECT_GT(a.norm(), m.component(n - 1).mean.norm());
        }
    }
}

TEST(Presets, ringsHaveThreeRadiiWithThirtyTwoSixtyFourNinetySixComponents) {
    const auto m = test::preset("rings");
    expectIsotropicComponents(m, 0.0225);
    std::map<long, int> perRadius;
    for (const auto& c : m.components()) {
        const double r = c.mean.norm();
        EXPECT_NEAR(r / 1.5, std::round(r / 1.5), kExact);
        ++perRadius[std::lround(r * 10)];
    }
    EXPECT_EQ(perRadius, (std::map<long, int>{{15, 32}, {30, 64}, {45, 96}}));
}

TEST(Presets, mixtureMomentsFollowFromTheDefinitions) {
    // 8gaussians: mean 0, covariance 0.25 I + E[m mᵀ] = (0.25 + 16/2) I.
    const auto m = test::preset("8gaussians");
    EXPECT_LE(m.mean().norm(), kExact);
    EXPECT_LE((m.covariance() - 8.25 * Matrix::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-12);
    // 25gaussians: per coordinate 0.09 + mean of {16, 4, 0, 4, 16} = 8.09.
    EXPECT_LE((test::preset("25gaussians").covariance() - 8.09 * Matrix::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Presets, sampleMomentsMatchMixtureMeanAndCovariance) {
    constexpr Eigen::Index n = 40000;
    constexpr double kStandardErrors = 5.0;
    for (const auto& name : core::presetNames()) {
        const auto m = test::preset(name);
        core::Rng rng(21);
        const Points x = m.sample(n, rng);
        const Vector mu = m.mean();
        const Matrix cov = m.covariance();
        const Vector sampleMean = x.colwise().mean().transpose();
        const Points centred = x.rowwise() - x.colwise().mean();
        for (int i = 0; i < 2; ++i) {
            EXPECT_NEAR(sampleMean[i], mu[i], kStandardErrors * std::sqrt(cov(i, i) / n)) << name;
            for (int j = 0; j < 2; ++j) {
                // Standard error of a covariance entry from the sample's own fourth moments.
                const Eigen::ArrayXd prod = centred.col(i).array() * centred.col(j).array();
                const double sampleCov = prod.sum() / double(n - 1);
                const double se = std::sqrt((prod - prod.mean()).square().mean() / n);
                EXPECT_NEAR(sampleCov, cov(i, j), kStandardErrors * se) << name << " (" << i << "," << j << ")";
            }
        }
    }
}

TEST(Presets, logDensityIntegratesToOneOnAGrid) {
    // Midpoint rule with spacing h = 0.1 over [−7, 7]²: for Gaussians of standard deviation
    // σ ≥ 0.15 = 1.5h the aliasing error is ~exp(−2π²σ²/h²) < 1e-19, and the mass outside the
    // square is below 1e-9 (the widest case: the test mixture's variance-1.2 direction, 5.9σ).
    constexpr double kIntegralTol = 1e-8;
    constexpr double h = 0.1, L = 7.0;
    const int k = static_cast<int>(std::lround(2.0 * L / h));
    Points grid(k * k, 2);
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) grid.row(i * k + j) << -L + (i + 0.5) * h, -L + (j + 0.5) * h;
    std::vector<GaussianMixture> mixtures;
    for (const auto& name : core::presetNames()) mixtures.push_back(test::preset(name));
    // Full covariance without the singular component (which has no density).
    auto full = test::fullCovarianceMixture2d().components();
    full[2].cov << 0.25, 0.2, 0.2, 0.25;
    mixtures.push_back(*GaussianMixture::create(2, full));
    for (const auto& m : mixtures) {
        const double integral = m.logDensity(grid).array().exp().sum() * h * h;
        EXPECT_NEAR(integral, 1.0, kIntegralTol) << m.size() << " components";
    }
}

TEST(GaussianMixtureDensity, logDensityMatchesTheDirectFormula) {
    // log Σ w_k N(x; m_k, C_k) computed here with a Cholesky factor, term by term.
    auto comps = test::fullCovarianceMixture2d().components();
    comps[2].cov << 0.25, 0.2, 0.2, 0.25;
    const auto m = *GaussianMixture::create(2, comps);
    core::Rng rng(22);
    const Points x = 2.0 * rng.normal(50, 2);
    const Vector got = m.logDensity(x);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        double sum = 0.0;
        for (const auto& c : m.components()) {
            const Eigen::LLT<Matrix> llt(c.cov);
            const Vector z = llt.matrixL().solve(Vector(x.row(r).transpose() - c.mean));
            const double logDet = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
            sum += c.weight * std::exp(-0.5 * z.squaredNorm() - 0.5 * logDet - std::log(2.0 * M_PI));
        }
        EXPECT_NEAR(got[r], std::log(sum), 1e-12 * (1.0 + std::abs(std::log(sum))));
    }
}

TEST(GaussianMixtureDensity, isotropicMixturesInOtherDimensionsIntegrateToOne) {
    // d = 1 on a fine grid; the point-mass component carries no density, so its weight is missing.
    const auto m = test::isotropicMixture(1, 5);
    constexpr double h = 0.01;
    Points grid(2000, 1);
    for (int i = 0; i < 2000; ++i) grid(i, 0) = -10.0 + (i + 0.5) * h;
    double pointMassWeight = 0.0;
    for (const auto& c : m.components())
        if (c.cov(0, 0) == 0.0) pointMassWeight += c.weight;
    EXPECT_NEAR(m.logDensity(grid).array().exp().sum() * h, 1.0 - pointMassWeight, 1e-8);
}

TEST(GaussianMixtureDensity, pointMassOnlyMixtureHasNoDensity) {
    const auto data = test::pointMasses(test::separatedDataPoints2d());
    const Vector l = data.logDensity(test::separatedDataPoints2d());
    for (Eigen::Index i = 0; i < l.size(); ++i) EXPECT_EQ(l[i], -HUGE_VAL);
    // Wrong dimension: −inf as documented, never a crash.
    EXPECT_EQ(test::preset("moons").logDensity(Points::Zero(2, 3))[0], -HUGE_VAL);
}

TEST(GaussianMixtureSampling, sameSeedSameSamplesAndPointMassesAreExact) {
    const auto m = test::preset("spirals");
    core::Rng a(5), b(5), c(6);
    const Points x = m.sample(100, a);
    EXPECT_EQ(x, m.sample(100, b));
    EXPECT_NE(x, m.sample(100, c));
    const auto data = test::pointMasses(test::separatedDataPoints2d());
    const Points d = data.sample(200, a);
    for (Eigen::Index r = 0; r < d.rows(); ++r)
        EXPECT_EQ((test::separatedDataPoints2d().rowwise() - d.row(r)).rowwise().norm().minCoeff(), 0.0);
}

// ---- validation ----

GaussianComponent component(std::vector<double> mean, Matrix cov, double weight = 1.0) {
    GaussianComponent c;
    c.weight = weight;
    c.mean = Vector::Map(mean.data(), static_cast<Eigen::Index>(mean.size()));
    c.cov = std::move(cov);
    return c;
}

void expectRefused(int dim, std::vector<GaussianComponent> comps, const std::string& expect) {
    const auto m = GaussianMixture::create(dim, std::move(comps));
    ASSERT_FALSE(m.ok()) << expect;
    EXPECT_NE(m.message().find(expect), std::string::npos) << m.message();
}

TEST(GaussianMixtureCreate, invalidComponentsAreRefusedWithAMessage) {
    const Matrix I2 = Matrix::Identity(2, 2);
    Matrix nonPsd(2, 2);
    nonPsd << 1.0, 2.0, 2.0, 1.0;
    Matrix asym(2, 2);
    asym << 1.0, 0.5, 0.0, 1.0;
    Matrix aniso3 = Matrix::Identity(3, 3);
    aniso3(2, 2) = 2.0;
    expectRefused(2, {component({0, 0}, I2, -1.0)}, "weight");
    expectRefused(2, {component({0, 0}, I2, std::nan(""))}, "weight");
    expectRefused(2, {component({0, 0}, I2, 0.0)}, "positive");
    expectRefused(2, {component({0, 0, 0}, I2)}, "mean has 3 entries");
    expectRefused(2, {component({0, std::nan("")}, I2)}, "not finite");
    expectRefused(2, {component({0, 0}, Matrix::Identity(3, 3))}, "2×2");
    expectRefused(2, {component({0, 0}, nonPsd)}, "positive semi-definite");
    expectRefused(2, {component({0, 0}, asym)}, "symmetric");
    expectRefused(3, {component({0, 0, 0}, aniso3)}, "isotropic");
    expectRefused(3, {component({0, 0, 0}, -Matrix::Identity(3, 3))}, "≥ 0");
    expectRefused(0, {component({}, Matrix())}, "dimension");
    expectRefused(2, {}, "at least one component");
    // A hostile size is refused before any per-component work.
    std::vector<GaussianComponent> many(GaussianMixture::kMaxComponents + 1, component({0, 0}, I2));
    expectRefused(2, std::move(many), "too many");
}

TEST(GaussianMixtureCreate, weightsAreNormalisedAndAMissingCovarianceIsAPointMass) {
    GaussianComponent pointMass;
    pointMass.weight = 3.0;
    pointMass.mean = Vector::Zero(2);
    const auto m = GaussianMixture::create(2, {component({1, 1}, Matrix::Identity(2, 2), 1.0), pointMass});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_DOUBLE_EQ(m->component(0).weight, 0.25);
    EXPECT_DOUBLE_EQ(m->component(1).weight, 0.75);
    EXPECT_EQ(m->component(1).cov, Matrix::Zero(2, 2));
}

}  // namespace
}  // namespace flowlab
