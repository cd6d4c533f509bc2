#include <cstdio>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "metrics/path_straightness.hpp"
#include "sampler/sampler.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {

int runPaths(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"n", "N", "particles (default 2000)"},
        {"steps", "K", "integration steps (default 100)"},
        {"solver", "NAME", "ODE solver: euler, heun, midpoint, rk4, dopri5 (default rk4)"},
        {"csv", "FILE.csv", "also write t, E‖b − (X1 − X0)‖² and E‖b‖ at each recorded time (- for standard output)"},
    };
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli paths [scene options] [--model M] --steps N [--n N --solver NAME --csv FILE]",
                                "Integrates the probability-flow ODE from N base samples (exact field, or the\n"
                                "learned one with --model) and measures how straight its paths are\n"
                                "(docs/maths.md §12): the straightness S = E ∫ ‖b(t, X_t) − (X1 − X0)‖² dt (0 for\n"
                                "straight paths at constant speed, which one Euler step integrates exactly), the\n"
                                "mean path length and the mean chord ‖X1 − X0‖. The last line is\n"
                                "`straightness S, path length L`.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    core::SamplerOptions o;
    o.solver = core::SolverKind::Rk4;
    auto n = args->integer("n", 2000, 1, 1000000);
    if (!n) return fail(n.message());
    auto steps = args->integer("steps", 100, 1, 100000);
    if (!steps) return fail(steps.message());
    o.steps = static_cast<int>(*steps);
    auto solver = args->string("solver", "rk4");
    if (!solver) return fail(solver.message());
    auto kind = core::parseSolverKind(*solver);
    if (!kind) return fail("--solver: " + kind.message());
    o.solver = *kind;
    if (o.isSde()) return fail("--solver: " + *solver + " is an SDE solver; paths measures the ODE paths");
    auto csv = optionalOutPath(args->value("csv"));
    if (!csv) return fail(csv.message());

    const core::Interpolant interpolant = scene->interpolant();
    auto field = makeFieldSource(*scene, *args, core::kVelocity);
    if (!field) return fail(field.message());
    core::Rng rng(scene->seed());
    core::Points start = core::sampleStart(scene->base, scene->target, interpolant, 0.0, *n, rng);
    auto stats = core::measurePaths(**field, interpolant, std::move(start), o);
    if (!stats) return fail(stats.message());

    if (args->has("csv")) {
        // measurePaths has checked that the profile is finite.
        if (int code = emit(core::pathProfileCsv(*stats), *csv); code != 0) return code;
    }
    // With the CSV on standard output the summary goes to standard error, keeping the CSV clean.
    std::FILE* report = args->has("csv") && csv->empty() ? stderr : stdout;
    std::fprintf(report, "%s, %s on %d steps, %d particles, NFE %d\n", (*field)->label().c_str(),
                 core::toString(o.solver).c_str(), o.steps, stats->particles, stats->nfe);
    std::fprintf(report, "mean chord ‖X1 − X0‖ %.6g\n", stats->chordLength);
    std::fprintf(report, "straightness %.6g, path length %.6g\n", stats->straightness, stats->pathLength);
    return 0;
}

}  // namespace flowlab::cli
