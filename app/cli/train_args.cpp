#include "train_args.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "train/coupling.hpp"

namespace flowlab::cli {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

std::vector<OptionSpec> trainingOptionSpecs(const TrainingArgDefaults& d) {
    return {
        {"field", "KIND", "b (velocity), s (score), eta (denoiser) or v (E[İ | x_t]) (default b)"},
        {"objective", "KIND", "auto, quadratic (docs/maths.md §5), cfm (fm-ot, b) or dsm (one-sided, s) (default auto)"},
        {"antithetic", "", "antithetic pairs x_t = I_t ± γ z (two-sided families with γ > 0)"},
        {"steps", "N", "optimiser steps (default " + std::to_string(d.steps) + ")"},
        {"batch", "B", "batch size (default " + std::to_string(d.batch) + ")"},
        {"lr", "X", "peak learning rate (default " + number(d.learningRate) + ")"},
        {"optimizer", "NAME", "adam or adamw (default adam)"},
        {"weight-decay", "X", "decoupled weight decay of adamw (default 0)"},
        {"schedule", "KIND", "learning-rate schedule: constant, cosine or linear (default cosine)"},
        {"warmup", "N", "linear warm-up steps (default min(100, steps/10))"},
        {"clip", "X", "clip the gradient norm to X; 0 = off (default 1)"},
        {"ema", "X", "EMA decay of the weights; 0 = off (default 0.999)"},
        {"t-min", "T", "lower end of the training times (default 0, or 1e-3 where a weight blows up)"},
        {"t-max", "T", "upper end of the training times (default 1, or 1 − 1e-3)"},
        {"progress-every", "N", "print a progress line every N steps (default steps/20)"},
    };
}

core::Status parseTrainingArgs(const Args& args, const TrainingArgDefaults& d, core::TrainerOptions& o) {
    using core::Error;
    auto field = args.string("field", "b");
    if (!field) return field.error();
    auto target = core::parseTrainTarget(*field);
    if (!target) return Error{"--field: " + target.message()};
    o.target = *target;
    auto objective = args.string("objective", "auto");
    if (!objective) return objective.error();
    auto obj = core::parseObjectiveKind(*objective);
    if (!obj) return Error{"--objective: " + obj.message()};
    o.objective = *obj;
    o.antithetic = args.flag("antithetic");
    auto steps = args.integer("steps", d.steps, 1, 1000000000);
    if (!steps) return steps.error();
    o.steps = static_cast<int>(*steps);
    auto batch = args.integer("batch", d.batch, 1, 1000000);
    if (!batch) return batch.error();
    o.batchSize = static_cast<int>(*batch);
    auto lr = args.number("lr", d.learningRate, 1e-12, 10.0);
    if (!lr) return lr.error();
    o.learningRate = *lr;
    auto optimizer = args.string("optimizer", "adam");
    if (!optimizer) return optimizer.error();
    auto opt = core::parseOptimizerKind(*optimizer);
    if (!opt) return Error{"--optimizer: " + opt.message()};
    o.optimizer = *opt;
    auto wd = args.number("weight-decay", 0.0, 0.0, 10.0);
    if (!wd) return wd.error();
    o.weightDecay = *wd;
    auto schedule = args.string("schedule", "cosine");
    if (!schedule) return schedule.error();
    auto sch = core::parseLrScheduleKind(*schedule);
    if (!sch) return Error{"--schedule: " + sch.message()};
    o.schedule = *sch;
    auto warmup = args.integer("warmup", std::min<long long>(100, *steps / 10), 0, 1000000000);
    if (!warmup) return warmup.error();
    o.warmupSteps = static_cast<int>(*warmup);
    auto clip = args.number("clip", 1.0, 0.0, 1e12);
    if (!clip) return clip.error();
    o.gradClipNorm = *clip;
    auto ema = args.number("ema", 0.999, 0.0, 0.999999);
    if (!ema) return ema.error();
    o.emaDecay = *ema;
    auto tMin = args.number("t-min", -1.0, 0.0, 1.0);
    if (!tMin) return tMin.error();
    o.tMin = *tMin;
    auto tMax = args.number("t-max", -1.0, 0.0, 1.0);
    if (!tMax) return tMax.error();
    o.tMax = *tMax;
    auto every = args.integer("progress-every", std::max<long long>(1, *steps / 20), 1, 1000000000);
    if (!every) return every.error();
    o.progressEvery = static_cast<int>(*every);
    return core::Status::success();
}

std::vector<OptionSpec> couplingOptionSpecs(const std::string& defaultNote) {
    const core::CouplingOptions d;
    return {
        {"coupling", "KIND", "pairs (x0, x1): independent, ot (exact minibatch OT, batch ≤ 512), sinkhorn:REG (entropic OT, "
                             "λ = REG · E‖x0 − x1‖²; sets γ a-brownian with a = λ/2 unless --gamma is given: SB-CFM) or "
                             "reflow:MODEL (pairs (x0, Φ_1(x0)) of MODEL's ODE; chain for k = 2, 3), or a coupling of the "
                             "mixture components, which keeps an exact field: components-ot (OT plan of the component "
                             "weights, cost W2²) or components-sinkhorn:REG (" + defaultNote + ")"},
        {"reflow-pairs", "N", "reflow: pairs drawn once through the parent's flow map (default " +
                                  std::to_string(d.reflowPairs) + ")"},
        {"reflow-steps", "K", "reflow: RK4 steps of the parent's flow map, 4 network evaluations each (default " +
                                  std::to_string(d.reflowSteps) + ")"},
    };
}

core::Result<std::string> parseCouplingArgs(const Args& args, const core::CouplingOptions& fallback, double meanCost,
                                            core::InterpolantOptions& io, core::TrainerOptions& options) {
    using core::Error;
    core::CouplingOptions coupling = fallback;
    if (args.has("coupling")) {
        auto parsed = core::parseCoupling(*args.value("coupling"));
        if (!parsed) return Error{"--coupling: " + parsed.message()};
        coupling = *parsed;
    }
    const bool reflow = coupling.kind == core::CouplingKind::Reflow;
    for (const char* name : {"reflow-pairs", "reflow-steps"})
        if (args.has(name) && !reflow) return Error{std::string("--") + name + " needs --coupling reflow:MODEL"};
    auto pairs = args.integer("reflow-pairs", coupling.reflowPairs, 1, 1000000);
    if (!pairs) return pairs.error();
    auto steps = args.integer("reflow-steps", coupling.reflowSteps, 1, 10000);
    if (!steps) return steps.error();
    coupling.reflowPairs = static_cast<int>(*pairs);
    coupling.reflowSteps = static_cast<int>(*steps);
    options.coupling = coupling;
    if (coupling.kind != core::CouplingKind::Sinkhorn) return std::string();
    const double a = core::schrodingerBridgeGammaA(coupling, meanCost);
    char line[256];
    if (core::isOneSided(io.family)) {
        std::snprintf(line, sizeof line,
                      "note: %s is one-sided (no γ): entropic OT pairs without the Brownian bridge of SB-CFM",
                      core::toString(io.family).c_str());
    } else if (!args.has("gamma") && !args.has("gamma-a")) {
        io.gamma = core::GammaKind::ABrownian;
        io.gammaA = a;
        std::snprintf(line, sizeof line,
                      "SB-CFM: γ(t) = √(a t(1 − t)) with a = λ/2 = %.6g (λ = %.6g); sample with --gamma a-brownian "
                      "--gamma-a %.6g", a, 2.0 * a, a);
    } else if (io.gamma != core::GammaKind::ABrownian || std::abs(io.gammaA - a) > 1e-6 * a) {
        std::snprintf(line, sizeof line,
                      "note: the Schrödinger bridge of this coupling has γ a-brownian with a = %.6g; training with "
                      "the given γ instead", a);
    } else {
        return std::string();
    }
    return std::string(line);
}

std::vector<OptionSpec> mlpNetworkOptionSpecs() {
    return {
        {"width", "W", "units per hidden layer (default 128)"},
        {"depth", "D", "hidden layers (default 3)"},
        {"activation", "NAME", "silu, relu, tanh, gelu, softplus (default silu)"},
        {"time-embedding", "KIND", "fourier or sinusoidal (default fourier)"},
        {"frequencies", "K", "time frequencies; the features are 2K numbers (default 16)"},
    };
}

core::Result<core::TrainerOptions> mlpTrainerOptions(const Args& args, int dim, int threads) {
    core::TrainerOptions o;
    using core::Error;
    if (core::Status st = parseTrainingArgs(args, kMlpDefaults, o); !st) return Error{st.message()};
    auto width = args.integer("width", 128, 1, 4096);
    if (!width) return width.error();
    o.network.width = static_cast<int>(*width);
    auto depth = args.integer("depth", 3, 1, 32);
    if (!depth) return depth.error();
    o.network.depth = static_cast<int>(*depth);
    auto act = args.string("activation", "silu");
    if (!act) return act.error();
    auto a = core::parseActivation(*act);
    if (!a) return Error{"--activation: " + a.message()};
    o.network.activation = *a;
    auto emb = args.string("time-embedding", "fourier");
    if (!emb) return emb.error();
    auto e = core::parseTimeEmbedding(*emb);
    if (!e) return Error{"--time-embedding: " + e.message()};
    o.network.timeEmbedding = *e;
    auto freq = args.integer("frequencies", 16, 1, 512);
    if (!freq) return freq.error();
    o.network.timeFrequencies = static_cast<int>(*freq);
    o.network.inputDim = dim;
    o.threads = threads;
    if (auto p = o.validate(); !p.empty()) return Error{p};
    return o;
}

}  // namespace flowlab::cli
