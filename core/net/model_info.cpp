#include "net/model_info.hpp"

#include <cmath>

#include "density/mixture_json.hpp"

namespace flowlab::core {

namespace {

// Densities round-trip through JSON with 17 significant digits, so equality up to a few ulps is
// the right test; the tolerance only absorbs the weight normalisation.
constexpr double kMixtureTolerance = 1e-12;

bool close(double a, double b) { return std::abs(a - b) <= kMixtureTolerance * (1.0 + std::abs(a) + std::abs(b)); }

std::string compareMixtures(const GaussianMixture& trained, const GaussianMixture& scene, const char* which) {
    const std::string w = which;
    if (trained.dim() != scene.dim())
        return "the model was trained on a " + std::to_string(trained.dim()) + "-dimensional " + w +
               " but the scene's " + w + " is " + std::to_string(scene.dim()) + "-dimensional";
    if (trained.size() != scene.size())
        return "the model was trained on a different " + w + " density (" + std::to_string(trained.size()) +
               " components; the scene's has " + std::to_string(scene.size()) + ")";
    for (std::size_t k = 0; k < trained.size(); ++k) {
        const auto& a = trained.component(k);
        const auto& b = scene.component(k);
        bool same = close(a.weight, b.weight);
        for (Eigen::Index i = 0; same && i < a.mean.size(); ++i) same = close(a.mean[i], b.mean[i]);
        for (Eigen::Index i = 0; same && i < a.cov.size(); ++i) same = close(a.cov.data()[i], b.cov.data()[i]);
        if (!same)
            return "the model was trained on a different " + w + " density (component " + std::to_string(k) +
                   " differs)";
    }
    return {};
}

}  // namespace

Status ModelInfo::checkScene(const GaussianMixture& sceneBase, const GaussianMixture& sceneTarget,
                             const InterpolantOptions& sceneInterpolant) const {
    if (network.inputDim != sceneBase.dim())
        return Error{"the model is " + std::to_string(network.inputDim) + "-dimensional but the scene is " +
                     std::to_string(sceneBase.dim()) + "-dimensional"};
    if (sceneInterpolant.family != interpolant.family)
        return Error{"the model was trained with the " + toString(interpolant.family) +
                     " interpolant but the scene uses " + toString(sceneInterpolant.family)};
    if (sceneInterpolant.gamma != interpolant.gamma || sceneInterpolant.gammaA != interpolant.gammaA)
        return Error{"the model was trained with γ = " + toString(interpolant.gamma) + " but the scene uses γ = " +
                     toString(sceneInterpolant.gamma) +
                     (sceneInterpolant.gamma == interpolant.gamma ? " with another a" : "")};
    // Family, γ and a agree by now: any other difference is one of the remaining parameters.
    if (interpolant != sceneInterpolant)
        return Error{"the model was trained with other interpolant parameters (σ_min, β or σ ranges)"};
    if (auto p = compareMixtures(base, sceneBase, "base"); !p.empty()) return Error{p};
    if (auto p = compareMixtures(target, sceneTarget, "target"); !p.empty()) return Error{p};
    return Status::success();
}

std::string ModelInfo::describe() const {
    return "learned " + toString(field) + ", " + network.describe() + ", " + toString(interpolant.family) +
           (interpolant.family == InterpolantFamily::Linear || interpolant.family == InterpolantFamily::Trig
                ? " γ=" + toString(interpolant.gamma)
                : std::string()) +
           ", step " + std::to_string(state.step);
}

JsonValue interpolantToJson(const InterpolantOptions& o) {
    JsonValue j;
    j.set("family", toString(o.family));
    j.set("gamma", toString(o.gamma));
    j.set("gamma_a", o.gammaA);
    j.set("sigma_min", o.sigmaMin);
    j.set("vp_beta_min", o.vpBetaMin);
    j.set("vp_beta_max", o.vpBetaMax);
    j.set("ve_sigma_min", o.veSigmaMin);
    j.set("ve_sigma_max", o.veSigmaMax);
    return j;
}

Result<InterpolantOptions> interpolantFromJson(const JsonValue& j) {
    if (!j.isObject()) return Error{"interpolant: expected an object"};
    InterpolantOptions o;
    const JsonValue* family = j.find("family");
    const JsonValue* gamma = j.find("gamma");
    if (!family || !family->isString() || !gamma || !gamma->isString())
        return Error{"interpolant: missing 'family' or 'gamma'"};
    auto f = parseInterpolantFamily(family->asString());
    if (!f) return Error{"interpolant: " + f.message()};
    auto g = parseGammaKind(gamma->asString());
    if (!g) return Error{"interpolant: " + g.message()};
    o.family = *f;
    o.gamma = *g;
    const std::pair<const char*, double*> numbers[] = {
        {"gamma_a", &o.gammaA},         {"sigma_min", &o.sigmaMin},       {"vp_beta_min", &o.vpBetaMin},
        {"vp_beta_max", &o.vpBetaMax},  {"ve_sigma_min", &o.veSigmaMin},  {"ve_sigma_max", &o.veSigmaMax},
    };
    for (const auto& [key, dst] : numbers) {
        const JsonValue* v = j.find(key);
        if (!v || !v->isNumber()) return Error{std::string("interpolant: missing number '") + key + "'"};
        *dst = v->asNumber();
    }
    if (auto p = o.validate(); !p.empty()) return Error{"interpolant: " + p};
    return o;
}

namespace {

const std::vector<std::string>& outputNames() {
    static const std::vector<std::string> names = {"direct", "epsilon"};
    return names;
}

}  // namespace

std::string toString(OutputParameterization output) { return outputNames()[static_cast<std::size_t>(output)]; }

Result<OutputParameterization> parseOutputParameterization(const std::string& name) {
    for (std::size_t i = 0; i < outputNames().size(); ++i)
        if (outputNames()[i] == name) return static_cast<OutputParameterization>(i);
    return Error{"unknown output '" + name + "' (known: direct, epsilon)"};
}

JsonValue trainingStateToJson(const TrainingState& state) {
    JsonValue j;
    j.set("step", state.step);
    j.set("loss", state.loss);
    j.set("ema_loss", state.emaLoss);
    j.set("seconds", state.seconds);
    j.set("weights_are_ema", state.weightsAreEma);
    return j;
}

Result<TrainingState> trainingStateFromJson(const JsonValue& json) {
    const JsonValue* step = json.find("step");
    const JsonValue* loss = json.find("loss");
    const JsonValue* emaLoss = json.find("ema_loss");
    const JsonValue* seconds = json.find("seconds");
    const JsonValue* isEma = json.find("weights_are_ema");
    if (!step || !step->isNumber() || !loss || !loss->isNumber() || !emaLoss || !emaLoss->isNumber() || !seconds ||
        !seconds->isNumber() || !isEma || !isEma->isBool())
        return Error{"incomplete 'state'"};
    if (step->asNumber() < 0 || step->asNumber() > 2e9 || step->asNumber() != std::floor(step->asNumber()))
        return Error{"bad step count"};
    TrainingState state;
    state.step = static_cast<int>(step->asNumber());
    state.loss = loss->asNumber();
    state.emaLoss = emaLoss->asNumber();
    state.seconds = seconds->asNumber();
    state.weightsAreEma = isEma->asBool();
    return state;
}

JsonValue modelInfoToJson(const ModelInfo& info) {
    JsonValue j;
    j.set("field", toString(info.field));
    j.set("objective", toString(info.objective));
    j.set("output", outputNames()[static_cast<std::size_t>(info.output)]);
    j.set("interpolant", interpolantToJson(info.interpolant));
    j.set("network", networkOptionsToJson(info.network));
    j.set("trainer", trainerOptionsToJson(info.trainer));
    j.set("state", trainingStateToJson(info.state));
    j.set("base", mixtureToJson(info.base));
    j.set("target", mixtureToJson(info.target));
    return j;
}

Result<ModelInfo> modelInfoFromJson(const JsonValue& j) {
    if (!j.isObject()) return Error{"model description: expected an object"};
    ModelInfo info;
    auto member = [&](const char* key) -> const JsonValue* { return j.find(key); };
    const JsonValue* field = member("field");
    const JsonValue* objective = member("objective");
    const JsonValue* output = member("output");
    if (!field || !field->isString() || !objective || !objective->isString() || !output || !output->isString())
        return Error{"model description: missing 'field', 'objective' or 'output'"};
    auto f = parseTrainTarget(field->asString());
    if (!f) return Error{"model description: " + f.message()};
    auto o = parseObjectiveKind(objective->asString());
    if (!o || *o == ObjectiveKind::Auto) return Error{"model description: bad objective '" + objective->asString() + "'"};
    info.field = *f;
    info.objective = *o;
    if (output->asString() == "direct") info.output = OutputParameterization::Direct;
    else if (output->asString() == "epsilon") info.output = OutputParameterization::Epsilon;
    else return Error{"model description: unknown output '" + output->asString() + "'"};

    const JsonValue* interp = member("interpolant");
    const JsonValue* network = member("network");
    const JsonValue* trainer = member("trainer");
    const JsonValue* state = member("state");
    const JsonValue* base = member("base");
    const JsonValue* target = member("target");
    if (!interp || !network || !trainer || !state || !state->isObject() || !base || !target)
        return Error{"model description: missing 'interpolant', 'network', 'trainer', 'state', 'base' or 'target'"};
    auto io = interpolantFromJson(*interp);
    if (!io) return io.error();
    info.interpolant = *io;
    auto no = networkOptionsFromJson(*network);
    if (!no) return no.error();
    info.network = *no;
    auto to = trainerOptionsFromJson(*trainer);
    if (!to) return to.error();
    info.trainer = *to;
    auto st = trainingStateFromJson(*state);
    if (!st) return Error{"model description: " + st.message()};
    info.state = *st;
    auto b = mixtureFromJson(*base);
    if (!b) return Error{"model description: base: " + b.message()};
    auto t = mixtureFromJson(*target);
    if (!t) return Error{"model description: target: " + t.message()};
    info.base = std::move(*b);
    info.target = std::move(*t);
    if (info.base.dim() != info.network.inputDim || info.target.dim() != info.network.inputDim)
        return Error{"model description: the network's dimension does not match its densities"};
    return info;
}

}  // namespace flowlab::core
