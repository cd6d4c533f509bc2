// flowlab-cli learning-curve: the "flow matching trains faster than diffusion" experiment as one
// command. The same network, data, batch, learning rate and seed learn the velocity b for each
// interpolant family in turn; every K steps the learned field's error against the exact one and
// the energy distance of its ODE samples to the target are measured and written as CSV.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "interrupt.hpp"
#include "metrics/learning_curve.hpp"
#include "scene_options.hpp"
#include "train_args.hpp"

namespace flowlab::cli {

int runLearningCurve(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = trainingOptionSpecs(kMlpDefaults);
    appendOptionSpecs(specs, mlpNetworkOptionSpecs());
    appendOptionSpecs(specs, {
        {"families", "LIST", "comma-separated FAMILY or FAMILY:GAMMA (default fm-ot,vp,trig,linear:brownian)"},
        {"every", "K", "measure every K steps (default steps/20)"},
        {"samples", "M", "ODE samples for the energy distance at each measurement, in [100, 20000] (default 1000)"},
        {"out", "FILE.csv", "write the curves here (atomically), or - for standard output (required)"},
    });
    appendOptionSpecs(specs, sceneOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp(
            "flowlab-cli learning-curve [scene options] [--families LIST] [--steps N] [--every K]\n"
            "                           [--samples M] [training and network options] --out FILE.csv",
            "Trains the same MLP on the same densities with the same batch, learning rate and seed for\n"
            "each interpolant family, learning the velocity b, and every K steps measures the learned\n"
            "field's relative L2 error against the exact b (over x ~ ρ_t, t = 0.1 … 0.9) and the\n"
            "energy distance of its probability-flow ODE samples to the target: which paths are\n"
            "learned faster (docs/maths.md §5, §12). Writes CSV columns family,step,seconds,ema_loss,\n"
            "field_error,energy_distance (an unbiased estimate, so near 0 it can dip below 0) and\n"
            "prints, per family, the first step whose error is at most 0.25. Ctrl-C stops and writes\n"
            "what was measured.",
            specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto outArg = args->required("out");
    if (!outArg) return fail(outArg.message());
    auto out = optionalOutPath(*outArg);
    if (!out) return fail(out.message());
    if (args->has("field")) {
        auto f = args->string("field", "b");
        if (!f || *f != "b") return fail("--field: learning-curve compares the velocity b of every family; omit --field");
    }
    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    auto options = mlpTrainerOptions(*args, scene->base.dim(), scene->threads);
    if (!options) return fail(options.message());
    options->seed = scene->seed();
    auto familyList = args->string("families", core::kDefaultLearningCurveMethods);
    if (!familyList) return fail(familyList.message());
    auto methods = core::parseLearningCurveMethods(*familyList, scene->interpolantOptions());
    if (!methods) return fail("--families: " + methods.message());
    auto every = args->integer("every", std::max(1, options->steps / 20), 1, options->steps);
    if (!every) return fail(every.message());
    auto samples = args->integer("samples", 1000, 100, 20000);
    if (!samples) return fail(samples.message());
    core::LearningCurveOptions curveOptions;
    curveOptions.trainer = *options;
    curveOptions.trainer.progressEvery = static_cast<int>(*every);
    curveOptions.samples = static_cast<int>(*samples);

    // The report goes where the data does not.
    std::FILE* report = out->empty() ? stderr : stdout;
    std::string names;
    for (const auto& m : *methods) names += (names.empty() ? "" : ", ") + m.name;
    std::fprintf(report, "training b for %s in turn: %d steps, batch %d, measuring every %lld\n", names.c_str(),
                 options->steps, options->batchSize, static_cast<long long>(*every));
    std::fflush(report);
    const InterruptScope ctrlC;
    auto curve = core::learningCurve(scene->base, scene->target, *methods, curveOptions,
                                     [&](const core::LearningCurvePoint& p) {
        std::fprintf(report, "  %-16s step %7d  ema loss %10.5f  error vs exact %.4f  energy distance %.5f\n",
                     p.method.c_str(), p.step, p.emaLoss, p.fieldError, p.energyDistance);
        std::fflush(report);
        return !interrupted();
    });
    if (!curve) return fail(curve.message() + "; nothing was written");
    std::vector<std::string> summary;
    for (const auto& m : *methods) {
        const core::LearningCurvePoint* last = nullptr;
        int reached = -1;
        for (const auto& p : curve->points) {
            if (p.method != m.name) continue;
            last = &p;
            if (reached < 0 && p.fieldError <= 0.25) reached = p.step;
        }
        if (!last) continue;
        char line[256];
        std::snprintf(line, sizeof line, "%s: final error vs exact %.4f, energy distance %.5f, error <= 0.25 %s",
                      m.name.c_str(), last->fieldError, last->energyDistance,
                      reached < 0 ? "not reached" : ("at step " + std::to_string(reached)).c_str());
        summary.push_back(line);
    }
    if (const int rc = emit(core::learningCurveCsv(curve->points), *out); rc != 0) return rc;
    for (const std::string& s : summary) std::fprintf(report, "%s\n", s.c_str());
    if (!out->empty()) std::fprintf(report, "curves written to %s\n", out->c_str());
    return 0;
}

}  // namespace flowlab::cli
