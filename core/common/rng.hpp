#pragma once

#include <cstdint>
#include <random>

#include "common/types.hpp"

namespace flowlab::core {

/// Seeded random source. Normal variates use our own Box–Muller transform rather than
/// std::normal_distribution, whose algorithm is implementation-defined: a fixed seed must give
/// the same samples with every standard library.
class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) : m_engine(seed) {}

    /// Uniform on [0, 1).
    double uniform();
    /// Standard normal.
    double normal();
    /// A matrix of independent standard normals.
    Points normal(Eigen::Index rows, Eigen::Index cols);
    /// A uniform integer in [0, n).
    std::uint64_t index(std::uint64_t n);
    /// An independent stream derived from this one (for per-thread or per-panel use).
    Rng split();

    std::mt19937_64& engine() { return m_engine; }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

}  // namespace flowlab::core
