// The "take it apart" tools of the image mode: principal components of image data
// (core/images/pca), the field's estimates of a sample's parts (core/field/clean_estimate), the
// inspection of one sample and its filmstrip (core/metrics/sample_inspection).
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cmath>

#include "common/rng.hpp"
#include "field/clean_estimate.hpp"
#include "field/empirical_field.hpp"
#include "images/memorisation.hpp"
#include "images/pca.hpp"
#include "images/pixel_scale.hpp"
#include "metrics/sample_inspection.hpp"
#include "sampler/image_sampling.hpp"
#include "sampler/sampler.hpp"
#include "images_test_support.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;

/// Orthonormality and eigen-equations in double: rounding of a d ≤ 100 eigensolver.
constexpr double kEigenTol = 1e-9;
/// Subspace iteration against the exact solver: converged far below what a picture shows.
constexpr double kSubspaceTol = 1e-6;
/// The clean estimate against the brute-force posterior mean: the field's float dot products
/// (empirical_field.hpp) and the division by β or β̇.
constexpr double kCleanTol = 1e-4;

double relErr(const Points& a, const Points& b) { return (a - b).norm() / (1.0 + b.norm()); }

/// The sample covariance by its definition.
core::Matrix covarianceOf(const Points& y) {
    const Eigen::RowVectorXd mean = y.colwise().mean();
    const Points c = y.rowwise() - mean;
    return (c.transpose() * c) / double(y.rows() - 1);
}

/// E[x1 | x] = Σ w_i y_i with w_i ∝ exp(−‖x − β y_i‖²/(2σ²)), straight from docs/maths.md §10.
Points posteriorMean(const Points& y, const core::InterpolantCoeffs& c, const Points& x) {
    const double var = c.alpha * c.alpha + c.gamma * c.gamma;
    Points out(x.rows(), x.cols());
    for (Eigen::Index p = 0; p < x.rows(); ++p) {
        const Eigen::VectorXd logit = -((y * c.beta).rowwise() - x.row(p)).rowwise().squaredNorm() / (2 * var);
        const Eigen::VectorXd w = (logit.array() - logit.maxCoeff()).exp();
        out.row(p) = (w.transpose() * y) / w.sum();
    }
    return out;
}

/// A field that forwards only some kinds of another (a learned b-only or s-only model's view).
class OnlyKinds final : public core::FieldSource {
public:
    OnlyKinds(const core::FieldSource& inner, unsigned kinds) : m_inner(inner), m_kinds(kinds) {}
    int dim() const override { return m_inner.dim(); }
    unsigned provides() const override { return m_kinds; }
    core::Status evaluate(double t, const Points& x, unsigned what, core::FieldValues& out) const override {
        if ((what & ~m_kinds) != 0) return core::Error{"asked for a kind it does not provide"};
        return m_inner.evaluate(t, x, what, out);
    }
    std::string label() const override { return "only some kinds"; }

private:
    const core::FieldSource& m_inner;
    unsigned m_kinds;
};

TEST(Pca, components_areOrthonormalDescendingEigenvectorsOfTheCovariance) {
    const auto data = test::shapes(8, 300);
    const Points y = core::datasetPoints(data.train);
    core::PcaOptions o;
    o.components = 6;
    auto pc = core::computePca(data.train, o);
    ASSERT_TRUE(pc.ok()) << pc.message();
    ASSERT_EQ(pc->count(), 6);
    EXPECT_EQ(pc->imageCount, data.train.size());
    EXPECT_LT(relErr(pc->mean, y.colwise().mean()), kEigenTol);

    const Points gram = pc->components * pc->components.transpose();
    EXPECT_LT((gram - Points::Identity(6, 6)).cwiseAbs().maxCoeff(), kEigenTol);
    for (int i = 1; i < 6; ++i) EXPECT_GE(pc->variances(i - 1), pc->variances(i)) << "component " << i;

    const core::Matrix cov = covarianceOf(y);
    Eigen::SelfAdjointEigenSolver<core::Matrix> es(cov);
    const Eigen::Index d = cov.rows();
    EXPECT_NEAR(pc->totalVariance, cov.trace(), kEigenTol * cov.trace());
    for (int i = 0; i < 6; ++i) {
        SCOPED_TRACE("component " + std::to_string(i));
        const Eigen::VectorXd v = pc->components.row(i).transpose();
        // C v = λ v, with λ the (d − 1 − i)-th ascending eigenvalue: the i-th largest.
        EXPECT_LT((cov * v - pc->variances(i) * v).norm(), kEigenTol * (1.0 + pc->variances(i)));
        EXPECT_NEAR(pc->variances(i), es.eigenvalues()(d - 1 - i), kEigenTol * (1.0 + pc->variances(i)));
        // The variance of the projections is the eigenvalue.
        const Eigen::VectorXd coord = pc->project(y).col(i);
        EXPECT_NEAR(coord.squaredNorm() / double(y.rows() - 1), pc->variances(i), kEigenTol * (1.0 + pc->variances(i)));
    }
    EXPECT_LT(relErr(pc->project(pc->reconstruct(pc->project(y))), pc->project(y)), kEigenTol);
    EXPECT_GT(pc->explainedFraction(0), pc->explainedFraction(1));
}

TEST(Pca, subspaceIteration_agreesWithTheExactSolver) {
    const auto data = test::shapes(8, 300);
    core::PcaOptions o;
    o.components = 4;
    auto exact = core::computePca(data.train, o);
    o.exactDimLimit = 0;  // force the large-d path
    auto iterated = core::computePca(data.train, o);
    ASSERT_TRUE(exact.ok() && iterated.ok());
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(iterated->variances(i), exact->variances(i), kSubspaceTol * exact->variances(0)) << i;
        // Both are signed by their largest entry, so the vectors themselves agree.
        EXPECT_LT((iterated->components.row(i) - exact->components.row(i)).norm(), 1e-4) << i;
    }
}

TEST(Pca, badInput_refused) {
    const auto data = test::shapes(6, 10);
    core::PcaOptions o;
    o.components = 37;  // d = 36
    auto tooMany = core::computePca(data.train, o);
    ASSERT_FALSE(tooMany.ok());
    EXPECT_NE(tooMany.message().find("37 components"), std::string::npos) << tooMany.message();
    Points one = Points::Zero(1, 4);
    EXPECT_FALSE(core::computePca(one).ok());
    Points nan = Points::Zero(5, 4);
    nan(2, 1) = std::nan("");
    EXPECT_FALSE(core::computePca(nan).ok());
    o.components = 0;
    EXPECT_FALSE(core::computePca(data.train, o).ok());
}

TEST(PosteriorEstimates, exactField_equalsClosedForm_andEveryRouteAgrees) {
    const auto data = test::shapes(6, 40);
    const Points y = core::datasetPoints(data.train);
    const core::InterpolantOptions families[] = {
        test::interpolantOptions(core::InterpolantFamily::Linear),
        test::interpolantOptions(core::InterpolantFamily::Trig, core::GammaKind::Brownian),
        test::interpolantOptions(core::InterpolantFamily::Vp)};
    for (const auto& options : families) {
        const auto in = test::interpolant(options);
        SCOPED_TRACE(core::toString(options.family));
        auto field = core::EmpiricalField::create(data.train, in);
        ASSERT_TRUE(field.ok());
        const OnlyKinds onlyB(*field, core::kVelocity), onlyS(*field, core::kScore);
        for (double t : {0.0, 0.3, 0.7, 0.95}) {
            SCOPED_TRACE("t = " + std::to_string(t));
            const auto c = in.coeffs(t);
            const Points x = test::pointsNearData(data.train, in, t, 5, 11);
            const Points yHat = posteriorMean(y, c, x);
            const double var = c.alpha * c.alpha + c.gamma * c.gamma;
            auto all = core::posteriorEstimates(*field, in, t, x);
            ASSERT_TRUE(all.ok()) << all.message();
            EXPECT_LT(relErr(all->clean, yHat), kCleanTol);
            // E[x0 | x] = (α/σ²)(x − β ŷ), E[z | x] = (γ/σ²)(x − β ŷ).
            EXPECT_LT(relErr(all->baseNoise, (c.alpha / var) * (x - c.beta * yHat)), kCleanTol);
            EXPECT_LT(relErr(all->latentNoise, (c.gamma / var) * (x - c.beta * yHat)), kCleanTol);
            // The parts add up to the sample.
            EXPECT_LT(relErr(c.alpha * all->baseNoise + c.beta * all->clean + c.gamma * all->latentNoise, x), kCleanTol);
            auto fromB = core::posteriorEstimates(onlyB, in, t, x);
            ASSERT_TRUE(fromB.ok()) << fromB.message();
            EXPECT_EQ(fromB->route, core::CleanEstimateRoute::Velocity);
            EXPECT_LT(relErr(fromB->clean, yHat), kCleanTol);
            if (c.beta > 0.0) {
                auto fromS = core::posteriorEstimates(onlyS, in, t, x);
                ASSERT_TRUE(fromS.ok()) << fromS.message();
                EXPECT_EQ(fromS->route, core::CleanEstimateRoute::Score);
                EXPECT_LT(relErr(fromS->clean, yHat), kCleanTol);
                EXPECT_LT(relErr(fromS->velocity, all->velocity), kCleanTol);
            }
        }
    }
}

TEST(PosteriorEstimates, atTheDataEnd_returnsTheSampleItself) {
    const auto data = test::shapes(6, 40);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    auto field = core::EmpiricalField::create(data.train, in);
    ASSERT_TRUE(field.ok());
    core::Rng rng(3);
    const Points x = rng.normal(4, data.train.dim());  // far from every training image
    auto r = core::posteriorEstimates(*field, in, 1.0, x);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_LT((r->clean - x).cwiseAbs().maxCoeff(), 1e-12);
    // Just before the end, the estimate has converged on the sample as well (x ≈ β ŷ + O(σ²)).
    auto near = core::posteriorEstimates(*field, in, 1.0 - 1e-6, test::pointsNearData(data.train, in, 1.0 - 1e-6, 4, 2));
    ASSERT_TRUE(near.ok());
    const Points xn = test::pointsNearData(data.train, in, 1.0 - 1e-6, 4, 2);
    EXPECT_LT((near->clean - xn).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(PosteriorEstimates, badInput_refused) {
    const auto data = test::shapes(6, 10);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    auto field = core::EmpiricalField::create(data.train, in);
    ASSERT_TRUE(field.ok());
    EXPECT_FALSE(core::posteriorEstimates(*field, in, 0.5, Points::Zero(2, 5)).ok());
    EXPECT_FALSE(core::posteriorEstimates(*field, in, 1.5, Points::Zero(2, data.train.dim())).ok());
    // A score-only field at β = 0 knows nothing of the image.
    const OnlyKinds onlyS(*field, core::kScore);
    auto blind = core::posteriorEstimates(onlyS, in, 0.0, Points::Zero(2, data.train.dim()));
    ASSERT_FALSE(blind.ok());
    EXPECT_NE(blind.message().find("β = 0"), std::string::npos) << blind.message();
}

TEST(SampleInspection, exactFieldAtTheEnd_landsOnATrainingImage) {
    const auto data = test::shapes(8, 60);
    const auto in = test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear));
    auto field = core::EmpiricalField::create(data.train, in);
    ASSERT_TRUE(field.ok());
    core::Rng rng(5);
    core::SamplerOptions o;
    o.solver = core::SolverKind::Euler;
    o.steps = 100;
    o.recordTrajectory = true;
    auto run = core::sample(*field, in, core::gaussianStart(in, data.train.dim(), 3, rng), o, rng);
    ASSERT_TRUE(run.ok()) << run.message();
    for (Eigen::Index p = 0; p < 3; ++p) {
        auto end = core::inspectSample(*field, in, 1.0, run->end.row(p), data.train);
        ASSERT_TRUE(end.ok()) << end.message();
        EXPECT_LT(end->nearestToState.rms, core::kCopyRmsThreshold) << "sample " << p;
        EXPECT_EQ(end->nearestToState.label, data.train.labels[end->nearestToState.index]);
        EXPECT_LT((end->nearestImage - end->state).cwiseAbs().maxCoeff(), core::kPixelBinWidth);
        EXPECT_LT((end->clean - end->state).norm(), 1e-12);
        // Half-way, the sample is still far from every image, but its clean estimate already
        // points at the image it will become.
        auto mid = core::inspectSample(*field, in, run->times[50], run->trajectory[50].row(p), data.train);
        ASSERT_TRUE(mid.ok()) << mid.message();
        EXPECT_GT(mid->nearestToState.rms, 10 * core::kCopyRmsThreshold);
        EXPECT_EQ(mid->nearestToClean.index, end->nearestToState.index);
        EXPECT_TRUE(mid->latentNoise.size() == 0);  // γ ≡ 0
        EXPECT_EQ(mid->noise.size(), data.train.dim());
    }
}

TEST(SampleInspection, nearestImage_ofATrainingImageIsItself) {
    const auto data = test::shapes(6, 30);
    const Points y = core::datasetPoints(data.train);
    auto r = core::nearestImage(y.row(17), data.train);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->index, 17u);
    EXPECT_EQ(r->distance, 0.0);
    EXPECT_FALSE(core::nearestImage(Eigen::RowVectorXd::Zero(3), data.train).ok());
}

TEST(Filmstrip, picksTheStoredStateNearestEachTime) {
    std::vector<double> times;
    std::vector<Points> states;
    for (int i = 0; i <= 10; ++i) {
        times.push_back(i / 10.0);
        states.push_back(Points::Constant(3, 2, double(i)));
        states.back()(1, 0) = 100.0 + i;
    }
    const std::vector<double> at = core::evenTimes(4);
    ASSERT_EQ(at.size(), 4u);
    EXPECT_EQ(at.front(), 0.0);
    EXPECT_EQ(at.back(), 1.0);
    auto f = core::makeFilmstrip(times, states, 1, at);
    ASSERT_TRUE(f.ok()) << f.message();
    ASSERT_EQ(f->frames.rows(), 4);
    const double expectTimes[] = {0.0, 0.3, 0.7, 1.0};
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(f->times[std::size_t(i)], expectTimes[i], 1e-12);
        EXPECT_EQ(f->frames(i, 0), 100.0 + std::round(expectTimes[i] * 10));
    }
    EXPECT_FALSE(core::makeFilmstrip(times, states, 3, at).ok());
    EXPECT_FALSE(core::makeFilmstrip({}, {}, 0, at).ok());
    EXPECT_FALSE(core::makeFilmstrip(times, states, 0, {1.5}).ok());
}

}  // namespace
}  // namespace flowlab
