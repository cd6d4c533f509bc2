#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "field/field_grid.hpp"

namespace flowlab::core {

/// How streamlines of a frozen 2D vector field are seeded and traced.
struct StreamlineOptions {
    int seedsX = 20;             ///< seed lattice columns over the grid rectangle
    int seedsY = 20;             ///< seed lattice rows
    double jitter = 0.8;         ///< random offset of each seed, as a fraction of a lattice cell, in [0, 1]
    double stepFraction = 0.2;   ///< arc-length step, as a fraction of the smaller lattice cell side
    int maxSteps = 60;           ///< steps traced in each direction from the seed
    double minSpeedRatio = 1e-3; ///< stop where |v| < this × the largest |v| on the grid
    double separation = 0.5;     ///< a line stops on entering another line's neighbourhood, this fraction of a lattice cell wide
    std::uint64_t seed = 0;      ///< seed of the jitter and the seeding order

    std::string validate() const;
};

/// One streamline, ordered upstream → downstream (along the field).
struct Streamline {
    std::vector<Eigen::Vector2d> points;
    std::vector<double> speed;  ///< |v| at each point
};

/// Streamlines of the vector field given at the cell centres of `spec` (rows in the order of
/// GridSpec::index; bilinear in between), traced with midpoint steps of fixed arc length along
/// the unit direction, from jittered lattice seeds in random order. A line ends at the border, where
/// the field vanishes, after maxSteps, or where it comes closer than `separation` to an earlier
/// line, which spreads the lines evenly (a light form of Jobard–Lefer). Lines shorter than two
/// points are dropped. Invalid options or a mismatched field give no lines.
std::vector<Streamline> traceStreamlines(const GridSpec& spec, const Points& vectors,
                                         const StreamlineOptions& options);

}  // namespace flowlab::core
