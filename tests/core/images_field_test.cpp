// The exact field of a finite image set (core/field/empirical_field): equal to the mixture
// fields of docs/maths.md §4 with point-mass targets and to a brute-force sum, for every
// interpolant; class restriction; its ODE samples land on training images.
#include <gtest/gtest.h>

#include <cmath>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/empirical_field.hpp"
#include "field/exact_field.hpp"
#include "images/image_data.hpp"
#include "images/pixel_scale.hpp"
#include "sampler/sampler.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::FieldValues;
using core::Points;

constexpr unsigned kAllFields =
    core::kVelocity | core::kScore | core::kDenoiser | core::kLogDensity | core::kDivergence;
/// Double-precision kernel against the mixture kernel: both are exact, they differ by rounding.
constexpr double kDoubleTol = 1e-7;
/// The single-precision dot products, relative to the size of the field.
constexpr double kFloatTol = 2e-3;

core::ImageSplits shapes(int side, int train, int test = 10) {
    core::ImageDataOptions o;
    o.spec = "shapes";
    o.size = side;
    o.maxTrain = train;
    o.maxTest = test;
    auto r = core::loadImageData(o);
    EXPECT_TRUE(r.ok()) << r.message();
    return std::move(r).value();
}

Points imagesAsPoints(const core::ImageDataset& d) {
    Points p(static_cast<Eigen::Index>(d.size()), d.dim());
    for (std::size_t i = 0; i < d.size(); ++i)
        for (int j = 0; j < d.dim(); ++j) p(Eigen::Index(i), j) = d.image(i)[j];
    return p;
}

/// Points around the data at time t: x_t of random training images.
Points pointsAt(const core::ImageDataset& d, const core::Interpolant& in, double t, int n, std::uint64_t seed) {
    core::Rng rng(seed);
    const auto c = in.coeffs(t);
    const Points y = imagesAsPoints(d);
    Points x(n, d.dim());
    for (int i = 0; i < n; ++i) x.row(i) = c.beta * y.row(Eigen::Index(rng.index(d.size())));
    x += std::sqrt(c.alpha * c.alpha + c.gamma * c.gamma) * rng.normal(n, d.dim());
    return x;
}

double relErr(const Points& a, const Points& b) { return (a - b).norm() / (1.0 + b.norm()); }
double relErr(const core::Vector& a, const core::Vector& b) { return (a - b).norm() / (1.0 + b.norm()); }

/// ŷ and log ρ_t by the definition, one image at a time in long double.
void bruteForce(const Points& y, const core::InterpolantCoeffs& c, const Points& x, Points& yHat, core::Vector& logRho) {
    const double var = c.alpha * c.alpha + c.gamma * c.gamma;
    const auto d = y.cols();
    yHat.setZero(x.rows(), d);
    logRho.resize(x.rows());
    for (Eigen::Index p = 0; p < x.rows(); ++p) {
        std::vector<long double> logit(static_cast<std::size_t>(y.rows()));
        long double top = -1e300L;
        for (Eigen::Index i = 0; i < y.rows(); ++i) {
            long double d2 = 0;
            for (Eigen::Index j = 0; j < d; ++j) {
                const long double e = x(p, j) - c.beta * y(i, j);
                d2 += e * e;
            }
            logit[std::size_t(i)] = -d2 / (2 * var);
            top = std::max(top, logit[std::size_t(i)]);
        }
        long double sum = 0;
        for (Eigen::Index i = 0; i < y.rows(); ++i) {
            const long double w = std::exp(logit[std::size_t(i)] - top);
            sum += w;
            for (Eigen::Index j = 0; j < d; ++j) yHat(p, j) += double(w * y(i, j));
        }
        yHat.row(p) /= double(sum);
        logRho[p] = double(top + std::log(sum) - std::log((long double)y.rows()) -
                           0.5L * d * std::log(2 * 3.14159265358979323846L * var));
    }
}

struct Case {
    std::string name;
    core::InterpolantOptions options;
};

std::vector<Case> cases() {
    std::vector<Case> c;
    for (const auto& k : test::allInterpolantCases()) c.push_back({k.name, k.options});
    return c;
}

TEST(EmpiricalField, equalsMixtureFieldAndBruteForce_everyInterpolant) {
    const auto data = shapes(6, 30);
    const Points y = imagesAsPoints(data.train);
    const int d = data.train.dim();
    for (const auto& k : cases()) {
        if (k.options.family == core::InterpolantFamily::EncDec) continue;  // exercised below
        const auto in = test::interpolant(k.options);
        core::EmpiricalFieldOptions eo;
        eo.singlePrecision = false;
        auto field = core::EmpiricalField::create(data.train, in, eo);
        ASSERT_TRUE(field.ok()) << field.message();
        auto mixture = core::ExactField::create(core::GaussianMixture::isotropic(d), test::pointMasses(y), in);
        ASSERT_TRUE(mixture.ok()) << mixture.message();
        for (double t : {0.05, 0.4, 0.8, 0.97}) {
            SCOPED_TRACE(k.name + " t=" + std::to_string(t));
            const Points x = pointsAt(data.train, in, t, 12, 7);
            FieldValues a, b;
            ASSERT_TRUE(field->evaluate(t, x, kAllFields, a).ok());
            ASSERT_TRUE(mixture->evaluate(t, x, kAllFields, b).ok());
            EXPECT_LT(relErr(a.velocity, b.velocity), kDoubleTol);
            EXPECT_LT(relErr(a.score, b.score), kDoubleTol);
            EXPECT_LT(relErr(a.denoiser, b.denoiser), kDoubleTol);
            EXPECT_LT(relErr(a.logDensity, b.logDensity), kDoubleTol);
            EXPECT_LT(relErr(a.divergence, b.divergence), kDoubleTol);
            Points yHat;
            core::Vector logRho;
            const auto c = in.coeffs(t);
            bruteForce(y, c, x, yHat, logRho);
            const double var = c.alpha * c.alpha + c.gamma * c.gamma;
            EXPECT_LT(relErr(a.score, -(x - c.beta * yHat) / var), kDoubleTol);
            EXPECT_LT(relErr(a.logDensity, logRho), kDoubleTol);
        }
    }
}

TEST(EmpiricalField, singlePrecisionDotProducts_stayCloseToDouble) {
    const auto data = shapes(8, 200);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    core::EmpiricalFieldOptions eo;
    auto f32 = core::EmpiricalField::create(data.train, in, eo);
    eo.singlePrecision = false;
    auto f64 = core::EmpiricalField::create(data.train, in, eo);
    ASSERT_TRUE(f32.ok() && f64.ok());
    for (double t : {0.02, 0.5, 0.9, 0.999}) {
        SCOPED_TRACE(t);
        const Points x = pointsAt(data.train, in, t, 16, 3);
        FieldValues a, b;
        ASSERT_TRUE(f32->evaluate(t, x, kAllFields, a).ok());
        ASSERT_TRUE(f64->evaluate(t, x, kAllFields, b).ok());
        EXPECT_LT(relErr(a.velocity, b.velocity), kFloatTol);
        EXPECT_LT(relErr(a.logDensity, b.logDensity), kFloatTol);
    }
}

TEST(EmpiricalField, classRestriction_equalsTheFieldOfThatClassAlone) {
    const auto data = shapes(6, 40);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear, core::GammaKind::Brownian));
    core::EmpiricalFieldOptions eo;
    eo.classLabel = 2;
    auto restricted = core::EmpiricalField::create(data.train, in, eo);
    ASSERT_TRUE(restricted.ok()) << restricted.message();
    core::ImageDataset ring = data.train;
    ring.pixels.clear();
    ring.labels.clear();
    for (std::size_t i = 0; i < data.train.size(); ++i)
        if (data.train.labels[i] == 2) {
            ring.pixels.insert(ring.pixels.end(), data.train.image(i), data.train.image(i) + data.train.dim());
            ring.labels.push_back(2);
        }
    auto alone = core::EmpiricalField::create(ring, in);
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ(restricted->imageCount(), 10u);
    const Points x = pointsAt(data.train, in, 0.6, 8, 1);
    FieldValues a, b, all;
    ASSERT_TRUE(restricted->evaluate(0.6, x, kAllFields, a).ok());
    ASSERT_TRUE(alone->evaluate(0.6, x, kAllFields, b).ok());
    EXPECT_EQ(a.velocity, b.velocity);
    EXPECT_EQ(a.logDensity, b.logDensity);
    auto unrestricted = core::EmpiricalField::create(data.train, in);
    ASSERT_TRUE(unrestricted->evaluate(0.6, x, core::kVelocity, all).ok());
    EXPECT_GT(relErr(all.velocity, a.velocity), 1e-3);

    eo.classLabel = 4;
    auto missing = core::EmpiricalField::create(data.train, in, eo);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.message().find("class 4 does not exist"), std::string::npos) << missing.message();
}

TEST(EmpiricalField, odeSamples_landOnTrainingImages) {
    const auto data = shapes(8, 60);
    const Points y = imagesAsPoints(data.train);
    // Euler never evaluates at t = 1, where the field is 0/0 (empirical_field.hpp): its samples
    // round to the image's 8-bit levels. RK4's last stage there costs O(h |x0|) per pixel.
    const std::pair<core::SolverKind, double> solvers[] = {{core::SolverKind::Euler, 0.5 * core::kPixelBinWidth},
                                                          {core::SolverKind::Rk4, 2.0 * core::kPixelBinWidth}};
    for (auto family : {core::InterpolantFamily::Linear, core::InterpolantFamily::Trig})
    for (const auto& [solver, tolerance] : solvers) {
        SCOPED_TRACE(core::toString(solver));
        const auto in = test::interpolant(test::interpolantOptions(family));
        auto field = core::EmpiricalField::create(data.train, in);
        ASSERT_TRUE(field.ok());
        core::Rng rng(5);
        core::SamplerOptions o;
        o.solver = solver;
        o.steps = 100;
        auto r = core::sample(*field, in, rng.normal(24, data.train.dim()), o, rng);
        ASSERT_TRUE(r.ok()) << r.message();
        for (Eigen::Index p = 0; p < r->end.rows(); ++p) {
            Eigen::Index i = 0;
            (y.rowwise() - r->end.row(p)).rowwise().norm().minCoeff(&i);
            const double worst = (y.row(i) - r->end.row(p)).cwiseAbs().maxCoeff();
            EXPECT_LT(worst, tolerance) << "sample " << p << " is off image " << i << " by " << worst;
        }
    }
}

TEST(EmpiricalField, badInput_refused) {
    const auto data = shapes(6, 8);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    core::ImageDataset empty;
    EXPECT_FALSE(core::EmpiricalField::create(empty, in).ok());
    core::EmpiricalFieldOptions eo;
    eo.maxImages = 4;
    auto tooMany = core::EmpiricalField::create(data.train, in, eo);
    ASSERT_FALSE(tooMany.ok());
    EXPECT_NE(tooMany.message().find("at most 4"), std::string::npos);
    auto f = core::EmpiricalField::create(data.train, in);
    FieldValues v;
    EXPECT_FALSE(f->evaluate(0.5, Points::Zero(2, 5), core::kVelocity, v).ok());
    EXPECT_FALSE(f->evaluate(1.5, Points::Zero(2, 36), core::kVelocity, v).ok());
}

}  // namespace
}  // namespace flowlab
