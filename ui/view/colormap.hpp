#pragma once

#include <QColor>
#include <QRgb>

#include <array>
#include <initializer_list>
#include <utility>

namespace flowlab::ui {

/// A 256-entry colour look-up table (opaque colours, index = value × 255).
using ColorLut = std::array<QRgb, 256>;

/// A table that interpolates linearly (in sRGB) between (position ∈ [0, 1], colour) stops given
/// in increasing position.
ColorLut makeLut(std::initializer_list<std::pair<double, QColor>> stops);

/// The colour of `lut` at u ∈ [0, 1] (clamped; NaN maps to 0).
inline QRgb lutColor(const ColorLut& lut, double u) {
    if (!(u > 0.0)) return lut[0];
    if (u >= 1.0) return lut[255];
    return lut[static_cast<int>(u * 255.0 + 0.5)];
}

}  // namespace flowlab::ui
