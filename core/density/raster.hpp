#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// A non-negative intensity image placed in the plane: the common form of drawings and images
/// before they become mixtures (docs/maths.md §8). Row 0 is the top of the picture (largest y).
struct Raster {
    int width = 0;
    int height = 0;
    std::vector<double> values;  ///< width × height, row-major, each ≥ 0
    double xMin = -5.0, xMax = 5.0, yMin = -5.0, yMax = 5.0;  ///< placement in the plane

    static constexpr int kMaxSide = 4096;

    static Raster zeros(int width, int height, double xMin = -5, double xMax = 5, double yMin = -5, double yMax = 5);

    double& at(int col, int row) { return values[std::size_t(row) * std::size_t(width) + std::size_t(col)]; }
    double at(int col, int row) const { return values[std::size_t(row) * std::size_t(width) + std::size_t(col)]; }

    /// Checks sizes, placement and values; empty string when valid.
    std::string validate() const;
    /// Sum of the intensities (0 for an empty drawing).
    double mass() const;
    bool isEmpty() const { return !(mass() > 0.0); }
    double cellWidth() const { return (xMax - xMin) / width; }
    double cellHeight() const { return (yMax - yMin) / height; }
    /// Centre of a cell in plane coordinates.
    double cellX(int col) const { return xMin + (col + 0.5) * cellWidth(); }
    double cellY(int row) const { return yMax - (row + 0.5) * cellHeight(); }
    /// The intensity-weighted centre of mass in the plane.
    Vector centreOfMass() const;
    /// n samples of the piecewise-constant density (a cell by weight, then uniform inside it).
    Points sample(Eigen::Index n, Rng& rng) const;
};

}  // namespace flowlab::core
