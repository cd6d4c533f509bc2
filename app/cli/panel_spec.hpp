#pragma once

#include <string>
#include <vector>

#include "args.hpp"
#include "scene_options.hpp"
#include "state/compare_layout.hpp"

namespace flowlab::cli {

/// The keys of a `render --panel` spec, as help text.
std::string panelSpecHelp();

/// One panel of `render --layout N --panel SPEC`: SPEC is comma-separated key=value pairs —
/// interpolant, gamma, gamma-a, sigma-min (as the options of the same name); field=exact|learned
/// and model=FILE (a panel's own model; field=learned alone uses the command's --model and
/// --score-model); sampler=ode|sde (the Heun solvers) or solver=NAME; eps, eps-schedule,
/// eps-taper, langevin, snr (as those options); label=TEXT. Everything else (densities, seed,
/// particles, steps, direction) comes from `shared`. Unset keys keep `shared`'s method; the field
/// defaults to learned when the command has --model. Errors name the key.
core::Result<ui::ComparePanel> parsePanelSpec(const std::string& spec, const ui::SceneSettings& shared,
                                              const SceneSetup& setup, const Args& commandArgs);

/// The field of a panel whose scene says FieldMode::Learned: the command's --model (and
/// --score-model), checked against the panel's interpolant and what its sampler needs. Exact
/// panels get null.
core::Status attachLearnedField(ui::ComparePanel& panel, const SceneSetup& setup, const Args& modelArgs);

/// A label in words for a panel's method, e.g. "linear, SDE ε = 1 (sde-heun)".
QString describePanel(const ui::SceneSettings& scene);

}  // namespace flowlab::cli
