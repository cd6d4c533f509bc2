#include <chrono>
#include <cstdio>
#include <iostream>
#include <cmath>
#include <optional>
#include <set>

#include "commands.hpp"
#include "interrupt.hpp"
#include "stop_watch.hpp"
#include "image_args.hpp"
#include "images/image_data.hpp"
#include "images_commands.hpp"
#include "metrics/image_quality.hpp"
#include "sampler/image_sampling.hpp"
#include "scene_options.hpp"
#include "train_args.hpp"
#include "train/image_classifier.hpp"
#include "train/image_coupling.hpp"
#include "train/image_trainer.hpp"

namespace flowlab::cli {

namespace {


// The options of `images train` that describe the run; --resume takes them from the model file.
const char* const kFixedByResume[] = {"field", "objective", "interpolant", "gamma", "gamma-a", "sigma-min",
                                      "vp-beta-min", "vp-beta-max", "ve-sigma-min", "ve-sigma-max", "width",
                                      "levels", "res-blocks", "groups", "batch", "classes", "cfg-dropout",
                                      "device", "antithetic", "no-dequantize", "coupling", "reflow-pairs",
                                      "reflow-steps"};

// The U-Net trainer's defaults for the options `images train` shares with `train`.
const TrainingArgDefaults kImageDefaults{2000, 64, 1e-3};

std::vector<OptionSpec> imagesTrainSpecs() {
    std::vector<OptionSpec> specs = trainingOptionSpecs(kImageDefaults);
    appendOptionSpecs(specs, {
        {"width", "C", "U-Net base channels (default 32)"},
        {"levels", "M,M,...", "channel multiplier per resolution level (default 1,2,2)"},
        {"res-blocks", "N", "residual blocks per level (default 1)"},
        {"groups", "G", "GroupNorm groups, dividing --width (default 8)"},
        {"minutes", "M", "stop after M minutes of training (the model is saved)"},
        {"classes", "", "condition on the labels, with a null class for classifier-free guidance"},
        {"cfg-dropout", "P", "with --classes: probability of training a label as the null class (default 0.1)"},
        {"no-dequantize", "", "train on the pixel values as they are (default: uniform dequantisation)"},
        {"device", "NAME", "cpu or cuda (default cpu; this LibTorch may have no CUDA)"},
        {"resume", "MODEL", "continue the run saved in MODEL (options and, without --data, the data come from it)"},
        {"classifier-out", "FILE", "also train the classifier CNN on the labels, report its test accuracy, save it here"},
        {"classifier-steps", "N", "classifier training steps (default 1500)"},
        {"classifier", "FILE", "a classifier saved by --classifier-out, for --eval-samples"},
        {"eval-samples", "N", "after training, draw N samples (probability-flow ODE, Heun) and report the classifier "
                              "Fréchet distance to the test split and the class entropy (needs a classifier)"},
        {"eval-steps", "K", "Heun steps of --eval-samples (default 25)"},
        {"out", "MODEL", "write the model here (atomically; required)"},
    });
    appendOptionSpecs(specs, couplingOptionSpecs("on flattened pixel vectors; reflow:MODEL takes an image model of "
                                                 "the same data; default independent"));
    appendOptionSpecs(specs, imageDataOptionSpecs());
    // The interpolant options and --seed/--threads of the scene commands (not their densities:
    // the base is N(0, I) and the target is the data set).
    const std::set<std::string> shared = {"interpolant", "sigma-min", "gamma", "gamma-a", "seed", "threads",
                                          "vp-beta-min", "vp-beta-max", "ve-sigma-min", "ve-sigma-max"};
    for (OptionSpec spec : sceneOptionSpecs()) {
        if (!shared.count(spec.name)) continue;
        if (spec.name == "interpolant") spec.help = "linear, trig, encdec, fm-ot, vp, subvp, ve (default fm-ot)";
        if (spec.name == "threads") spec.help = "data-parallel training workers, each single-threaded; 0 = half the cores (default 0)";
        specs.push_back(spec);
    }
    return specs;
}

core::Result<core::ImageTrainerOptions> trainerOptions(const Args& args, const core::ImageDataset& data) {
    using core::Error;
    core::ImageTrainerOptions o = core::ImageTrainerOptions::defaults();
    core::TrainerOptions& t = o.training;
    if (core::Status st = parseTrainingArgs(args, kImageDefaults, t); !st) return Error{st.message()};
    auto seed = args.integer("seed", 0, 0, (1LL << 62));
    if (!seed) return seed.error();
    t.seed = static_cast<std::uint64_t>(*seed);
    auto threads = args.integer("threads", 0, 0, 1024);
    if (!threads) return threads.error();
    t.threads = static_cast<int>(*threads);

    core::UNetOptions& n = o.network;
    n.channels = data.channels;
    n.height = data.height;
    n.width = data.width;
    auto width = args.integer("width", 32, 1, 512);
    if (!width) return width.error();
    n.baseChannels = static_cast<int>(*width);
    if (auto levels = args.value("levels")) {
        auto m = core::parseChannelMultipliers(*levels);
        if (!m) return Error{"--levels: " + m.message()};
        n.channelMultipliers = *m;
    }
    auto blocks = args.integer("res-blocks", 1, 1, 8);
    if (!blocks) return blocks.error();
    n.resBlocks = static_cast<int>(*blocks);
    auto groups = args.integer("groups", std::min<long long>(8, *width), 1, 512);
    if (!groups) return groups.error();
    n.groups = static_cast<int>(*groups);
    if (args.flag("classes")) {
        if (!data.hasLabels() || data.classCount() < 2)
            return Error{"--classes: the data set " + data.description + " has no labels"};
        n.classCount = data.classCount();
        auto dropout = args.number("cfg-dropout", 0.1, 0.0, 1.0);
        if (!dropout) return dropout.error();
        o.classDropout = *dropout;
    } else if (args.has("cfg-dropout")) {
        return Error{"--cfg-dropout needs --classes"};
    }
    o.dequantize = !args.flag("no-dequantize");
    auto device = args.string("device", "cpu");
    if (!device) return device.error();
    o.device = *device;
    return o;
}

core::Result<core::ImageSplits> loadData(const Args& args, const std::string& resumePath) {
    if (resumePath.empty() || args.has("data")) {
        auto options = parseImageDataArgs(args);
        if (!options) return options.error();
        return core::loadImageData(*options);
    }
    for (const char* o : {"size", "max-train", "max-test", "data-seed"})
        if (args.has(o)) return core::Error{std::string("--") + o + " needs --data (a resumed run reloads its own data otherwise)"};
    auto checkpoint = core::readUNetCheckpoint(resumePath);
    if (!checkpoint) return checkpoint.error();
    return core::loadImageData(checkpoint->info.data.source);
}

core::Result<core::ImageClassifier> trainClassifier(const Args& args, const core::ImageSplits& data,
                                                   const std::string& path) {
    core::ImageClassifierOptions o;
    auto steps = args.integer("classifier-steps", o.steps, 1, 10000000);
    if (!steps) return steps.error();
    o.steps = static_cast<int>(*steps);
    o.progressEvery = std::max(1, o.steps / 10);
    auto seed = args.integer("seed", 0, 0, (1LL << 62));
    if (!seed) return seed.error();
    o.seed = static_cast<std::uint64_t>(*seed);
    std::printf("training the classifier on %zu labelled images, %d steps\n", data.train.size(), o.steps);
    std::fflush(stdout);
    auto classifier = core::ImageClassifier::train(data.train, o, [](const core::ClassifierProgress& p) {
        std::printf("classifier step %6d/%d  loss %.4f  batch accuracy %.3f\n", p.step, p.totalSteps, p.loss,
                    p.batchAccuracy);
        std::fflush(stdout);
        return !interrupted();
    });
    if (!classifier) return classifier.error();
    auto accuracy = classifier->accuracy(data.test);
    if (!accuracy) return accuracy.error();
    if (core::Status st = classifier->save(path); !st) return core::Error{st.message()};
    std::printf("classifier test accuracy %.4f on %zu images; saved to %s\n", *accuracy, data.test.size(), path.c_str());
    return classifier;
}

// Samples the trained model and measures them with the classifier against the test split.
int evaluateSamples(const Args& args, const core::ImageTrainer& trainer, const core::ImageSplits& data,
                    const core::ImageClassifier& classifier) {
    auto n = args.integer("eval-samples", 2, 2, 100000);
    if (!n) return fail(n.message());
    auto steps = args.integer("eval-steps", 25, 1, 100000);
    if (!steps) return fail(steps.message());
    auto field = trainer.snapshot();
    if (!field) return fail(field.message());
    core::SamplerOptions options;
    options.solver = core::SolverKind::Heun;
    options.steps = static_cast<int>(*steps);
    if (auto p = options.validate(field->interpolant()); !p.empty()) return fail(p);
    if (!field->canProvide(options.requiredFields()))
        return fail("--eval-samples needs b, which a model of " + core::toString(field->info().field) + " on " +
                    core::toString(field->interpolant().family()) + " does not provide");
    core::Rng rng(trainer.options().training.seed + 17);
    const auto start = std::chrono::steady_clock::now();
    auto samples = core::sample(*field, field->interpolant(),
                                core::gaussianStart(field->interpolant(), field->dim(), *n, rng), options, rng);
    if (!samples) return fail(samples.message());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto quality = core::measureImageQuality(classifier, samples->end, data.test);
    if (!quality) return fail(quality.message());
    std::printf("eval: %lld samples (Heun, %lld steps, %.1f s): classifier Fréchet distance to %zu test images %.4f "
                "(test-vs-test floor %.4f); class entropy %.4f of ln K = %.4f (test images %.4f)\n",
                *n, *steps, seconds, data.test.size(), quality->frechet, quality->referenceFloor, quality->samples.entropy,
                std::log(static_cast<double>(classifier.classCount())), quality->reference.entropy);
    std::string histogram;
    for (std::size_t k = 0; k < quality->samples.fractions.size(); ++k) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%.3f", k ? " " : "", quality->samples.fractions[k]);
        histogram += buf;
    }
    std::printf("eval: class histogram of the samples: %s\n", histogram.c_str());
    return 0;
}

}  // namespace

int runImagesTrain(const std::vector<std::string>& tokens) {
    const std::vector<OptionSpec> specs = imagesTrainSpecs();
    if (wantsHelp(tokens)) {
        std::cout << formatHelp(
            "flowlab-cli images train --data SPEC [--size S] [--field b|s|eta|v] [--interpolant NAME]\n"
            "                         [--width C --levels 1,2,2] [--steps N | --minutes M] [--classes] --out MODEL",
            "Trains a time-conditioned U-Net for the chosen field on an image data set in pixel space\n"
            "(values in [-1, 1]; base N(0, I) at t = 0, the images at t = 1), with the objectives of\n"
            "docs/maths.md §5, Adam, a cosine schedule, gradient clipping and an EMA of the weights.\n"
            "--classes conditions on the labels with a null class for classifier-free guidance.\n"
            "Prints progress lines; Ctrl-C or --minutes stops early and still saves. On failure\n"
            "nothing is written to --out. --classifier-out also trains the classifier CNN that\n"
            "`images metrics` measures samples with.",
            specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = args->required("out");
    if (!out) return fail(out.message());
    const std::string resumePath = args->value("resume").value_or("");
    if (!resumePath.empty())
        for (const char* o : kFixedByResume)
            if (args->has(o)) return fail(std::string("--") + o + " cannot change a resumed run (it comes from the model file)");
    double minutes = 0.0;
    if (args->has("minutes")) {
        auto m = args->number("minutes", 0.0, 1e-3, 1e6);
        if (!m) return fail(m.message());
        minutes = *m;
    }
    // Everything about the evaluation is checked before the (long) training starts.
    std::optional<core::ImageClassifier> classifier;
    if (auto given = args->value("classifier")) {
        if (args->has("classifier-out")) return fail("--classifier and --classifier-out exclude each other");
        auto loaded = core::ImageClassifier::load(*given);
        if (!loaded) return fail(loaded.message());
        classifier.emplace(std::move(*loaded));
    }
    if (args->has("eval-samples")) {
        if (auto v = args->integer("eval-samples", 2, 2, 100000); !v) return fail(v.message());
        if (auto v = args->integer("eval-steps", 25, 1, 100000); !v) return fail(v.message());
        if (!classifier && !args->has("classifier-out"))
            return fail("--eval-samples needs --classifier FILE or --classifier-out FILE");
    }
    auto data = loadData(*args, resumePath);
    if (!data) return fail(data.message());
    if (classifier && (classifier->channels() != data->train.channels || classifier->height() != data->train.height ||
                       classifier->width() != data->train.width))
        return fail("--classifier: it was trained on " + classifier->dataDescription() + ", images of another size");

    core::Result<core::ImageTrainer> trainer = core::Error{"no trainer"};
    std::string couplingNote;
    if (!resumePath.empty()) {
        int steps = 0;
        if (args->has("steps")) {
            auto s = args->integer("steps", 0, 1, 1000000000);
            if (!s) return fail(s.message());
            steps = static_cast<int>(*s);
        }
        trainer = core::ImageTrainer::resume(resumePath, data->train, steps);
    } else {
        auto options = trainerOptions(*args, data->train);
        if (!options) return fail(options.message());
        auto dataOptions = parseImageDataArgs(*args);
        if (!dataOptions) return fail(dataOptions.message());
        options->dataSource = *dataOptions;
        core::InterpolantOptions io;
        io.family = core::InterpolantFamily::FmOt;
        if (core::Status st = parseInterpolantArgs(*args, io); !st) return fail(st.message());
        auto note = parseCouplingArgs(*args, {}, core::meanIndependentCost(data->train, options->dequantize), io,
                                      options->training);
        if (!note) return fail(note.message());
        couplingNote = *note;
        trainer = core::ImageTrainer::create(data->train, io, *options);
    }
    if (!trainer) return fail(trainer.message());
    if (!couplingNote.empty()) std::printf("%s\n", couplingNote.c_str());
    const core::ImageTrainerOptions& o = trainer->options();
    std::printf("training %s\n  on %zu images (%s), %lld parameters, %.3g GFLOP per step, batch %d, %d steps, %s, "
                "%s coupling\n",
                trainer->info().describe().c_str(), data->train.size(), data->train.description.c_str(),
                trainer->parameterCount(), trainer->flopsPerStep() / 1e9, o.training.batchSize, o.training.steps,
                o.device.c_str(), o.training.coupling.spec().c_str());
    std::fflush(stdout);

    const int startStep = trainer->step();
    // As `train` does: judge every progress report, keep the weights of the healthy ones, and
    // judge the final state before saving it as a trained model (a learning rate far too high
    // can leave finite but absurd weights that the trainer's NaN check lets through). Images
    // have no cheap exact field to compare with; the loss of a network that outputs zero is the
    // yardstick instead.
    core::DivergenceWatch watch;
    watch.setDataFreeLoss(trainer->dataFreeLoss());
    std::optional<core::UNetField> lastGood;
    core::ImageTrainer& running = *trainer;
    // Ctrl-C stops the training, and after it the classifier's training and the evaluation.
    const InterruptScope ctrlC;
    // Ctrl-C and --minutes end the run within a step, not at the next progress report.
    std::optional<StopWatch> stopWatch;
    stopWatch.emplace(60.0 * minutes, [&running] { running.requestStop(); });
    auto summary = trainer->run([&](const core::TrainProgress& p) {
        std::printf("step %7d/%d  loss %10.5f  ema %10.5f  lr %.3g  %.2f steps/s  %.0f s\n", p.step, p.totalSteps,
                    p.loss, p.emaLoss, p.learningRate, p.stepsPerSecond, p.elapsedSeconds);
        std::fflush(stdout);
        if (watch.note(p.step, p.emaLoss))
            if (auto snapshot = running.snapshot()) lastGood.emplace(std::move(*snapshot));
        return !interrupted();
    });
    stopWatch.reset();
    // A failing command leaves nothing at --out; the last healthy weights go beside it, under a
    // name that says what they are: with the optimiser state when the trainer restored exactly
    // them (a NaN right after a healthy report), else the kept inference weights — and nothing
    // when no report was healthy (the untrained or diverged weights would pass for a model).
    auto failKeeping = [&](std::string why) {
        if (!why.empty() && why.back() == '.') why.pop_back();
        const std::string keep = *out + ".last-good";
        const int good = watch.lastGoodStep();
        core::Status kept = core::Error{"none"};
        std::string what;
        if (good > 0 && good == trainer->step()) {
            kept = trainer->saveCheckpoint(keep);
        } else if (lastGood) {
            kept = lastGood->save(keep);
            what = ", without optimiser state";
        }
        if (kept)
            return fail(why + "; nothing was written to " + *out + ", the last good weights (step " +
                        std::to_string(good) + what + ") are in " + keep);
        return fail(why + "; no progress report was healthy, so nothing was saved (" + *out + " is untouched)");
    };
    if (!summary) return failKeeping(summary.message());
    if (summary->step == startStep && resumePath.empty())
        return fail("stopped before the first step; nothing was written to " + *out);
    if (std::string why = watch.verdict(summary->finalEmaLoss); !why.empty()) return failKeeping(why);
    if (core::Status st = trainer->saveCheckpoint(*out); !st) return fail(st.message());
    const double gflops = summary->seconds > 0.0 ? trainer->flopsPerStep() * summary->stepsThisRun / summary->seconds / 1e9 : 0.0;
    std::printf("%s after %d steps in %.1f s (%.3f steps/s, %.2f GFLOP/s); final loss %.5f, EMA loss %.5f\n",
                summary->outcome == core::TrainOutcome::Completed ? "finished" : "stopped", summary->step,
                summary->seconds, summary->stepsPerSecond, gflops, summary->finalLoss, summary->finalEmaLoss);
    std::printf("model saved to %s\n", out->c_str());
    std::fflush(stdout);
    if (auto path = args->value("classifier-out"); path && !interrupted()) {
        auto trained = trainClassifier(*args, *data, *path);
        if (!trained) return fail(trained.message());
        classifier.emplace(std::move(*trained));
    }
    if (args->has("eval-samples") && classifier && !interrupted())
        return evaluateSamples(*args, *trainer, *data, *classifier);
    return 0;
}

}  // namespace flowlab::cli
