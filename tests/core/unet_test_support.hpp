#pragma once

// Helpers shared by the U-Net tests (header-only: the test glob compiles *_test.cpp files).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "common/rng.hpp"
#include "images/image_dataset.hpp"
#include "train/image_trainer.hpp"
#include "train/threading.hpp"
#include "train_support.hpp"

namespace flowlab::test {

/// The training tests' fixture (torch's threads fixed).
class UNetTest : public TrainTest {};

/// `count` grey side×side images in [−1, 1] with two classes: even images are a bright
/// horizontal bar, odd ones a vertical bar, at a position that depends on the index; pixel
/// noise from `seed`.
inline core::ImageDataset barImages(int count, int side = 8, std::uint64_t seed = 1, double noise = 0.0) {
    core::ImageDataset data;
    data.channels = 1;
    data.height = side;
    data.width = side;
    data.classNames = {"horizontal", "vertical"};
    data.description = "test bars " + std::to_string(count);
    core::Rng rng(seed);
    for (int i = 0; i < count; ++i) {
        const int at = (i / 2) % side;
        for (int r = 0; r < side; ++r)
            for (int c = 0; c < side; ++c) {
                const bool on = (i % 2 == 0) ? r == at : c == at;
                const double v = (on ? 0.8 : -0.8) + noise * rng.normal();
                data.pixels.push_back(static_cast<float>(std::max(-1.0, std::min(1.0, v))));
            }
        data.labels.push_back(i % 2);
    }
    return data;
}

/// A tiny U-Net and trainer settings that run in about a second.
inline core::ImageTrainerOptions tinyImageOptions(const core::ImageDataset& data, int steps, bool conditional = false) {
    core::ImageTrainerOptions o = core::ImageTrainerOptions::defaults();
    o.network.channels = data.channels;
    o.network.height = data.height;
    o.network.width = data.width;
    o.network.baseChannels = 8;
    o.network.channelMultipliers = {1, 2};
    o.network.groups = 4;
    o.network.classCount = conditional ? data.classCount() : 0;
    o.training.batchSize = 32;
    o.training.steps = steps;
    o.training.warmupSteps = steps / 10;
    o.training.learningRate = 3e-3;
    o.training.seed = 5;
    o.training.progressEvery = std::max(1, steps / 4);
    o.training.threads = 1;
    o.dequantize = false;
    o.dataSource.spec = "test";
    return o;
}

inline core::InterpolantOptions familyOptions(core::InterpolantFamily family,
                                              core::GammaKind gamma = core::GammaKind::Zero) {
    core::InterpolantOptions o;
    o.family = family;
    o.gamma = gamma;
    return o;
}

/// Creates and runs a trainer; fails the test (and aborts) on any error.
inline core::ImageTrainer trainImagesOrDie(const core::ImageDataset& data, const core::InterpolantOptions& interpolant,
                                           const core::ImageTrainerOptions& options) {
    auto trainer = core::ImageTrainer::create(data, interpolant, options);
    if (!trainer) {
        ADD_FAILURE() << trainer.message();
        std::abort();
    }
    auto summary = trainer->run();
    if (!summary) {
        ADD_FAILURE() << summary.message();
        std::abort();
    }
    return std::move(*trainer);
}

/// The images as points (one per row).
inline core::Points asPoints(const core::ImageDataset& data) {
    core::Points p(static_cast<Eigen::Index>(data.size()), data.dim());
    for (Eigen::Index i = 0; i < p.size(); ++i) p.data()[i] = data.pixels[static_cast<std::size_t>(i)];
    return p;
}

}  // namespace flowlab::test
