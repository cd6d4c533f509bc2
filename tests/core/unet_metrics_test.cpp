// Image metrics: the Fréchet distance (against closed forms), the class histogram, and the
// classifier that gives them their features and labels.

#include <cmath>

#include <Eigen/Eigenvalues>

#include "metrics/image_metrics.hpp"
#include "test_support.hpp"
#include "train/image_classifier.hpp"
#include "unet_test_support.hpp"

namespace flowlab::test {
namespace {

constexpr double kRounding = 1e-9;

core::Matrix rotation(double angle) {
    core::Matrix r(2, 2);
    r << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
    return r;
}

core::FeatureMoments moments(const core::Vector& mean, const core::Matrix& cov) { return {mean, cov}; }

TEST(FrechetDistance, commutingGaussians_matchTheClosedForm) {
    // Same eigenvectors: d = |μ1 − μ2|² + Σ (√λ1 − √λ2)².
    const core::Matrix r = rotation(0.7);
    core::Vector l1(2), l2(2), m1(2), m2(2);
    l1 << 4.0, 0.25;
    l2 << 1.0, 9.0;
    m1 << 1.0, -2.0;
    m2 << 0.5, 1.0;
    const core::Matrix c1 = r * l1.asDiagonal() * r.transpose();
    const core::Matrix c2 = r * l2.asDiagonal() * r.transpose();
    const double expected = (m1 - m2).squaredNorm() + std::pow(2.0 - 1.0, 2) + std::pow(0.5 - 3.0, 2);
    auto d = core::frechetDistance(moments(m1, c1), moments(m2, c2));
    ASSERT_TRUE(d) << d.message();
    EXPECT_NEAR(*d, expected, kRounding * expected);
}

TEST(FrechetDistance, nonCommutingGaussians_matchTheEigenvaluesOfTheProduct) {
    // tr (C1 C2)^{½} = Σ √λ(C1 C2): an independent route through the non-symmetric product.
    core::Matrix a(3, 3), b(3, 3);
    a << 2.0, 0.3, 0.1, 0.3, 1.0, -0.4, 0.1, -0.4, 0.5;
    b << 0.7, -0.2, 0.0, -0.2, 3.0, 0.9, 0.0, 0.9, 1.2;
    Eigen::EigenSolver<core::Matrix> eig(a * b);
    const double cross = eig.eigenvalues().real().cwiseSqrt().sum();
    const core::Vector zero = core::Vector::Zero(3);
    auto d = core::frechetDistance(moments(zero, a), moments(zero, b));
    ASSERT_TRUE(d) << d.message();
    EXPECT_NEAR(*d, a.trace() + b.trace() - 2.0 * cross, 1e-9);
    EXPECT_GT(*d, 0.1);
}

TEST(FrechetDistance, aSetAgainstItself_isZeroAndSamplesApproachTheClosedForm) {
    core::Rng rng(3);
    const core::Points a = rng.normal(4000, 3);
    auto self = core::frechetDistance(a, a);
    ASSERT_TRUE(self);
    EXPECT_LT(*self, 1e-9);
    // N(0, I) against N(μ, 4 I): |μ|² + 3 (2 − 1)².
    core::Points b = 2.0 * rng.normal(4000, 3);
    b.col(0).array() += 1.5;
    auto d = core::frechetDistance(a, b);
    ASSERT_TRUE(d);
    EXPECT_NEAR(*d, 1.5 * 1.5 + 3.0, 0.25);
}

TEST(FrechetDistance, badInput_isRefused) {
    core::Rng rng(4);
    EXPECT_FALSE(core::frechetDistance(rng.normal(10, 3), rng.normal(10, 4)));
    EXPECT_FALSE(core::frechetDistance(rng.normal(1, 3), rng.normal(10, 3)));
    core::Points nan = rng.normal(10, 3);
    nan(2, 1) = std::nan("");
    EXPECT_FALSE(core::frechetDistance(nan, rng.normal(10, 3)));
}

TEST(ClassHistogram, entropyIsLogKWhenUniformAndZeroWhenCollapsed) {
    auto uniform = core::classHistogram({0, 1, 2, 3, 3, 2, 1, 0}, 4);
    ASSERT_TRUE(uniform);
    EXPECT_NEAR(uniform->entropy, std::log(4.0), kRounding);
    EXPECT_NEAR(uniform->normalisedEntropy, 1.0, kRounding);
    EXPECT_EQ(uniform->counts, (std::vector<long long>{2, 2, 2, 2}));
    auto collapsed = core::classHistogram({2, 2, 2}, 4);
    ASSERT_TRUE(collapsed);
    EXPECT_EQ(collapsed->entropy, 0.0);
    EXPECT_DOUBLE_EQ(collapsed->fractions[2], 1.0);
    EXPECT_FALSE(core::classHistogram({0, 4}, 4));
    EXPECT_FALSE(core::classHistogram({}, 4));
}

TEST_F(UNetTest, classifier_learnsTheBarsAndSeparatesTheirFeatures) {
    const core::ImageDataset train = barImages(64, 8, 1, 0.3);
    const core::ImageDataset test = barImages(32, 8, 2, 0.3);
    core::ImageClassifierOptions o;
    o.baseChannels = 8;
    o.featureWidth = 16;
    o.steps = 150;
    o.batchSize = 32;
    o.threads = 1;
    auto classifier = core::ImageClassifier::train(train, o);
    ASSERT_TRUE(classifier) << classifier.message();
    auto accuracy = classifier->accuracy(test);
    ASSERT_TRUE(accuracy);
    EXPECT_GT(*accuracy, 0.9);
    // Features of the two classes lie further apart than those of two halves of one class.
    core::ImageDataset horizontal = test, vertical = test;
    horizontal.pixels.clear();
    vertical.pixels.clear();
    for (std::size_t i = 0; i < test.size(); ++i)
        (test.labels[i] == 0 ? horizontal : vertical).pixels.insert((test.labels[i] == 0 ? horizontal : vertical).pixels.end(),
                                                                    test.image(i), test.image(i) + test.dim());
    auto fh = classifier->features(asPoints(horizontal));
    auto fv = classifier->features(asPoints(vertical));
    ASSERT_TRUE(fh && fv);
    EXPECT_EQ(fh->cols(), 16);
    const core::Points h1 = fh->topRows(8), h2 = fh->bottomRows(8);
    auto within = core::frechetDistance(h1, h2);
    auto across = core::frechetDistance(*fh, *fv);
    ASSERT_TRUE(within && across);
    EXPECT_GT(*across, 2.0 * *within);
    // Save and load give the same predictions.
    TempDir dir;
    ASSERT_TRUE(classifier->save(dir.file("c.flowlab")));
    auto loaded = core::ImageClassifier::load(dir.file("c.flowlab"));
    ASSERT_TRUE(loaded) << loaded.message();
    EXPECT_EQ(*loaded->predict(asPoints(test)), *classifier->predict(asPoints(test)));
}

}  // namespace
}  // namespace flowlab::test
