#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::core {

/// Names of the preset 2D densities of docs/maths.md §8, in display order.
const std::vector<std::string>& presetNames();
/// True when `name` is one of presetNames().
bool isPresetName(const std::string& name);

/// One-line description of a preset, for help texts and tooltips.
std::string presetDescription(const std::string& name);

/// The preset mixture with this name, or an error listing the valid names.
Result<GaussianMixture> makePreset(const std::string& name);

}  // namespace flowlab::core
