#include "scene/scene_settings.hpp"

#include <cmath>

namespace flowlab::core {

EpsilonSchedule SceneMethod::epsilonSchedule() const {
    EpsilonSchedule e;
    e.kind = epsilonKind;
    e.value = epsilon;
    e.taper = epsilonTaper;
    return e;
}

bool SceneMethod::isSde() const {
    return solver == SolverKind::EulerMaruyama || solver == SolverKind::StochasticHeun;
}

std::string SceneMethod::validate() const { return core::validate(*this, SceneRun{}); }

bool SceneMethod::operator==(const SceneMethod& o) const {
    return interpolant == o.interpolant && fieldMode == o.fieldMode && solver == o.solver &&
           epsilonKind == o.epsilonKind && epsilon == o.epsilon && epsilonTaper == o.epsilonTaper &&
           langevinSteps == o.langevinSteps && snr == o.snr && coupling == o.coupling;
}

std::string SceneRun::validate() const {
    if (particles < 1 || particles > kMaxParticles)
        return "the particle count must be between 1 and " + std::to_string(kMaxParticles);
    if (steps < kMinSteps || steps > kMaxSteps)
        return "integration steps must be between " + std::to_string(kMinSteps) + " and " + std::to_string(kMaxSteps);
    if (seed > (std::uint64_t(1) << 52)) return "the seed must be between 0 and 2⁵²";
    return {};
}

SamplerOptions samplerOptions(const SceneMethod& method, const SceneRun& run) {
    SamplerOptions o;
    o.solver = method.solver;
    o.steps = run.steps;
    o.t0 = run.t0();
    o.t1 = run.t1();
    o.epsilon = method.epsilonSchedule();
    o.langevinSteps = method.langevinSteps;
    o.snr = method.snr;
    o.recordTrajectory = true;
    return o;
}

std::string validate(const SceneMethod& method, const SceneRun& run) {
    if (auto p = run.validate(); !p.empty()) return p;
    if (!std::isfinite(method.epsilon) || method.epsilon < 0.0 || method.epsilon > 1e4)
        return "ε must be between 0 and 10⁴";
    if (auto p = method.coupling.validate(); !p.empty()) return p;
    if (!method.coupling.hasExactField() && method.fieldMode == FieldMode::Exact)
        return exactFieldUnavailable(method.coupling);
    auto interp = Interpolant::create(method.interpolant);
    if (!interp) return interp.message();
    return samplerOptions(method, run).validate(*interp);
}

SamplerOptions SceneSettings::samplerOptions() const { return core::samplerOptions(method(), run()); }

void SceneSettings::setSamplerMethod(const SamplerOptions& o) {
    solver = o.solver;
    epsilonKind = o.epsilon.kind;
    epsilon = o.epsilon.value;
    epsilonTaper = o.epsilon.taper;
    langevinSteps = o.langevinSteps;
    snr = o.snr;
}

std::string SceneImages::validate() const {
    if (data.empty()) return "choose an image data set (fashion-mnist, shapes, folder:DIR or idx:IMAGES[,LABELS])";
    if (size != 0 && (size < 4 || size > 32)) return "the image size must be between 4 and 32 pixels (or 0 for the data set's own)";
    if (exactImages < 1 || exactImages > kMaxExactImages)
        return "the exact field takes between 1 and " + std::to_string(kMaxExactImages) + " training images";
    if (rows < 1 || rows > kMaxGridSide || columns < 1 || columns > kMaxGridSide)
        return "the sample grid must have 1 to " + std::to_string(kMaxGridSide) + " rows and columns";
    if (classLabel < -1 || classLabel > 100000) return "the class must be −1 (none) or a class number ≥ 0";
    if (!std::isfinite(guidance) || guidance < 0.0 || guidance > 100.0) return "the guidance scale w must be between 0 and 100";
    if (models.size() > 16) return "at most 16 model files may be listed";
    for (const auto& m : models)
        if (m.empty() || m.size() > 4096) return "a model file name must be non-empty";
    return {};
}

bool SceneImages::operator==(const SceneImages& o) const {
    return data == o.data && size == o.size && exactImages == o.exactImages && models == o.models &&
           classLabel == o.classLabel && guidance == o.guidance && rows == o.rows && columns == o.columns;
}

std::string SceneSettings::validate() const {
    if (kind == SceneKind::Images) {
        if (auto p = images().validate(); !p.empty()) return p;
        if (coupling.isComponentCoupling())
            return "the " + toString(coupling.kind) + " coupling pairs mixture components of a 2D scene; an image "
                   "scene pairs images with independent, ot, sinkhorn:REG or reflow:MODEL";
        return core::validate(method(), run());
    }
    if ((base.isSpec() && base.spec.empty()) || (target.isSpec() && target.spec.empty()))
        return "choose a base and a target density";
    return core::validate(method(), run());
}

bool trainingSceneChanged(const SceneSettings& a, const SceneSettings& b) {
    if (a.kind != b.kind) return true;
    if (a.interpolant != b.interpolant || a.coupling != b.coupling) return true;
    if (a.isImages()) return a.data != b.data || a.size != b.size;
    return a.densities() != b.densities();
}

std::string exactFieldUnavailable(const CouplingOptions& coupling) {
    return "the " + toString(coupling.kind) + " coupling has no exact field (the closed form holds for independent "
           "pairs and couplings of mixture components only): it is learned only; train with --coupling " +
           coupling.spec() + " and use the learned field";
}

std::string toString(SceneKind kind) { return kind == SceneKind::Images ? "images" : "densities"; }

Result<SceneKind> parseSceneKind(const std::string& name) {
    if (name == "densities") return SceneKind::Densities;
    if (name == "images") return SceneKind::Images;
    return Error{"unknown scene kind '" + name + "' (known: densities, images)"};
}

std::string toString(FieldMode mode) { return mode == FieldMode::Learned ? "learned" : "exact"; }
std::string toString(Direction direction) { return direction == Direction::Encode ? "encode" : "generate"; }

Result<FieldMode> parseFieldMode(const std::string& name) {
    if (name == "exact") return FieldMode::Exact;
    if (name == "learned") return FieldMode::Learned;
    return Error{"unknown field source '" + name + "' (known: exact, learned)"};
}

Result<Direction> parseDirection(const std::string& name) {
    if (name == "generate") return Direction::Generate;
    if (name == "encode") return Direction::Encode;
    return Error{"unknown direction '" + name + "' (known: generate, encode)"};
}

}  // namespace flowlab::core
