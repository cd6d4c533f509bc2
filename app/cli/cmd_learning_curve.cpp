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
#include "field/exact_field.hpp"
#include "field/learned_field.hpp"
#include "interrupt.hpp"
#include "sampler/sampler.hpp"
#include "scene_options.hpp"
#include "stats/sample_distance.hpp"
#include "train/trainer.hpp"
#include "train_args.hpp"
#include "train_check.hpp"

namespace flowlab::cli {
namespace {

/// One curve: a family and its γ, written FAMILY or FAMILY:GAMMA (linear:brownian).
struct CurveMethod {
    std::string name;
    core::InterpolantOptions interpolant;
};

core::Result<std::vector<CurveMethod>> parseMethods(const std::string& list, const core::InterpolantOptions& base) {
    std::vector<CurveMethod> out;
    if (!list.empty() && list.back() == ',') return core::Error{"--families: an empty entry in '" + list + "'"};
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) return core::Error{"--families: an empty entry in '" + list + "'"};
        CurveMethod m{item, base};
        const std::size_t colon = item.find(':');
        auto family = core::parseInterpolantFamily(item.substr(0, colon));
        if (!family) return core::Error{"--families: " + family.message()};
        m.interpolant.family = *family;
        m.interpolant.gamma = core::GammaKind::Zero;
        if (colon != std::string::npos) {
            auto gamma = core::parseGammaKind(item.substr(colon + 1));
            if (!gamma) return core::Error{"--families: " + gamma.message()};
            m.interpolant.gamma = *gamma;
        }
        if (auto p = m.interpolant.validate(); !p.empty()) return core::Error{"--families " + item + ": " + p};
        out.push_back(std::move(m));
    }
    if (out.empty()) return core::Error{"--families: give at least one family"};
    if (out.size() > 8) return core::Error{"--families: at most 8 curves"};
    return out;
}

/// Energy distance of `n` probability-flow ODE samples (Heun, 50 steps) of `field` to `n`
/// target samples; the same seeds for every family and step (common random numbers).
core::Result<double> sampleDistance(const core::FieldSource& field, const core::GaussianMixture& base,
                                    const core::GaussianMixture& target, const core::Interpolant& interpolant, int n,
                                    std::uint64_t seed) {
    core::Rng rng(seed);
    core::Points start = core::sampleStart(base, target, interpolant, 0.0, n, rng);
    core::SamplerOptions so;
    so.solver = core::SolverKind::Heun;
    so.steps = 50;
    auto r = core::sample(field, interpolant, std::move(start), so, rng);
    if (!r) return r.error();
    core::Rng targetRng(seed + 1);
    const core::Points reference = target.sample(n, targetRng);
    return core::energyDistance(r->end, reference);
}

}  // namespace

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
    auto familyList = args->string("families", "fm-ot,vp,trig,linear:brownian");
    if (!familyList) return fail(familyList.message());
    auto methods = parseMethods(*familyList, scene->interpolantOptions());
    if (!methods) return fail(methods.message());
    auto every = args->integer("every", std::max(1, options->steps / 20), 1, options->steps);
    if (!every) return fail(every.message());
    auto samples = args->integer("samples", 1000, 100, 20000);
    if (!samples) return fail(samples.message());
    options->progressEvery = static_cast<int>(*every);

    // The report goes where the data does not.
    std::FILE* report = out->empty() ? stderr : stdout;
    std::ostringstream csv;
    csv << "family,step,seconds,ema_loss,field_error,energy_distance\n";
    std::vector<std::string> summary;
    const InterruptScope ctrlC;
    for (const CurveMethod& m : *methods) {
        if (interrupted()) break;
        auto interpolant = core::Interpolant::create(m.interpolant, scene->base);
        if (!interpolant) {
            return fail(m.name + ": " + interpolant.message());
        }
        auto trainer = core::Trainer::create(scene->base, scene->target, m.interpolant, *options);
        if (!trainer) {
            return fail(m.name + ": " + trainer.message());
        }
        std::fprintf(report, "training b for %s: %d steps, batch %d, measuring every %lld\n", m.name.c_str(), options->steps,
                    options->batchSize, static_cast<long long>(*every));
        std::fflush(report);
        core::Trainer& running = *trainer;
        std::string failure;
        int reached = -1;
        double lastError = NAN, lastDistance = NAN;
        auto result = trainer->run([&](const core::TrainProgress& p) {
            const core::LearnedField snapshot = running.snapshot();
            const std::optional<double> error = relativeFieldError(snapshot);
            auto distance = sampleDistance(snapshot, scene->base, scene->target, *interpolant, int(*samples), options->seed + 77);
            if (!error || !std::isfinite(*error) || !distance || !std::isfinite(*distance)) {
                failure = "the learned field of " + m.name + " became non-finite at step " + std::to_string(p.step) +
                          " (lower --lr)";
                return false;
            }
            lastError = *error;
            lastDistance = *distance;
            if (reached < 0 && *error <= 0.25) reached = p.step;
            char row[256];
            std::snprintf(row, sizeof row, "%s,%d,%.3f,%.6g,%.6g,%.6g\n", m.name.c_str(), p.step, p.elapsedSeconds,
                          p.emaLoss, *error, *distance);
            csv << row;
            std::fprintf(report, "  %-16s step %7d  ema loss %10.5f  error vs exact %.4f  energy distance %.5f\n", m.name.c_str(),
                        p.step, p.emaLoss, *error, *distance);
            std::fflush(report);
            return !interrupted();
        });
        if (!result) {
            return fail(m.name + ": " + result.message() + "; nothing was written");
        }
        if (!failure.empty()) {
            return fail(failure + "; nothing was written");
        }
        char line[256];
        std::snprintf(line, sizeof line, "%s: final error vs exact %.4f, energy distance %.5f, error <= 0.25 %s",
                      m.name.c_str(), lastError, lastDistance,
                      reached < 0 ? "not reached" : ("at step " + std::to_string(reached)).c_str());
        summary.push_back(line);
    }
    if (const int rc = emit(csv.str(), *out); rc != 0) return rc;
    for (const std::string& s : summary) std::fprintf(report, "%s\n", s.c_str());
    if (!out->empty()) std::fprintf(report, "curves written to %s\n", out->c_str());
    return 0;
}

}  // namespace flowlab::cli
