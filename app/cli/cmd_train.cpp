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
#include "train_args.hpp"
#include "train/trainer.hpp"

namespace flowlab::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onInterrupt(int) { g_interrupted = 1; }

// Points from ρ_t at these times measure how close the learned field is to the exact one.
constexpr double kCheckTimes[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
constexpr int kCheckPointsPerTime = 400;

// The MLP trainer's defaults for the options `train` shares with `images train`.
const TrainingArgDefaults kMlpDefaults{5000, 256, 2e-3};

core::Result<core::TrainerOptions> trainerOptions(const Args& args, int dim, int threads) {
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

}  // namespace

int runTrain(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = trainingOptionSpecs(kMlpDefaults);
    appendOptionSpecs(specs, {
        {"width", "W", "units per hidden layer (default 128)"},
        {"depth", "D", "hidden layers (default 3)"},
        {"activation", "NAME", "silu, relu, tanh, gelu, softplus (default silu)"},
        {"time-embedding", "KIND", "fourier or sinusoidal (default fourier)"},
        {"frequencies", "K", "time frequencies; the features are 2K numbers (default 16)"},
        {"resume", "MODEL", "continue the run saved in MODEL (scene and options come from it; --steps sets the new total)"},
        {"out", "MODEL", "write the model here (atomically; required)"},
    });
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
        options->seed = scene->seed;
        trainer = core::Trainer::create(scene->base, scene->target, scene->interpolantOptions, *options);
        if (!trainer) return fail(trainer.message());
    }
    const core::TrainerOptions& o = trainer->options();
    std::printf("training %s on %s, %d steps, batch %d\n", trainer->info().describe().c_str(),
                core::toString(trainer->info().interpolant.family).c_str(), o.steps, o.batchSize);
    std::fflush(stdout);

    g_interrupted = 0;
    auto previous = std::signal(SIGINT, onInterrupt);
    auto summary = trainer->run([](const core::TrainProgress& p) {
        std::printf("step %7d/%d  loss %10.5f  ema %10.5f  lr %.3g  %.0f steps/s\n", p.step, p.totalSteps, p.loss,
                    p.emaLoss, p.learningRate, p.stepsPerSecond);
        std::fflush(stdout);
        return g_interrupted == 0;
    });
    std::signal(SIGINT, previous);
    if (!summary) {
        // Divergence restored the last good weights. A failing command leaves nothing at --out
        // (a script must not take the file for a finished model), but the work is not thrown
        // away either: the weights go beside it, under a name that says what they are.
        const std::string keep = *out + ".last-good";
        if (core::Status st = trainer->saveCheckpoint(keep); st)
            return fail(summary.message() + "; nothing was written to " + *out + ", the last good weights (step " +
                        std::to_string(trainer->step()) + ") are in " + keep);
        return fail(summary.message() + "; nothing was written to " + *out);
    }
    if (core::Status st = trainer->saveCheckpoint(*out); !st) return fail(st.message());

    std::printf("%s after %d steps in %.1f s (%.0f steps/s); final loss %.5f, EMA loss %.5f\n",
                summary->outcome == core::TrainOutcome::Completed ? "finished" : "stopped", summary->step,
                summary->seconds, summary->stepsPerSecond, summary->finalLoss, summary->finalEmaLoss);

    // How close the learned field is to the exact one, over points from ρ_t.
    const core::ModelInfo info = trainer->info();
    const core::LearnedField learned = trainer->snapshot();
    auto interpolant = core::Interpolant::create(info.interpolant);
    auto exact = core::ExactField::create(info.base, info.target, *interpolant);
    const unsigned kind = info.field == core::TrainTarget::Score      ? core::kScore
                          : info.field == core::TrainTarget::Denoiser ? core::kDenoiser
                                                                       : core::kVelocity;
    if (exact && learned.canProvide(kind)) {
        core::Rng rng(info.trainer.seed + 1);
        double num = 0.0, den = 0.0;
        bool ok = true;
        for (double t : kCheckTimes) {
            const core::Points x = core::sampleInterpolant(info.base, info.target, *interpolant, t, kCheckPointsPerTime, rng);
            core::FieldValues a, b;
            if (!learned.evaluate(t, x, kind, a) || !exact->evaluate(t, x, kind, b)) {
                ok = false;
                break;
            }
            const core::Points& fa = kind == core::kVelocity ? a.velocity : kind == core::kScore ? a.score : a.denoiser;
            const core::Points& fb = kind == core::kVelocity ? b.velocity : kind == core::kScore ? b.score : b.denoiser;
            num += (fa - fb).squaredNorm();
            den += fb.squaredNorm();
        }
        if (ok && den > 0.0)
            std::printf("relative L2 error vs the exact %s over x ~ ρ_t, t ∈ [0.1, 0.9]: %.4f\n",
                        core::toString(info.field).c_str(), std::sqrt(num / den));
    }
    std::printf("model saved to %s\n", out->c_str());
    return 0;
}

}  // namespace flowlab::cli
