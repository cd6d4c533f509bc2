// Pixel-space sampling around the exact field of an image set: guidance, inpainting by
// replacement, encode → decode, Hutchinson's trace against the exact one, bits/dim,
// memorisation and the picture grid.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/empirical_field.hpp"
#include "field/exact_field.hpp"
#include "images/image_data.hpp"
#include "images/image_grid.hpp"
#include "images/memorisation.hpp"
#include "images/pixel_scale.hpp"
#include "likelihood/bits_per_dim.hpp"
#include "likelihood/likelihood.hpp"
#include "field/guided_field.hpp"
#include "sampler/image_sampling.hpp"
#include "images_test_support.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::FieldValues;
using core::Points;


core::Interpolant linear(core::GammaKind g = core::GammaKind::Zero) {
    return test::interpolant(test::interpolantOptions(core::InterpolantFamily::Linear, g));
}

std::shared_ptr<const core::EmpiricalField> field(const core::ImageDataset& d, const core::Interpolant& in, int label = -1) {
    core::EmpiricalFieldOptions o;
    o.classLabel = label;
    auto f = core::EmpiricalField::create(d, in, o);
    EXPECT_TRUE(f.ok()) << f.message();
    return std::make_shared<const core::EmpiricalField>(std::move(f).value());
}

constexpr unsigned kAffine = core::kVelocity | core::kScore | core::kDenoiser | core::kDivergence;

TEST(Guidance, scaleZeroIsUnconditionalOneConditionalAndTwoExtrapolates) {
    const auto data = test::shapes(6, 40);
    const auto in = linear(core::GammaKind::Brownian);
    const auto u = field(data.train, in), c = field(data.train, in, 1);
    const Points x = test::pointsNearData(data.train, in, 0.5, 6, 2);
    FieldValues fu, fc;
    ASSERT_TRUE(u->evaluate(0.5, x, kAffine, fu).ok());
    ASSERT_TRUE(c->evaluate(0.5, x, kAffine, fc).ok());
    for (double w : {0.0, 1.0, 2.5}) {
        SCOPED_TRACE(w);
        auto g = core::GuidedField::create(u, c, w);
        ASSERT_TRUE(g.ok()) << g.message();
        FieldValues fg;
        ASSERT_TRUE(g->evaluate(0.5, x, kAffine, fg).ok());
        if (w == 0.0) {
            EXPECT_EQ(fg.velocity, fu.velocity);
            EXPECT_EQ(fg.score, fu.score);
            EXPECT_EQ(fg.divergence, fu.divergence);
        }
        const Points expected = (1.0 - w) * fu.velocity + w * fc.velocity;
        EXPECT_LT((fg.velocity - expected).cwiseAbs().maxCoeff(), 1e-12);
        EXPECT_LT((fg.denoiser - ((1.0 - w) * fu.denoiser + w * fc.denoiser)).cwiseAbs().maxCoeff(), 1e-12);
        EXPECT_FALSE(g->canProvide(core::kLogDensity));
    }
    EXPECT_FALSE(core::GuidedField::create(u, c, -1.0).ok());
    EXPECT_FALSE(core::GuidedField::create(u, nullptr, 1.0).ok());
}

TEST(Inpainting, knownPixelsArePreservedExactly_odeAndSde) {
    const auto data = test::shapes(8, 50);
    const auto in = linear();
    const auto f = field(data.train, in);
    const int n = 6, d = data.train.dim();
    const Points y = core::datasetPoints(data.test).topRows(n);
    Points mask = Points::Zero(n, d);
    for (int r = 0; r < 8; ++r) mask.block(0, r * 8, n, 4).setOnes();  // left half known
    for (auto solver : {core::SolverKind::Heun, core::SolverKind::EulerMaruyama}) {
        SCOPED_TRACE(core::toString(solver));
        core::SamplerOptions o;
        o.solver = solver;
        o.steps = 60;
        o.epsilon.kind = core::EpsilonKind::Taper;
        o.epsilon.value = 0.5;
        o.epsilon.taper = 0.1;
        core::Rng rng(9);
        const Points start = core::gaussianStart(in, d, n, rng);
        auto r = core::inpaint(*f, in, y, mask, start, o, rng);
        ASSERT_TRUE(r.ok()) << r.message();
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < d; ++j) {
                if (mask(i, j) == 1.0) {
                    ASSERT_EQ(r->end(i, j), y(i, j)) << "image " << i << " pixel " << j;
                }
            }
        }
        // The unknown half was generated, not copied: it is a training image's right half
        // (the exact field memorises), which differs from the unseen test image there.
        EXPECT_GT(((Points::Ones(n, d) - mask).cwiseProduct(r->end - y)).norm(), 1e-2);
        EXPECT_TRUE(r->end.allFinite());
    }
}

TEST(LatentInterpolation, encodeThenDecodeReturnsTheImage) {
    const auto data = test::shapes(6, 30);
    const auto in = linear(core::GammaKind::Brownian);
    const auto f = field(data.train, in);
    // Before t = 1 the exact flow is a diffeomorphism (at t = 1 it collapses onto the images).
    // Where posteriors switch between images the flow map is steep, so the solve is tight.
    const double tData = 0.8;
    const Points x = test::pointsNearData(data.test, in, tData, 4, 3);
    core::SamplerOptions o;
    o.solver = core::SolverKind::Rk4;
    o.steps = 200;
    auto z = core::encodeImages(*f, in, x, o, tData);
    ASSERT_TRUE(z.ok()) << z.message();
    EXPECT_GT((*z - x).norm(), 1.0);  // the latent is somewhere else
    auto back = core::decodeLatents(*f, in, *z, o, tData);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_LT((*back - x).cwiseAbs().maxCoeff(), 1e-5);

    auto morph = core::interpolateLatents(*f, in, x.row(0), x.row(1), 5, o, tData);
    ASSERT_TRUE(morph.ok()) << morph.message();
    EXPECT_LT((morph->images.row(0) - x.row(0)).cwiseAbs().maxCoeff(), 1e-5);
    EXPECT_LT((morph->images.row(4) - x.row(1)).cwiseAbs().maxCoeff(), 1e-5);
    o.solver = core::SolverKind::EulerMaruyama;
    EXPECT_FALSE(core::encodeImages(*f, in, x, o, tData).ok());
}

TEST(LatentInterpolation, slerpKeepsTheNormBetweenOrthogonalLatents) {
    Eigen::RowVectorXd a = Eigen::RowVectorXd::Zero(3), b = Eigen::RowVectorXd::Zero(3);
    a[0] = 2.0;
    b[1] = 2.0;
    const Points s = core::slerp(a, b, {0.0, 0.3, 0.5, 1.0});
    EXPECT_LT((s.row(0) - a).norm(), 1e-12);
    EXPECT_LT((s.row(3) - b).norm(), 1e-12);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(s.row(i).norm(), 2.0, 1e-12);
    EXPECT_NEAR(s(2, 0), std::sqrt(2.0), 1e-12);
}

TEST(Hutchinson, agreesWithTheExactTraceWithinItsStandardError) {
    const auto data = test::shapes(6, 30);
    const auto in = linear(core::GammaKind::Brownian);
    const auto f = field(data.train, in);
    const double t = 0.6;
    const Points x = test::pointsNearData(data.train, in, t, 5, 4);
    FieldValues v;
    ASSERT_TRUE(f->evaluate(t, x, core::kDivergence, v).ok());
    constexpr int kProbes = 400;
    auto q = core::probeQuadraticForms(*f, t, x, core::rademacherProbes(x.rows(), f->dim(), kProbes, 11), 1e-4);
    ASSERT_TRUE(q.ok()) << q.message();
    for (Eigen::Index p = 0; p < x.rows(); ++p) {
        const double mean = q->row(p).mean();
        const double se = std::sqrt((q->row(p).array() - mean).square().sum() / (kProbes - 1.0) / kProbes);
        EXPECT_GT(se, 0.0);
        EXPECT_LT(std::abs(mean - v.divergence[p]), 4.0 * se) << "point " << p;
    }
}

TEST(Hutchinson, likelihoodAgreesWithTheExactTraceAndTheExactJvpTraceMatches) {
    const auto data = test::shapes(5, 20);
    const auto in = linear(core::GammaKind::Brownian);
    const auto f = field(data.train, in);
    const double tData = 0.8;
    const Points x = test::pointsNearData(data.test, in, tData, 4, 5);
    core::LikelihoodOptions o;
    o.method = core::OdeMethod::Rk4;
    o.steps = 80;
    o.tData = tData;
    const auto prior = core::GaussianMixture::isotropic(f->dim());
    auto exact = core::logLikelihood(*f, prior, x, o);
    ASSERT_TRUE(exact.ok()) << exact.message();
    o.trace = core::TraceMethod::ExactJvp;
    o.jvpStep = 1e-4;
    auto jvp = core::logLikelihood(*f, prior, x, o);
    ASSERT_TRUE(jvp.ok()) << jvp.message();
    EXPECT_LT((jvp->logDensity - exact->logDensity).cwiseAbs().maxCoeff(), 1e-4);
    EXPECT_EQ(jvp->standardError.cwiseAbs().maxCoeff(), 0.0);
    o.trace = core::TraceMethod::Hutchinson;
    o.probes = 32;
    auto hutch = core::logLikelihood(*f, prior, x, o);
    ASSERT_TRUE(hutch.ok()) << hutch.message();
    for (Eigen::Index p = 0; p < x.rows(); ++p) {
        EXPECT_GT(hutch->standardError[p], 0.0);
        EXPECT_LT(std::abs(hutch->logDensity[p] - exact->logDensity[p]), 4.0 * hutch->standardError[p]) << p;
    }
    o.trace = core::TraceMethod::ExactJvp;
    const auto big = test::shapes(12, 5);
    const auto fb = field(big.train, in);
    EXPECT_FALSE(core::logLikelihood(*fb, core::GaussianMixture::isotropic(fb->dim()), Points::Zero(1, fb->dim()), o).ok());
}

TEST(BitsPerDim, uniformDensityOverTheCubeIsEightBits) {
    for (int d : {1, 16, 784}) EXPECT_NEAR(core::bitsPerDim(-d * std::log(2.0), d), 8.0, 1e-12);
    core::Rng rng(1);
    const Points x = Points::Constant(3, 5, core::pixelToUnit(100));
    const Points q = core::dequantise(x, rng);
    for (Eigen::Index i = 0; i < q.size(); ++i) EXPECT_EQ(core::unitToPixel(q(i)), 100);
    EXPECT_GT((q - x).cwiseAbs().maxCoeff(), 0.0);
}

TEST(Memorisation, copiesAreCountedAndUnseenImagesAreNot) {
    const auto data = test::shapes(8, 40, 10);
    core::Rng rng(2);
    const Points copies = core::datasetPoints(data.train).topRows(10) + 1e-4 * rng.normal(10, 64);
    auto r = core::memorisationReport(copies, data.train, &data.test);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->copyFraction, 1.0);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(r->nearestIndex[std::size_t(i)], std::size_t(i));
    EXPECT_GT(r->testMedianDistance, 0.5);
    auto fresh = core::memorisationReport(core::datasetPoints(data.test), data.train);
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(fresh->copyFraction, 0.0);
    EXPECT_GT(fresh->medianDistance, 0.5);
}

TEST(ImageGrid, tilesAreUpscaledAndPlacedRowByRow) {
    Points imgs = Points::Constant(3, 4, -1.0);  // 3 images of 2×2 grey
    imgs(1, 3) = 1.0;                             // image 1, bottom-right pixel white
    core::ImageGridOptions o;
    o.rows = 2;
    o.columns = 2;
    o.scale = 3;
    o.gap = 1;
    auto g = core::makeImageGrid(imgs, 1, 2, 2, o);
    ASSERT_TRUE(g.ok()) << g.message();
    EXPECT_EQ(g->width, 2 * 6 + 3);
    EXPECT_EQ(g->height, 2 * 6 + 3);
    auto px = [&](int x, int y) { return g->rgba[(std::size_t(y) * g->width + x) * 4]; };
    EXPECT_EQ(px(1, 1), 0);            // image 0, top-left
    EXPECT_EQ(px(8 + 5, 1 + 5), 255);  // image 1's bottom-right block, last pixel
    EXPECT_EQ(px(8 + 3, 1 + 3), 255);  // … and its first pixel
    EXPECT_EQ(px(8 + 2, 1 + 2), 0);
    EXPECT_NE(px(0, 0), 0);            // gap
    EXPECT_NE(px(8 + 3, 8 + 3), 0);    // no fourth image: background
    imgs(0, 0) = std::nan("");
    EXPECT_FALSE(core::makeImageGrid(imgs, 1, 2, 2, o).ok());
}

}  // namespace
}  // namespace flowlab
