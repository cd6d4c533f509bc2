#pragma once

#include <cstdint>
#include <random>

#include "common/types.hpp"

namespace flowlab::core {

/// Seeded random source. Uniforms come from xoshiro256++ (fast, and fully specified) and normals
/// from our own Box–Muller / polar transforms rather than std::normal_distribution, whose
/// algorithm is implementation-defined: a fixed seed must give the same samples everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed = 0);

    /// Uniform on [0, 1).
    double uniform();
    /// Standard normal.
    double normal();
    /// 64 random bits.
    std::uint64_t bits();
    /// A matrix of independent standard normals (vectorised polar method).
    Points normal(Eigen::Index rows, Eigen::Index cols);
    /// A uniform integer in [0, n).
    std::uint64_t index(std::uint64_t n);
    /// An independent stream derived from this one (for per-thread or per-panel use).
    Rng split();

    /// A standard-library engine seeded from this stream, for std:: algorithms (std::shuffle).
    std::mt19937_64& engine() { return m_engine; }

private:
    std::uint64_t m_state[4];
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

}  // namespace flowlab::core
