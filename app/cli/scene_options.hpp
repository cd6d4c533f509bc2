#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "args.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "scene/scene_settings.hpp"

namespace flowlab::cli {

/// What every command shares: the scene model (core/scene/scene_settings.hpp) — the two densities,
/// resolved; the method (interpolant with all its parameters, field source, solver, ε schedule,
/// corrector); the run (particles, seed, steps, direction) — and the worker threads. With
/// --scene the method and run come from the scene file, so `sample --scene S` draws what the
/// window shows for S; options override them.
struct SceneSetup {
    core::GaussianMixture base;
    core::GaussianMixture target;
    core::SceneMethod method;
    core::SceneRun run;
    bool fromSceneFile = false;  ///< --scene was given: its method and run are the defaults
    int threads = 0;

    const core::InterpolantOptions& interpolantOptions() const { return method.interpolant; }
    std::uint64_t seed() const { return run.seed; }
    core::Interpolant interpolant() const;
};

/// The common options (--scene, --base, --target, --interpolant, --sigma-min, --gamma, --gamma-a,
/// the schedule parameters, --seed, --threads), to append to a command's own.
std::vector<OptionSpec> sceneOptionSpecs();

core::Result<SceneSetup> parseScene(const Args& args);

/// The schedule parameters of the diffusion families (--vp-beta-min, --vp-beta-max,
/// --ve-sigma-min, --ve-sigma-max): part of sceneOptionSpecs and of the `render` panel keys.
std::vector<OptionSpec> scheduleOptionSpecs();

/// Reads --interpolant, --gamma, --gamma-a, --sigma-min and the schedule parameters into `io` (its values are the
/// defaults); parseScene and the panels of `render` share it.
core::Status parseInterpolantArgs(const Args& args, core::InterpolantOptions& io);

/// --model and --score-model, for the commands that evaluate fields (field, sample, nll).
std::vector<OptionSpec> modelOptionSpecs();

/// The field source the command evaluates: the exact mixture field, or with --model a learned
/// model (checked against the scene), or with --model and --score-model b from one and s from
/// the other. `needed` is a FieldKind mask the source must provide; the error says what is
/// missing and how to get it.
core::Result<std::unique_ptr<core::FieldSource>> makeFieldSource(const SceneSetup& scene, const Args& args,
                                                                 unsigned needed);

}  // namespace flowlab::cli
