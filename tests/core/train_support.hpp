#pragma once

// Helpers shared by the training tests (header-only: the test glob compiles *_test.cpp files).

#include <gtest/gtest.h>

#include <cmath>

#include "field/field_source.hpp"
#include "sampler/sampler.hpp"
#include "test_support.hpp"
#include "train/threading.hpp"
#include "train/trainer.hpp"

namespace flowlab::test {

/// Fixes torch's threads (results and run time must not depend on the machine's core count).
class TrainTest : public ::testing::Test {
protected:
    void SetUp() override {
        core::setTorchThreads(1);
        core::setBlasThreads(1);
    }
};

/// A small, fast network for tests.
inline core::TrainerOptions smallTrainerOptions(core::TrainTarget target, int steps) {
    core::TrainerOptions o;
    o.target = target;
    o.network.width = 64;
    o.network.depth = 3;
    o.batchSize = 256;
    o.steps = steps;
    o.seed = 7;
    o.progressEvery = 100;
    return o;
}

/// Trains and fails the test on any error.
inline core::Trainer trainOrDie(const std::string& base, const std::string& target,
                                const core::InterpolantOptions& interpolant, const core::TrainerOptions& options) {
    auto trainer = core::Trainer::create(preset(base), preset(target), interpolant, options);
    if (!trainer) {
        ADD_FAILURE() << trainer.message();
        std::abort();
    }
    auto summary = trainer->run();
    if (!summary) {
        ADD_FAILURE() << summary.message();
        std::abort();
    }
    return std::move(trainer).value();
}

/// sqrt(Σ|a − b|² / Σ|b|²) of field `kind` over points x_t ~ ρ_t at each of `times`, pooled.
inline double relativeL2Error(const core::FieldSource& learned, const core::ExactField& exact, core::FieldKind kind,
                              const std::vector<double>& times, int pointsPerTime, std::uint64_t seed) {
    core::Rng rng(seed);
    double num = 0.0, den = 0.0;
    for (double t : times) {
        const core::Points x =
            core::sampleInterpolant(exact.base(), exact.target(), exact.interpolant(), t, pointsPerTime, rng);
        core::FieldValues a, b;
        EXPECT_TRUE(learned.evaluate(t, x, kind, a).ok());
        EXPECT_TRUE(exact.evaluate(t, x, kind, b).ok());
        const core::Points& fa = kind == core::kVelocity ? a.velocity : kind == core::kScore ? a.score : a.denoiser;
        const core::Points& fb = kind == core::kVelocity ? b.velocity : kind == core::kScore ? b.score : b.denoiser;
        num += (fa - fb).squaredNorm();
        den += fb.squaredNorm();
    }
    return std::sqrt(num / den);
}

/// The exact field of the same scene with the target replaced by the Gaussian of its mean and
/// covariance: what a model that learned only the target's first two moments would give. The
/// baseline that a learned field must clearly beat.
inline core::ExactField momentMatchedField(const core::ExactField& exact) {
    auto gaussian = core::GaussianMixture::create(
        exact.target().dim(), {{1.0, exact.target().mean(), exact.target().covariance()}});
    auto field = core::ExactField::create(exact.base(), std::move(gaussian).value(), exact.interpolant());
    return std::move(field).value();
}

/// Evenly spaced times in [lo, hi].
inline std::vector<double> timeGrid(double lo, double hi, int n) {
    std::vector<double> t;
    for (int i = 0; i < n; ++i) t.push_back(lo + (hi - lo) * i / (n - 1));
    return t;
}

}  // namespace flowlab::test
