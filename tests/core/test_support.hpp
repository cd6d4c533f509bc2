#pragma once

#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::test {

/// The preset with this name (aborts the test binary on a typo: a programmer error).
core::GaussianMixture preset(const std::string& name);

/// Exact field for base → target with the given interpolant options.
core::ExactField exactField(const std::string& base, const std::string& target,
                            const core::InterpolantOptions& options, int threads = 0);

core::InterpolantOptions interpolantOptions(core::InterpolantFamily family,
                                            core::GammaKind gamma = core::GammaKind::Zero);

}  // namespace flowlab::test
