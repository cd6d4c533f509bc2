// Training the image U-Net: every family's objective beats a data-free baseline, and the learned
// field approaches the exact field of a tiny data set.

#include <cmath>
#include <iostream>

#include "field/empirical_field.hpp"
#include "field/unet_field.hpp"
#include "test_support.hpp"
#include "unet_test_support.hpp"

namespace flowlab::test {
namespace {

using core::GammaKind;
using core::InterpolantFamily;
using core::TrainTarget;

struct ObjectiveCase {
    std::string name;
    InterpolantFamily family;
    GammaKind gamma;
    TrainTarget target;
};

// The loss of the best prediction that ignores (t, x_t) — a constant — for each objective:
//   cfm (fm-ot, b):   |ŷ − (x1 − (1 − σ) x0)|², best constant E y, loss Σ_k Var y_k
//   dsm (one-sided s): |ε̂ − x0|², best constant 0, loss d
//   η (quadratic):     ½|ŷ|² − z·ŷ, best constant 0, loss 0
//   v, γ = 0 (quadratic): ½|ŷ|² − (x1 − x0)·ŷ, best constant E x1, loss −½|E x1|²
double dataFreeBaseline(const ObjectiveCase& c, const core::ImageDataset& data) {
    const int d = data.dim();
    const std::size_t n = data.size();
    std::vector<double> mean(static_cast<std::size_t>(d), 0.0), second(mean.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (int k = 0; k < d; ++k) {
            mean[static_cast<std::size_t>(k)] += data.image(i)[k] / static_cast<double>(n);
            second[static_cast<std::size_t>(k)] += data.image(i)[k] * data.image(i)[k] / static_cast<double>(n);
        }
    double variance = 0.0, meanSquare = 0.0;
    for (int k = 0; k < d; ++k) {
        variance += second[static_cast<std::size_t>(k)] - mean[static_cast<std::size_t>(k)] * mean[static_cast<std::size_t>(k)];
        meanSquare += mean[static_cast<std::size_t>(k)] * mean[static_cast<std::size_t>(k)];
    }
    if (c.target == TrainTarget::Velocity) return variance + d * std::pow(1.0 - 1e-3, 2);
    if (c.target == TrainTarget::Score) return d;
    if (c.target == TrainTarget::Denoiser) return 0.0;
    return -0.5 * meanSquare;
}

class UNetObjective : public UNetTest, public ::testing::WithParamInterface<ObjectiveCase> {};

TEST_P(UNetObjective, training_beatsTheDataFreeBaseline) {
    const ObjectiveCase& c = GetParam();
    const core::ImageDataset data = barImages(8);
    core::ImageTrainerOptions o = tinyImageOptions(data, 150);
    o.training.target = c.target;
    const core::ImageTrainer trainer = trainImagesOrDie(data, familyOptions(c.family, c.gamma), o);
    const double baseline = dataFreeBaseline(c, data);
    // A margin of 5% of d: far above the batch noise of the smoothed loss.
    const double margin = 0.05 * data.dim();
    EXPECT_LT(trainer.info().state.emaLoss, baseline - margin)
        << c.name << ": baseline " << baseline << ", objective " << core::toString(trainer.info().objective);
}

INSTANTIATE_TEST_SUITE_P(
    Families, UNetObjective,
    ::testing::Values(ObjectiveCase{"fmot_b_cfm", InterpolantFamily::FmOt, GammaKind::Zero, TrainTarget::Velocity},
                      ObjectiveCase{"vp_s_dsm", InterpolantFamily::Vp, GammaKind::Zero, TrainTarget::Score},
                      ObjectiveCase{"subvp_s_dsm", InterpolantFamily::SubVp, GammaKind::Zero, TrainTarget::Score},
                      ObjectiveCase{"ve_s_dsm", InterpolantFamily::Ve, GammaKind::Zero, TrainTarget::Score},
                      ObjectiveCase{"linear_brownian_eta", InterpolantFamily::Linear, GammaKind::Brownian,
                                    TrainTarget::Denoiser},
                      ObjectiveCase{"trig_sinesquared_eta", InterpolantFamily::Trig, GammaKind::SineSquared,
                                    TrainTarget::Denoiser},
                      ObjectiveCase{"linear_v", InterpolantFamily::Linear, GammaKind::Zero,
                                    TrainTarget::InterpolantVelocity}),
    [](const ::testing::TestParamInfo<ObjectiveCase>& info) { return info.param.name; });

TEST_F(UNetTest, learnedVelocity_approachesTheExactFieldOfTwoImages) {
    const core::ImageDataset data = barImages(2);
    core::ImageTrainerOptions o = tinyImageOptions(data, 300);
    const core::ImageTrainer trainer = trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), o);
    auto learned = trainer.snapshot();
    ASSERT_TRUE(learned) << learned.message();
    // The optimum of the loss: the exact field of the two-image data set (docs/maths.md §10).
    auto exactField = core::EmpiricalField::create(data, learned->interpolant());
    ASSERT_TRUE(exactField) << exactField.message();
    core::Rng rng(11);
    const core::Points images = asPoints(data);
    double num = 0.0, den = 0.0;
    for (double t : {0.25, 0.5, 0.75}) {
        // x_t ~ ρ_t: α x0 + β x1 with x1 a training image.
        const double alpha = 1.0 - (1.0 - 1e-3) * t;
        core::Points x = alpha * rng.normal(64, data.dim());
        for (Eigen::Index r = 0; r < x.rows(); ++r) x.row(r) += t * images.row(r % 2);
        core::FieldValues v, e;
        ASSERT_TRUE(learned->evaluate(t, x, core::kVelocity, v));
        ASSERT_TRUE(exactField->evaluate(t, x, core::kVelocity, e));
        const core::Points& exact = e.velocity;
        num += (v.velocity - exact).squaredNorm();
        den += exact.squaredNorm();
    }
    // Predicting 0 has relative error 1; the optimum of the loss has 0.
    const double relative = std::sqrt(num / den);
    EXPECT_LT(relative, 0.3) << "relative L2 error " << relative;
    std::cout << "relative L2 error of the learned b: " << relative << "\n";
}

}  // namespace
}  // namespace flowlab::test
