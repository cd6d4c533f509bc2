#include "state/explorer_settings.hpp"

#include <cmath>

namespace flowlab::ui {

core::TrainerOptions TrainingSettings::trainerOptions(std::uint64_t seed) const {
    core::TrainerOptions o;
    o.target = target;
    o.network.width = width;
    o.network.depth = depth;
    o.network.activation = activation;
    o.batchSize = batchSize;
    o.learningRate = learningRate;
    o.steps = stepsPerRun;
    o.warmupSteps = std::min(100, std::max(1, stepsPerRun / 10));
    o.seed = seed;
    o.threads = 1;
    o.progressEvery = 25;
    return o;
}

bool TrainingSettings::operator==(const TrainingSettings& o) const {
    return target == o.target && width == o.width && depth == o.depth && activation == o.activation &&
           batchSize == o.batchSize && learningRate == o.learningRate && stepsPerRun == o.stepsPerRun &&
           unetChannels == o.unetChannels && imageBatch == o.imageBatch;
}

QString toString(ArrowField f) {
    switch (f) {
        case ArrowField::Velocity: return QStringLiteral("velocity");
        case ArrowField::Score: return QStringLiteral("score");
        case ArrowField::Denoiser: return QStringLiteral("denoiser");
    }
    return {};
}

QString toString(LoopMode m) {
    switch (m) {
        case LoopMode::Loop: return QStringLiteral("loop");
        case LoopMode::Bounce: return QStringLiteral("bounce");
        case LoopMode::Once: return QStringLiteral("once");
    }
    return {};
}

QString toString(ColorMode m) {
    switch (m) {
        case ColorMode::End: return QStringLiteral("end");
        case ColorMode::Start: return QStringLiteral("start");
        case ColorMode::Single: return QStringLiteral("single");
    }
    return {};
}

QString arrowFieldLabel(ArrowField f) {
    switch (f) {
        case ArrowField::Velocity: return QStringLiteral("velocity b(t, x)");
        case ArrowField::Score: return QStringLiteral("score s(t, x) = ∇ log ρₜ");
        case ArrowField::Denoiser: return QStringLiteral("denoiser η(t, x) = E[z | xₜ = x]");
    }
    return {};
}

}  // namespace flowlab::ui
