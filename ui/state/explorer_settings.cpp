#include "state/explorer_settings.hpp"

#include <cmath>

namespace flowlab::ui {

core::EpsilonSchedule SceneSettings::epsilonSchedule() const {
    core::EpsilonSchedule e;
    e.kind = epsilonKind;
    e.value = epsilon;
    e.taper = epsilonTaper;
    return e;
}

core::SamplerOptions SceneSettings::samplerOptions() const {
    core::SamplerOptions o;
    o.solver = solver;
    o.steps = steps;
    o.t0 = direction == Direction::Generate ? 0.0 : 1.0;
    o.t1 = direction == Direction::Generate ? 1.0 : 0.0;
    o.epsilon = epsilonSchedule();
    o.langevinSteps = langevinSteps;
    o.snr = snr;
    o.recordTrajectory = true;
    return o;
}

void SceneSettings::setSamplerMethod(const core::SamplerOptions& o) {
    solver = o.solver;
    epsilonKind = o.epsilon.kind;
    epsilon = o.epsilon.value;
    epsilonTaper = o.epsilon.taper;
    langevinSteps = o.langevinSteps;
    snr = o.snr;
}

std::string SceneSettings::validate() const {
    if (baseSpec.isEmpty() || targetSpec.isEmpty()) return "choose a base and a target density";
    if (particles < 1 || particles > kMaxParticles)
        return "the particle count must be between 1 and " + std::to_string(kMaxParticles);
    if (steps < 2 || steps > 2000) return "integration steps must be between 2 and 2000";
    if (!std::isfinite(epsilon) || epsilon < 0.0 || epsilon > 1e4) return "ε must be between 0 and 10⁴";
    if (auto p = interpolant.validate(); !p.empty()) return p;
    auto interp = core::Interpolant::create(interpolant);
    if (!interp) return interp.message();
    return samplerOptions().validate(*interp);
}

bool SceneSettings::operator==(const SceneSettings& o) const {
    const auto& a = interpolant;
    const auto& b = o.interpolant;
    return baseSpec == o.baseSpec && targetSpec == o.targetSpec && a.family == b.family && a.gamma == b.gamma &&
           a.gammaA == b.gammaA && a.sigmaMin == b.sigmaMin && a.vpBetaMin == b.vpBetaMin &&
           a.vpBetaMax == b.vpBetaMax && a.veSigmaMin == b.veSigmaMin && a.veSigmaMax == b.veSigmaMax &&
           fieldMode == o.fieldMode && solver == o.solver && steps == o.steps && epsilonKind == o.epsilonKind &&
           epsilon == o.epsilon && epsilonTaper == o.epsilonTaper && langevinSteps == o.langevinSteps &&
           snr == o.snr && particles == o.particles && seed == o.seed && direction == o.direction;
}

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
           batchSize == o.batchSize && learningRate == o.learningRate && stepsPerRun == o.stepsPerRun;
}

bool trainingSceneChanged(const SceneSettings& a, const SceneSettings& b) {
    const auto& x = a.interpolant;
    const auto& y = b.interpolant;
    return a.baseSpec != b.baseSpec || a.targetSpec != b.targetSpec || x.family != y.family || x.gamma != y.gamma ||
           x.gammaA != y.gammaA || x.sigmaMin != y.sigmaMin || x.vpBetaMin != y.vpBetaMin || x.vpBetaMax != y.vpBetaMax ||
           x.veSigmaMin != y.veSigmaMin || x.veSigmaMax != y.veSigmaMax;
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
