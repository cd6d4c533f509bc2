#pragma once

#include <string>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/field_source.hpp"

namespace flowlab::core {

/// A regular 2D grid of cell centres over the rectangle [xMin, xMax] × [yMin, yMax]: nx columns
/// and ny rows of equal cells; cell (i, j) has its centre at
/// (xMin + (i + ½)(xMax − xMin)/nx, yMin + (j + ½)(yMax − yMin)/ny).
struct GridSpec {
    double xMin = -1.0;
    double xMax = 1.0;
    double yMin = -1.0;
    double yMax = 1.0;
    int nx = 32;  ///< columns, in [1, kMaxCells]
    int ny = 32;  ///< rows, in [1, kMaxCells]

    static constexpr int kMaxCells = 4096;

    /// Finite bounds with xMin < xMax and yMin < yMax, and sizes in range. Empty when valid.
    std::string validate() const;

    double cellWidth() const { return (xMax - xMin) / nx; }
    double cellHeight() const { return (yMax - yMin) / ny; }
    /// Number of cells nx·ny.
    Eigen::Index count() const { return Eigen::Index(nx) * ny; }
    /// Row of cell (i, j) in the point list: j·nx + i (rows of the grid are contiguous).
    Eigen::Index index(int i, int j) const { return Eigen::Index(j) * nx + i; }
};

/// The cell centres of `spec`, one per row, in the order of GridSpec::index.
Points gridPoints(const GridSpec& spec);

/// Fields evaluated at the cell centres of a grid.
struct FieldGrid {
    GridSpec spec;
    double t = 0.0;
    FieldValues values;  ///< rows in the order of GridSpec::index
};

/// Evaluates the fields in `what` (a FieldKind mask) on the cell centres of `spec` at time t.
/// Fails when the grid is invalid, the source is not 2D, or cannot provide `what`.
Result<FieldGrid> evaluateOnGrid(const FieldSource& field, double t, const GridSpec& spec, unsigned what);

/// Bilinear interpolation of a 2D vector field given at the cell centres of `spec` (rows in the
/// order of GridSpec::index); outside the outermost centres the nearest edge value is used.
Eigen::Vector2d sampleGridVector(const GridSpec& spec, const Points& vectors, double x, double y);

}  // namespace flowlab::core
