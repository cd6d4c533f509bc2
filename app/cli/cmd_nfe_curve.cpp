#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <vector>

#include "commands.hpp"
#include "metrics/nfe_curve.hpp"
#include "sampler_args.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {
namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(item);
    return out;
}

}  // namespace

int runNfeCurve(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"solvers", "LIST", "comma list of fixed-step solvers (euler, heun, midpoint, rk4, em, sde-heun, ddpm, ddim, "
                            "smld, reverse-diffusion; default: euler, heun, rk4 and the score-SDE samplers of the family)"},
        {"nfe", "LIST", "comma list of field-evaluation budgets, each 1 … 100000 (default 4,8,16,32,64,128,256)"},
        {"n", "N", "generated points per run (default 2000)"},
        {"target-samples", "N", "target draws the distances compare with (default 4000)"},
        {"reference-steps", "K", "RK4 steps of the reference ODE for the ode_error column (default 1000)"},
        {"eps", "E", "constant ε of em and sde-heun (default 1)"},
        {"out", "FILE.csv", "output file (required; - for standard output); written atomically"},
    };
    appendOptionSpecs(specs, samplerScheduleOptionSpecs());
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli nfe-curve [scene options] [--solvers LIST] [--nfe LIST] [--model M] --out FILE.csv",
                                "Error against the number of field evaluations (NFE): generates from t = 0 to 1\n"
                                "with every solver at every budget (⌈NFE / evaluations per step⌉ steps) from the\n"
                                "same start points and noise seed, and writes one CSV row per run: the energy\n"
                                "distance and sliced W2 of the end points to fresh target draws, and for the\n"
                                "deterministic solvers (ODE, ddim) the RMS distance ode_error of the end points\n"
                                "to a fine RK4 solution of the probability-flow ODE from the same starts. The\n"
                                "nfe column is what a run used (SDE sub-steps and correctors included). The\n"
                                "field is exact, or learned with --model.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = args->required("out");
    if (!out) return fail(out.message());
    if (out->empty()) return fail("--out: give a file name, or - for standard output");
    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    const core::Interpolant interpolant = scene->interpolant();

    core::NfeCurveOptions o;
    o.seed = scene->seed();
    o.distance.threads = scene->threads;
    o.sampler.epsilon.value = 1.0;
    if (scene->fromSceneFile) o.sampler = core::samplerOptions(scene->method, scene->run);
    if (core::Status st = parseSamplerArgs(*args, o.sampler, EpsilonWithOde::Keep); !st) return fail(st.message());

    if (args->has("solvers")) {
        for (const auto& name : splitList(*args->value("solvers"))) {
            auto s = core::parseSolverKind(name);
            if (!s) return fail("--solvers: " + s.message());
            o.solvers.push_back(*s);
        }
    } else {
        o.solvers = core::defaultNfeCurveSolvers(interpolant, o.sampler);
    }
    o.nfe = {4, 8, 16, 32, 64, 128, 256};
    if (args->has("nfe")) {
        o.nfe.clear();
        for (const auto& item : splitList(*args->value("nfe"))) {
            char* end = nullptr;
            const long v = std::strtol(item.c_str(), &end, 10);
            if (item.empty() || *end != '\0' || v < 1 || v > 100000)
                return fail("--nfe: '" + item + "' is not a whole number in 1 … 100000");
            o.nfe.push_back(int(v));
        }
    }
    auto n = args->integer("n", 2000, 2, 200000);
    if (!n) return fail(n.message());
    o.particles = int(*n);
    auto targetSamples = args->integer("target-samples", 4000, 2, 200000);
    if (!targetSamples) return fail(targetSamples.message());
    o.targetSamples = int(*targetSamples);
    auto refSteps = args->integer("reference-steps", 1000, 1, 100000);
    if (!refSteps) return fail(refSteps.message());
    o.referenceSteps = int(*refSteps);
    if (auto p = o.validate(interpolant); !p.empty()) return fail(p);

    unsigned needed = 0;
    for (core::SolverKind s : o.solvers) {
        core::SamplerOptions c = o.sampler;
        c.solver = s;
        needed |= c.requiredFields();
    }
    auto field = makeFieldSource(*scene, *args, needed);
    if (!field) return fail(field.message());
    const bool learned = args->has("model");

    ProgressLines progress("nfe-curve", true);
    auto curve = core::nfeCurve(**field, interpolant, scene->base, scene->target, o, std::ref(progress));
    if (!curve) return fail(curve.message());
    for (const auto& p : curve->points) {
        if (!std::isfinite(p.energyDistance) || !std::isfinite(p.slicedW2))
            return fail(core::toString(p.solver) + " at NFE " + std::to_string(p.requestedNfe) + ": the distances are not finite");
    }
    const int code = emit(core::nfeCurveCsv(curve->points, learned ? "learned" : "exact"), *out == "-" ? "" : *out);
    if (code == 0) {
        if (!curve->referenceProblem.empty())
            std::cerr << "note: ode_error is left empty: " << curve->referenceProblem.substr(0, curve->referenceProblem.find('\n')) << "\n";
        std::cerr << "nfe-curve: " << curve->points.size() << " runs (" << (*field)->label() << ")\n";
    }
    return code;
}

}  // namespace flowlab::cli
