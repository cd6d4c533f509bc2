#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "density/gaussian_mixture.hpp"
#include "metrics/sample_distance.hpp"
#include "train_support.hpp"

namespace flowlab {
namespace {

using test::TrainTest;

TEST_F(TrainTest, velocityOnEightGaussians_closeToExactField) {
    const auto interpolant = test::interpolantOptions(core::InterpolantFamily::Linear);
    auto options = test::smallTrainerOptions(core::TrainTarget::Velocity, 3000);
    const auto t0 = std::chrono::steady_clock::now();
    core::Trainer trainer = test::trainOrDie("gaussian", "8gaussians", interpolant, options);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const core::LearnedField learned = trainer.snapshot();
    const auto exact = test::exactField("gaussian", "8gaussians", interpolant, 1);
    const double err = test::relativeL2Error(learned, exact, core::kVelocity, test::timeGrid(0.1, 0.9, 9), 500, 11);
    std::cout << "train " << secs << " s, relative L2 error of b " << err << "\n";

    // Baseline: the exact b for the Gaussian with the target's mean and covariance
    auto gauss = core::GaussianMixture::create(2, {{1.0, exact.target().mean(), exact.target().covariance()}});
    ASSERT_TRUE(gauss.ok());
    auto interp = core::Interpolant::create(interpolant);
    auto baselineField = core::ExactField::create(exact.base(), *gauss, *interp);
    ASSERT_TRUE(baselineField.ok());
    const double base = test::relativeL2Error(*baselineField, exact, core::kVelocity, test::timeGrid(0.1, 0.9, 9), 500, 11);
    std::cout << "baseline " << base << "\n";

    core::SamplerOptions so;
    so.solver = core::SolverKind::Rk4;
    so.steps = 50;
    core::Rng rng(3);
    core::Points start = exact.base().sample(1000, rng);
    auto samples = core::sample(learned, *interp, start, so, rng);
    ASSERT_TRUE(samples.ok()) << samples.message();
    const core::Points ref = exact.target().sample(1000, rng);
    auto ed = core::energyDistance(samples->end, ref);
    auto ed0 = core::energyDistance(start, ref);
    const core::Points ref2 = exact.target().sample(1000, rng);
    auto edSame = core::energyDistance(ref2, ref);
    std::cout << "energy " << *ed << " base " << *ed0 << " same " << *edSame << "\n";
}

}  // namespace
}  // namespace flowlab
