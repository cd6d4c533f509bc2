#include "net/train_options.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

namespace {

template <class E>
Result<E> parseName(const std::string& name, const std::vector<std::string>& names, const char* what) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<E>(i);
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return Error{"unknown " + std::string(what) + " '" + name + "' (known: " + list + ")"};
}

const std::vector<std::string>& optimizerNames() {
    static const std::vector<std::string> names = {"adam", "adamw"};
    return names;
}

const std::vector<std::string>& scheduleNames() {
    static const std::vector<std::string> names = {"constant", "cosine", "linear"};
    return names;
}

bool finiteAndModest(double v) { return std::isfinite(v) && std::abs(v) < 1e6; }

// Whether every weight the objective uses stays finite at time t.
bool weightsFiniteAt(const Interpolant& interpolant, TrainTarget target, ObjectiveKind objective, double t) {
    const InterpolantCoeffs c = interpolant.coeffs(t);
    if (!finiteAndModest(c.alphaDot) || !finiteAndModest(c.betaDot)) {
        if (target == TrainTarget::Velocity || target == TrainTarget::InterpolantVelocity) return false;
    }
    if (target == TrainTarget::Velocity && interpolant.hasLatentNoise() && !finiteAndModest(c.gammaDot)) return false;
    if (target == TrainTarget::Score && objective == ObjectiveKind::Quadratic) {
        const double w = interpolant.isOneSided() ? c.alpha : c.gamma;
        if (!(std::abs(w) > 1e-6)) return false;
    }
    if (target == TrainTarget::Score && objective == ObjectiveKind::DenoisingScore && !(c.alpha > 1e-6)) return false;
    return true;
}

}  // namespace

std::string TrainerOptions::validate() const {
    if (auto p = network.validate(); !p.empty()) return p;
    if (!(learningRate > 0.0) || !std::isfinite(learningRate) || learningRate > 10.0)
        return "learning rate must be in (0, 10]";
    if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) return "Adam betas must be in [0, 1)";
    if (!(adamEpsilon > 0.0) || !std::isfinite(adamEpsilon)) return "Adam epsilon must be > 0";
    if (!(weightDecay >= 0.0) || !std::isfinite(weightDecay)) return "weight decay must be ≥ 0";
    if (warmupSteps < 0) return "warm-up steps must be ≥ 0";
    if (!(finalLrFraction >= 0.0 && finalLrFraction <= 1.0)) return "final learning-rate fraction must be in [0, 1]";
    if (!(gradClipNorm >= 0.0) || !std::isfinite(gradClipNorm)) return "gradient clip norm must be ≥ 0 (0 = off)";
    if (!(emaDecay >= 0.0 && emaDecay < 1.0)) return "EMA decay must be in [0, 1) (0 = off)";
    if (batchSize < 1 || batchSize > 1000000) return "batch size must be in [1, 1000000]";
    if (antithetic && batchSize % 2 != 0) return "antithetic sampling needs an even batch size";
    if (steps < 0 || steps > 1000000000) return "steps must be in [0, 1e9]";
    if (threads < 0 || threads > 1024) return "threads must be in [0, 1024]";
    if (progressEvery < 1) return "progress interval must be ≥ 1 step";
    const bool loGiven = tMin >= 0.0, hiGiven = tMax >= 0.0;
    if ((loGiven && tMin > 1.0) || (hiGiven && tMax > 1.0)) return "the time range must lie in [0, 1]";
    if (loGiven && hiGiven && !(tMin < tMax)) return "the time range needs t_min < t_max";
    if (!std::isfinite(tMin) || !std::isfinite(tMax)) return "the time range must be finite";
    if (auto p = coupling.validate(); !p.empty()) return p;
    const int fresh = antithetic ? batchSize / 2 : batchSize;
    if ((coupling.kind == CouplingKind::MinibatchOt || coupling.kind == CouplingKind::Sinkhorn) &&
        fresh > CouplingOptions::kMaxOtBatch)
        return "the " + toString(coupling.kind) + " coupling solves an O(n³) problem per batch: at most " +
               std::to_string(CouplingOptions::kMaxOtBatch) + " fresh pairs (batch " + std::to_string(batchSize) +
               (antithetic ? ", antithetic" : "") + ")";
    return {};
}

ObjectiveKind TrainerOptions::resolvedObjective(const Interpolant& interpolant) const {
    if (objective != ObjectiveKind::Auto) return objective;
    if (interpolant.family() == InterpolantFamily::FmOt && target == TrainTarget::Velocity)
        return ObjectiveKind::FlowMatching;
    if (interpolant.isOneSided() && interpolant.family() != InterpolantFamily::FmOt && target == TrainTarget::Score)
        return ObjectiveKind::DenoisingScore;
    return ObjectiveKind::Quadratic;
}

std::string TrainerOptions::validate(const Interpolant& interpolant) const {
    if (auto p = validate(); !p.empty()) return p;
    const ObjectiveKind obj = resolvedObjective(interpolant);
    const std::string family = toString(interpolant.family());
    switch (target) {
        case TrainTarget::Denoiser:
            if (!interpolant.hasLatentNoise())
                return "the denoiser η needs latent noise γ > 0 (a two-sided family with --gamma other than zero)";
            break;
        case TrainTarget::Score:
            if (!interpolant.isOneSided() && !interpolant.hasLatentNoise())
                return "the score of a two-sided interpolant is learned through γ⁻¹ z and needs γ > 0 "
                       "(choose --gamma brownian, bsquared, ...); or learn b";
            break;
        case TrainTarget::Velocity:
        case TrainTarget::InterpolantVelocity:
            break;
    }
    if (obj == ObjectiveKind::FlowMatching &&
        (interpolant.family() != InterpolantFamily::FmOt || target != TrainTarget::Velocity))
        return "conditional flow matching trains b on the fm-ot path only (interpolant is " + family + ")";
    if (obj == ObjectiveKind::DenoisingScore && (!interpolant.isOneSided() || target != TrainTarget::Score))
        return "denoising score matching trains s on a one-sided family (fm-ot, vp, subvp, ve) only";
    const auto [lo, hi] = resolvedTimeRange(interpolant);
    if (!(lo < hi)) return "the time range is empty after clipping the ends";
    if (!weightsFiniteAt(interpolant, target, obj, lo) || !weightsFiniteAt(interpolant, target, obj, hi))
        return "the objective's weights blow up at an end of the time range [" + std::to_string(lo) + ", " +
               std::to_string(hi) + "]; move it inside (0, 1)";
    return {};
}

std::pair<double, double> TrainerOptions::resolvedTimeRange(const Interpolant& interpolant) const {
    const ObjectiveKind obj = resolvedObjective(interpolant);
    double lo = tMin, hi = tMax;
    if (lo < 0.0) lo = weightsFiniteAt(interpolant, target, obj, 0.0) ? 0.0 : kAutoTimeClip;
    if (hi < 0.0) hi = weightsFiniteAt(interpolant, target, obj, 1.0) ? 1.0 : 1.0 - kAutoTimeClip;
    return {lo, hi};
}

double TrainerOptions::learningRateAt(int s) const {
    const double lr = learningRate;
    if (s <= warmupSteps && warmupSteps > 0) return lr * s / warmupSteps;
    const int span = steps - warmupSteps;
    const double progress = span > 0 ? std::min(1.0, double(s - warmupSteps) / span) : 1.0;
    const double f = finalLrFraction;
    switch (schedule) {
        case LrScheduleKind::Constant: return lr;
        case LrScheduleKind::Cosine: return lr * (f + (1.0 - f) * 0.5 * (1.0 + std::cos(M_PI * progress)));
        case LrScheduleKind::Linear: return lr * (1.0 - (1.0 - f) * progress);
    }
    return lr;
}

JsonValue trainerOptionsToJson(const TrainerOptions& o) {
    JsonValue j;
    j.set("target", toString(o.target));
    j.set("objective", toString(o.objective));
    j.set("antithetic", o.antithetic);
    j.set("t_min", o.tMin);
    j.set("t_max", o.tMax);
    j.set("coupling", couplingToJson(o.coupling));
    j.set("network", networkOptionsToJson(o.network));
    j.set("optimizer", toString(o.optimizer));
    j.set("learning_rate", o.learningRate);
    j.set("beta1", o.beta1);
    j.set("beta2", o.beta2);
    j.set("adam_epsilon", o.adamEpsilon);
    j.set("weight_decay", o.weightDecay);
    j.set("schedule", toString(o.schedule));
    j.set("warmup_steps", o.warmupSteps);
    j.set("final_lr_fraction", o.finalLrFraction);
    j.set("grad_clip_norm", o.gradClipNorm);
    j.set("ema_decay", o.emaDecay);
    j.set("batch_size", o.batchSize);
    j.set("steps", o.steps);
    // Seeds go up to 2^62: a decimal string keeps every bit (a double would not).
    j.set("seed", std::to_string(o.seed));
    j.set("threads", o.threads);
    j.set("progress_every", o.progressEvery);
    return j;
}

Result<TrainerOptions> trainerOptionsFromJson(const JsonValue& json) {
    if (!json.isObject()) return Error{"trainer options: expected an object"};
    TrainerOptions o;
    auto str = [&](const char* key) -> Result<std::string> {
        const JsonValue* v = json.find(key);
        if (!v || !v->isString()) return Error{std::string("trainer options: missing string '") + key + "'"};
        return v->asString();
    };
    auto num = [&](const char* key) -> Result<double> {
        const JsonValue* v = json.find(key);
        if (!v || !v->isNumber()) return Error{std::string("trainer options: missing number '") + key + "'"};
        return v->asNumber();
    };
    auto whole = [&](const char* key) -> Result<int> {
        auto v = num(key);
        if (!v) return v.error();
        if (*v != std::floor(*v) || std::abs(*v) > 2e9) return Error{std::string("trainer options: '") + key + "' is not a whole number"};
        return static_cast<int>(*v);
    };
#define FLOWLAB_TRY(var, expr) \
    auto var = (expr);         \
    if (!var) return var.error();
    FLOWLAB_TRY(target, str("target"));
    FLOWLAB_TRY(tg, parseTrainTarget(*target));
    FLOWLAB_TRY(objective, str("objective"));
    FLOWLAB_TRY(ob, parseObjectiveKind(*objective));
    const JsonValue* anti = json.find("antithetic");
    if (!anti || !anti->isBool()) return Error{"trainer options: missing flag 'antithetic'"};
    FLOWLAB_TRY(tMin, num("t_min"));
    FLOWLAB_TRY(tMax, num("t_max"));
    // Files written before couplings existed trained on independent pairs.
    CouplingOptions coupling;
    if (const JsonValue* c = json.find("coupling")) {
        auto parsed = couplingFromJson(*c);
        if (!parsed) return Error{"trainer options: " + parsed.message()};
        coupling = *parsed;
    }
    const JsonValue* net = json.find("network");
    if (!net) return Error{"trainer options: missing 'network'"};
    FLOWLAB_TRY(network, networkOptionsFromJson(*net));
    FLOWLAB_TRY(optimizer, str("optimizer"));
    FLOWLAB_TRY(opt, parseOptimizerKind(*optimizer));
    FLOWLAB_TRY(lr, num("learning_rate"));
    FLOWLAB_TRY(b1, num("beta1"));
    FLOWLAB_TRY(b2, num("beta2"));
    FLOWLAB_TRY(eps, num("adam_epsilon"));
    FLOWLAB_TRY(wd, num("weight_decay"));
    FLOWLAB_TRY(schedule, str("schedule"));
    FLOWLAB_TRY(sch, parseLrScheduleKind(*schedule));
    FLOWLAB_TRY(warm, whole("warmup_steps"));
    FLOWLAB_TRY(finalLr, num("final_lr_fraction"));
    FLOWLAB_TRY(clip, num("grad_clip_norm"));
    FLOWLAB_TRY(ema, num("ema_decay"));
    FLOWLAB_TRY(batch, whole("batch_size"));
    FLOWLAB_TRY(steps, whole("steps"));
    FLOWLAB_TRY(seed, str("seed"));
    FLOWLAB_TRY(threads, whole("threads"));
    FLOWLAB_TRY(every, whole("progress_every"));
#undef FLOWLAB_TRY
    o.target = *tg;
    o.objective = *ob;
    o.antithetic = anti->asBool();
    o.tMin = *tMin;
    o.tMax = *tMax;
    o.coupling = coupling;
    o.network = *network;
    o.optimizer = *opt;
    o.learningRate = *lr;
    o.beta1 = *b1;
    o.beta2 = *b2;
    o.adamEpsilon = *eps;
    o.weightDecay = *wd;
    o.schedule = *sch;
    o.warmupSteps = *warm;
    o.finalLrFraction = *finalLr;
    o.gradClipNorm = *clip;
    o.emaDecay = *ema;
    o.batchSize = *batch;
    o.steps = *steps;
    if (seed->empty() || seed->size() > 20 || seed->find_first_not_of("0123456789") != std::string::npos)
        return Error{"trainer options: 'seed' is not a decimal number"};
    o.seed = std::stoull(*seed);
    o.threads = *threads;
    o.progressEvery = *every;
    if (auto p = o.validate(); !p.empty()) return Error{"trainer options: " + p};
    return o;
}

const std::vector<std::string>& trainTargetNames() {
    static const std::vector<std::string> names = {"b", "s", "eta", "v"};
    return names;
}
std::string toString(TrainTarget t) { return trainTargetNames()[static_cast<std::size_t>(t)]; }
Result<TrainTarget> parseTrainTarget(const std::string& name) {
    return parseName<TrainTarget>(name, trainTargetNames(), "field");
}

const std::vector<std::string>& objectiveKindNames() {
    static const std::vector<std::string> names = {"auto", "quadratic", "cfm", "dsm"};
    return names;
}
std::string toString(ObjectiveKind k) { return objectiveKindNames()[static_cast<std::size_t>(k)]; }
Result<ObjectiveKind> parseObjectiveKind(const std::string& name) {
    return parseName<ObjectiveKind>(name, objectiveKindNames(), "objective");
}

std::string toString(OptimizerKind k) { return optimizerNames()[static_cast<std::size_t>(k)]; }
Result<OptimizerKind> parseOptimizerKind(const std::string& name) {
    return parseName<OptimizerKind>(name, optimizerNames(), "optimizer");
}

std::string toString(LrScheduleKind k) { return scheduleNames()[static_cast<std::size_t>(k)]; }
Result<LrScheduleKind> parseLrScheduleKind(const std::string& name) {
    return parseName<LrScheduleKind>(name, scheduleNames(), "learning-rate schedule");
}

}  // namespace flowlab::core
