#pragma once

#include <cstdint>
#include <vector>

#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::ui {

/// A palette index in [0, paletteSize) per point: the direction, seen from the centre of
/// `reference`, of the reference component nearest to the point (so every particle that ends in
/// one mode of 8gaussians gets that mode's colour), or of the point itself when the reference
/// has one component, very many, or the nearest one sits at the centre. Colours thus vary round
/// the wheel with the angle, for any density.
std::vector<std::uint8_t> regionColors(const core::Points& points, const core::GaussianMixture& reference,
                                       int paletteSize);

}  // namespace flowlab::ui
