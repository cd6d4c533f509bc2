#include "sampler_args.hpp"

namespace flowlab::cli {

std::vector<OptionSpec> samplerScheduleOptionSpecs() {
    return {
        {"eps-schedule", "KIND", "constant, taper (ε → 0 near t = 0, 1) or matched (vp/subvp/ve reverse SDE)"},
        {"eps-taper", "D", "width δ of the taper schedule (default 0.05)"},
        {"langevin", "K", "Langevin corrector steps after each step (default 0); with smld the Langevin steps per noise level (default 1)"},
        {"snr", "R", "corrector signal-to-noise ratio (default 0.16)"},
        {"smld-step", "R", "smld Langevin step δ = R σ² at each noise level, R in (0, 1] (default 0.1, Song–Ermon's)"},
    };
}

core::Status parseSamplerArgs(const Args& args, core::SamplerOptions& o, EpsilonWithOde epsWithOde) {
    using core::Error;
    auto solverName = args.string("solver", core::toString(o.solver));
    if (!solverName) return solverName.error();
    auto solver = core::parseSolverKind(*solverName);
    if (!solver) return Error{"--solver: " + solver.message()};
    o.solver = *solver;

    if (args.has("eps") && args.has("eps-schedule") && args.value("eps-schedule") == "matched")
        return Error{"give either --eps or --eps-schedule matched, not both"};
    auto eps = args.number("eps", o.epsilon.value, -1e300, 1e6);
    if (!eps) return eps.error();
    if (*eps < 0.0) return Error{"--eps: ε must be ≥ 0 (got " + *args.value("eps") + ")"};
    o.epsilon.value = *eps;
    auto schedule = args.string("eps-schedule", core::toString(o.epsilon.kind));
    if (!schedule) return schedule.error();
    auto kind = core::parseEpsilonKind(*schedule);
    if (!kind) return Error{"--eps-schedule: " + kind.message()};
    o.epsilon.kind = *kind;
    auto taper = args.number("eps-taper", o.epsilon.taper, 1e-9, 0.5);
    if (!taper) return taper.error();
    o.epsilon.taper = *taper;
    if (epsWithOde == EpsilonWithOde::Refuse && (args.has("eps") || args.has("eps-schedule")) && !o.isSde())
        return Error{"--eps/--eps-schedule need an SDE solver (--solver em or sde-heun); ddpm, smld and "
                     "reverse-diffusion take their noise from the interpolant's schedule"};
    auto langevin = args.integer("langevin", o.langevinSteps, 0, 1000);
    if (!langevin) return langevin.error();
    o.langevinSteps = static_cast<int>(*langevin);
    auto snr = args.number("snr", o.snr, 1e-9, 100.0);
    if (!snr) return snr.error();
    o.snr = *snr;
    auto smldStep = args.number("smld-step", o.smldStepRatio, 1e-12, 1.0);
    if (!smldStep) return smldStep.error();
    if (epsWithOde == EpsilonWithOde::Refuse && args.has("smld-step") && o.solver != core::SolverKind::Smld)
        return Error{"--smld-step needs --solver smld"};
    o.smldStepRatio = *smldStep;
    return {};
}

}  // namespace flowlab::cli
