#pragma once

#include "args.hpp"
#include "sampler/sampler.hpp"

#include <vector>

namespace flowlab::cli {

/// How strictly parseSamplerArgs treats ε given with an ODE solver.
enum class EpsilonWithOde {
    Refuse,  ///< an error: ε means nothing to an ODE solver (sample)
    Keep,    ///< kept for later use, e.g. by the SDE panel of a comparison (render)
};

/// The help of --eps-schedule, --eps-taper, --langevin and --snr, which every command that
/// takes a sampler spells the same way (--solver and --eps differ in their defaults).
std::vector<OptionSpec> samplerScheduleOptionSpecs();

/// Reads the sampler options every command spells the same way — --solver, --eps,
/// --eps-schedule, --eps-taper, --langevin, --snr — from `args` into `o`, whose values are the
/// defaults. Errors name the option and say what is allowed.
core::Status parseSamplerArgs(const Args& args, core::SamplerOptions& o, EpsilonWithOde epsWithOde);

}  // namespace flowlab::cli
