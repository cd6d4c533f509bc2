#include <iostream>
#include <vector>

#include "commands.hpp"
#include "io/csv.hpp"
#include "sampler/sampler.hpp"
#include "sampler_args.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {

int runSample(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"n", "N", "number of samples (default 1000, or the scene's particles)"},
        {"steps", "K", "integration steps; initial step hint for dopri5 (default 100, or the scene's)"},
        {"solver", "NAME", "euler, heun, midpoint, rk4, dopri5 (ODE); em, sde-heun (SDE); the score-SDE paper's ddpm (vp), "
                                  "ddim (vp/subvp/ve), smld (ve), reverse-diffusion (vp/ve) (default rk4, or the scene's)"},
        {"eps", "E", "constant SDE diffusion ε ≥ 0 (default 1 for SDE solvers)"},
    };
    appendOptionSpecs(specs, samplerScheduleOptionSpecs());
    appendOptionSpecs(specs, {
        {"rtol", "X", "dopri5 relative tolerance (default 1e-6)"},
        {"atol", "X", "dopri5 absolute tolerance (default 1e-8)"},
        {"direction", "DIR", "forward (generate, 0 → 1) or backward (encode, 1 → 0) (default forward, or the scene's)"},
        {"trajectory", "", "write every step with step,t columns instead of only the end points"},
        {"out", "FILE.csv", "output file (required; - for standard output)"},
    });
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli sample --n N --steps K --solver NAME [--eps E | --eps-schedule matched]\n"
                                "                          [--direction forward|backward] [--trajectory] --out FILE.csv",
                                "Draws N samples at the start of the path (the base at t = 0, or the target at\n"
                                "t = 1 for --direction backward; one-sided families start generation from\n"
                                "N(0, α(0)² I)) and integrates the probability-flow ODE or the forward/backward\n"
                                "SDE dX = [b ± ε s] dt + √(2ε) dW, or runs a discrete sampler of the score-SDE\n"
                                "paper on K levels t_k = 1 − k/K (ddpm ancestral, deterministic ddim, smld\n"
                                "annealed Langevin, the reverse-diffusion predictor; docs/maths.md §13) with\n"
                                "the field's score. Reports the NFE on standard error.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = args->required("out");
    if (!out) return fail(out.message());
    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    // Without a scene file: RK4 on 100 steps, 1 000 samples, ε = 1 for the SDE solvers. With one,
    // its method and run (what the window shows for it), options overriding.
    core::SamplerOptions o;
    o.solver = core::SolverKind::Rk4;
    o.steps = 100;
    o.epsilon.value = 1.0;
    o.epsilon.kind = core::EpsilonKind::Constant;
    o.epsilon.taper = 0.05;
    o.langevinSteps = 0;
    o.snr = 0.16;
    long long defaultN = 1000;
    if (scene->fromSceneFile) {
        o = core::samplerOptions(scene->method, scene->run);
        defaultN = scene->run.particles;
    }
    auto n = args->integer("n", defaultN, 1, 10000000);
    if (!n) return fail(n.message());
    auto steps = args->integer("steps", o.steps, 1, 1000000);
    if (!steps) return fail(steps.message());
    o.steps = static_cast<int>(*steps);
    if (core::Status st = parseSamplerArgs(*args, o, EpsilonWithOde::Refuse); !st) return fail(st.message());
    auto rtol = args->number("rtol", 1e-6, 1e-14, 1.0);
    if (!rtol) return fail(rtol.message());
    auto atol = args->number("atol", 1e-8, 1e-16, 1.0);
    if (!atol) return fail(atol.message());
    o.rtol = *rtol;
    o.atol = *atol;
    auto direction = args->string("direction", o.t0 <= o.t1 ? "forward" : "backward");
    if (!direction) return fail(direction.message());
    if (*direction == "forward") {
        o.t0 = 0.0, o.t1 = 1.0;
    } else if (*direction == "backward") {
        o.t0 = 1.0, o.t1 = 0.0;
    } else {
        return fail("--direction: '" + *direction + "' (use forward or backward)");
    }
    o.recordTrajectory = args->flag("trajectory");

    const core::Interpolant interpolant = scene->interpolant();
    if (auto p = o.validate(interpolant); !p.empty()) return fail(p);
    if (scene->fromSceneFile && scene->method.fieldMode == core::FieldMode::Learned && !args->has("model"))
        std::cerr << "note: the scene uses a learned field; without --model the exact field is used\n";
    auto field = makeFieldSource(*scene, *args, o.requiredFields());
    if (!field) return fail(field.message());

    core::Rng rng(scene->seed());
    core::Points start = core::sampleStart(scene->base, scene->target, interpolant, o.t0, *n, rng);
    auto result = core::sample(**field, interpolant, std::move(start), o, rng);
    if (!result) return fail(result.message());

    const auto coords = core::coordinateNames((*field)->dim());
    std::vector<std::string> header = coords;
    core::Points table = result->end;
    if (o.recordTrajectory) {
        header = {"step", "t"};
        header.insert(header.end(), coords.begin(), coords.end());
        const auto d = (*field)->dim();
        table.resize(static_cast<Eigen::Index>(result->trajectory.size()) * *n, d + 2);
        for (std::size_t s = 0; s < result->trajectory.size(); ++s) {
            const auto block = static_cast<Eigen::Index>(s) * *n;
            table.block(block, 0, *n, 1).setConstant(double(s));
            table.block(block, 1, *n, 1).setConstant(result->times[s]);
            table.block(block, 2, *n, d) = result->trajectory[s];
        }
    }
    // Report only once the output is written: a failed write must leave one line on stderr.
    const int code = emitTable(header, table, *out == "-" ? "" : *out, "a sampled point");
    if (code == 0) {
        std::cerr << "sampled " << *n << " points with " << core::toString(o.solver) << ", NFE " << result->nfe << "\n";
    }
    return code;
}

}  // namespace flowlab::cli
