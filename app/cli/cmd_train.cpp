#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "field/exact_field.hpp"
#include "sampler/sampler.hpp"
#include "scene_options.hpp"
#include "train/trainer.hpp"
#include "train_check.hpp"

namespace flowlab::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onInterrupt(int) { g_interrupted = 1; }

core::Result<core::TrainerOptions> trainerOptions(const Args& args, int dim, int threads) {
    core::TrainerOptions o;
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
    auto steps = args.integer("steps", 5000, 1, 1000000000);
    if (!steps) return steps.error();
    o.steps = static_cast<int>(*steps);
    auto batch = args.integer("batch", 256, 1, 1000000);
    if (!batch) return batch.error();
    o.batchSize = static_cast<int>(*batch);
    auto lr = args.number("lr", 2e-3, 1e-12, 10.0);
    if (!lr) return lr.error();
    o.learningRate = *lr;
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
    o.threads = threads;
    if (auto p = o.validate(); !p.empty()) return Error{p};
    return o;
}

}  // namespace

int runTrain(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"field", "KIND", "b (velocity), s (score), eta (denoiser) or v (E[İ | x_t]) (default b)"},
        {"steps", "N", "optimiser steps (default 5000)"},
        {"batch", "B", "batch size (default 256)"},
        {"lr", "X", "peak learning rate (default 2e-3)"},
        {"width", "W", "units per hidden layer (default 128)"},
        {"depth", "D", "hidden layers (default 3)"},
        {"activation", "NAME", "silu, relu, tanh, gelu, softplus (default silu)"},
        {"time-embedding", "KIND", "fourier or sinusoidal (default fourier)"},
        {"frequencies", "K", "time frequencies; the features are 2K numbers (default 16)"},
        {"objective", "KIND", "auto, quadratic (docs/maths.md §5), cfm (fm-ot, b) or dsm (one-sided, s) (default auto)"},
        {"antithetic", "", "antithetic pairs x_t = I_t ± γ z (two-sided families with γ > 0)"},
        {"optimizer", "NAME", "adam or adamw (default adam)"},
        {"weight-decay", "X", "decoupled weight decay of adamw (default 0)"},
        {"schedule", "KIND", "learning-rate schedule: constant, cosine or linear (default cosine)"},
        {"warmup", "N", "linear warm-up steps (default min(100, steps/10))"},
        {"clip", "X", "clip the gradient norm to X; 0 = off (default 1)"},
        {"ema", "X", "EMA decay of the weights; 0 = off (default 0.999)"},
        {"t-min", "T", "lower end of the training times (default 0, or 1e-3 where a weight blows up)"},
        {"t-max", "T", "upper end of the training times (default 1, or 1 − 1e-3)"},
        {"progress-every", "N", "print a progress line every N steps (default steps/20)"},
        {"resume", "MODEL", "continue the run saved in MODEL (scene and options come from it; --steps sets the new total)"},
        {"out", "MODEL", "write the model here (atomically; required)"},
    };
    appendOptionSpecs(specs, sceneOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli train [scene options] --field b|s|eta|v --steps N [--batch B --lr X\n"
                                "                          --width W --depth D --threads T] --out MODEL",
                                "Trains an MLP on [x, time features(t)] for the chosen field with data drawn from\n"
                                "the scene's densities at every step (docs/maths.md §5), printing progress lines and a\n"
                                "summary that compares the learned field with the exact one. The model file holds\n"
                                "the scene, interpolant, field, architecture, weights and optimiser state; use it\n"
                                "with field/sample/nll --model, or continue with --resume. Ctrl-C stops early and\n"
                                "still saves.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = args->required("out");
    if (!out) return fail(out.message());

    core::Result<core::Trainer> trainer = core::Error{"no trainer"};
    if (args->has("resume")) {
        for (const char* o : {"base", "target", "interpolant", "gamma", "gamma-a", "sigma-min", "vp-beta-min", "vp-beta-max", "ve-sigma-min", "ve-sigma-max", "field", "objective",
                              "width", "depth", "activation", "time-embedding", "frequencies", "batch"}) {
            if (args->has(o)) return fail(std::string("--") + o + " cannot change a resumed run (it comes from the model file)");
        }
        int steps = 0;
        if (args->has("steps")) {
            auto s = args->integer("steps", 0, 1, 1000000000);
            if (!s) return fail(s.message());
            steps = static_cast<int>(*s);
        }
        trainer = core::Trainer::resume(*args->value("resume"), steps);
        if (!trainer) return fail(trainer.message());
    } else {
        auto scene = parseScene(*args);
        if (!scene) return fail(scene.message());
        auto options = trainerOptions(*args, scene->base.dim(), scene->threads);
        if (!options) return fail(options.message());
        options->seed = scene->seed();
        // A run that cannot fit is refused before it allocates (the kernel would kill it at
        // many GB, or torch would fail with a page of stack trace).
        const std::uint64_t need = estimateTrainingBytes(*options);
        if (const auto have = availableMemoryBytes(); have && need > *have)
            return fail("this run needs about " + formatBytes(need) + " of memory (width " +
                        std::to_string(options->network.width) + ", depth " + std::to_string(options->network.depth) +
                        ", batch " + std::to_string(options->batchSize) + ") but only " + formatBytes(*have) +
                        " is available; lower --batch, --width or --depth");
        trainer = core::Trainer::create(scene->base, scene->target, scene->interpolantOptions(), *options);
        if (!trainer) return fail(trainer.message());
    }
    const core::TrainerOptions& o = trainer->options();
    std::printf("training %s on %s, %d steps, batch %d\n", trainer->info().describe().c_str(),
                core::toString(trainer->info().interpolant.family).c_str(), o.steps, o.batchSize);
    std::fflush(stdout);

    g_interrupted = 0;
    auto previous = std::signal(SIGINT, onInterrupt);
    const int startStep = trainer->step();
    DivergenceWatch watch;
    core::Trainer& running = *trainer;
    auto summary = trainer->run([&](const core::TrainProgress& p) {
        std::printf("step %7d/%d  loss %10.5f  ema %10.5f  lr %.3g  %.0f steps/s\n", p.step, p.totalSteps, p.loss,
                    p.emaLoss, p.learningRate, p.stepsPerSecond);
        std::fflush(stdout);
        watch.note(p.step, p.emaLoss, running.snapshot());
        return g_interrupted == 0;
    });
    std::signal(SIGINT, previous);
    if (!summary) {
        // Divergence restored the last good weights. A failing command leaves nothing at --out
        // (a script must not take the file for a finished model), but the work is not thrown
        // away either: the weights go beside it, under a name that says what they are — unless
        // no step was good, when they are the untrained initial ones.
        const std::string keep = *out + ".last-good";
        if (trainer->step() > startStep) {
            if (core::Status st = trainer->saveCheckpoint(keep); st)
                return fail(summary.message() + "; nothing was written to " + *out + ", the last good weights (step " +
                            std::to_string(trainer->step()) + ") are in " + keep);
        }
        return fail(summary.message() + "; nothing was written to " + *out);
    }
    // Stopped before its first step (Ctrl-C at once): the weights are the untrained initial
    // ones; writing them would pass them off as a trained model.
    if (summary->step == startStep && !args->has("resume"))
        return fail("stopped before the first step; nothing was written to " + *out);
    // A run that blew up without a NaN (a learning rate far too high) ends with finite but
    // absurd weights: judge the final state before saving it as a trained model.
    const core::LearnedField learned = trainer->snapshot();
    const std::optional<double> error = relativeFieldError(learned);
    if (std::string why = watch.verdict(summary->finalEmaLoss, error); !why.empty()) {
        const std::string keep = *out + ".last-good";
        if (watch.lastGood()) {
            if (core::Status st = watch.lastGood()->save(keep); st)
                return fail(why + "; nothing was written to " + *out + ", the last good weights (step " +
                            std::to_string(watch.lastGoodStep()) + ", without optimiser state) are in " + keep);
        }
        return fail(why + "; no progress report was healthy, so nothing was saved (" + *out + " is untouched)");
    }
    if (core::Status st = trainer->saveCheckpoint(*out); !st) return fail(st.message());

    std::printf("%s after %d steps in %.1f s (%.0f steps/s); final loss %.5f, EMA loss %.5f\n",
                summary->outcome == core::TrainOutcome::Completed ? "finished" : "stopped", summary->step,
                summary->seconds, summary->stepsPerSecond, summary->finalLoss, summary->finalEmaLoss);
    if (error)
        std::printf("relative L2 error vs the exact %s over x ~ ρ_t, t ∈ [0.1, 0.9]: %.4f\n",
                    core::toString(learned.info().field).c_str(), *error);
    std::printf("model saved to %s\n", out->c_str());
    return 0;
}

}  // namespace flowlab::cli
