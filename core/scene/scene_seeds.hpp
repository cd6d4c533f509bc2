#pragma once

#include <cstdint>

namespace flowlab::core {

/// Every random stream of a scene, derived from its one seed here and nowhere else. The window,
/// the compare panels, offscreen export and the CLI's `render` all call these, so panels that
/// share a seed draw the same numbers (common random numbers: differences between panels are the
/// methods', not the noise's), and no two streams of one scene reuse a seed.
///
/// The offsets are arbitrary but fixed: changing one changes every rendered frame and video.
struct SceneSeeds {
    /// Start points x0 (or x1 when encoding) of the particle set.
    static std::uint64_t start(std::uint64_t seed) { return seed; }
    /// The Brownian increments of the SDE samplers and the Langevin corrector (a multiplicative
    /// hash, so that seeds s and s + 1 give unrelated noise while their starts differ by one).
    static std::uint64_t noise(std::uint64_t seed) { return seed * 0x9E3779B97F4A7C15ull + 17; }
    /// The reference sample of the energy distance between the end points and their density.
    static std::uint64_t distanceReference(std::uint64_t seed) { return seed + 101; }
    /// The fan of SDE paths through a pinned point.
    static std::uint64_t fan(std::uint64_t seed) { return seed + 99; }
    /// The interpolant bridges drawn between a few (x0, x1) pairs.
    static std::uint64_t bridges(std::uint64_t seed) { return seed + 4242; }
};

}  // namespace flowlab::core
