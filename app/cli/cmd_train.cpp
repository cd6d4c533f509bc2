#include <atomic>
#include <cmath>
#include <optional>
#include <cstdio>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "interrupt.hpp"
#include "stop_watch.hpp"
#include "field/exact_field.hpp"
#include "sampler/sampler.hpp"
#include "scene_options.hpp"
#include "train_args.hpp"
#include "train/coupling.hpp"
#include "train/trainer.hpp"
#include "train_check.hpp"

namespace flowlab::cli {

int runTrain(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = trainingOptionSpecs(kMlpDefaults);
    appendOptionSpecs(specs, mlpNetworkOptionSpecs());
    appendOptionSpecs(specs, couplingOptionSpecs("default independent, or the scene's"));
    appendOptionSpecs(specs, {
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
                              "width", "depth", "activation", "time-embedding", "frequencies", "batch", "coupling",
                              "reflow-pairs", "reflow-steps"}) {
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
        auto options = mlpTrainerOptions(*args, scene->base.dim(), scene->threads);
        if (!options) return fail(options.message());
        auto couplingNote = parseCouplingArgs(*args, scene->method.coupling,
                                              core::meanIndependentCost(scene->base, scene->target),
                                              scene->method.interpolant, *options);
        if (!couplingNote) return fail(couplingNote.message());
        if (!couplingNote->empty()) std::printf("%s\n", couplingNote->c_str());
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
    std::printf("training %s on %s, %s coupling, %d steps, batch %d\n", trainer->info().describe().c_str(),
                core::toString(trainer->info().interpolant.family).c_str(), o.coupling.spec().c_str(), o.steps,
                o.batchSize);
    std::fflush(stdout);

    std::optional<InterruptScope> ctrlC;
    ctrlC.emplace();
    const int startStep = trainer->step();
    core::DivergenceWatch watch;
    std::optional<core::LearnedField> lastGood;
    core::Trainer& running = *trainer;
    std::optional<StopWatch> stopWatch;  // Ctrl-C ends the run within a step, not at the next report
    stopWatch.emplace(0.0, [&running] { running.requestStop(); });
    auto summary = trainer->run([&](const core::TrainProgress& p) {
        std::printf("step %7d/%d  loss %10.5f  ema %10.5f  lr %.3g  %.0f steps/s\n", p.step, p.totalSteps, p.loss,
                    p.emaLoss, p.learningRate, p.stepsPerSecond);
        std::fflush(stdout);
        core::LearnedField snapshot = running.snapshot();
        if (watch.note(p.step, p.emaLoss, p.step > 0 ? relativeFieldError(snapshot) : std::nullopt))
            lastGood = std::move(snapshot);
        return !interrupted();
    });
    stopWatch.reset();
    ctrlC.reset();
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
        if (lastGood) {
            if (core::Status st = lastGood->save(keep); st)
                return fail(why + "; nothing was written to " + *out + ", the last good weights (step " +
                            std::to_string(watch.lastGoodStep()) + ", without optimiser state) are in " + keep);
        }
        return fail(why + "; no progress report was healthy, so nothing was saved (" + *out + " is untouched)");
    }
    if (core::Status st = trainer->saveCheckpoint(*out); !st) return fail(st.message());

    std::printf("%s after %d steps in %.1f s (%.0f steps/s); final loss %.5f, EMA loss %.5f\n",
                summary->outcome == core::TrainOutcome::Completed ? "finished" : "stopped", summary->step,
                summary->seconds, summary->stepsPerSecond, summary->finalLoss, summary->finalEmaLoss);
    if (error && !o.coupling.hasExactField())
        std::printf("relative L2 distance to the exact %s of independent pairs (not this coupling's field, which has "
                    "no closed form) over x ~ ρ_t, t ∈ [0.1, 0.9]: %.4f\n",
                    core::toString(learned.info().field).c_str(), *error);
    else if (error && o.coupling.isComponentCoupling())
        std::printf("relative L2 error vs the exact %s of this coupling's pairs (%s) over x ~ ρ_t, t ∈ [0.1, 0.9]: "
                    "%.4f\n",
                    core::toString(learned.info().field).c_str(), o.coupling.spec().c_str(), *error);
    else if (error)
        std::printf("relative L2 error vs the exact %s over x ~ ρ_t, t ∈ [0.1, 0.9]: %.4f\n",
                    core::toString(learned.info().field).c_str(), *error);
    std::printf("model saved to %s\n", out->c_str());
    return 0;
}

}  // namespace flowlab::cli
