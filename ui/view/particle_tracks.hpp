#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/types.hpp"

namespace flowlab::ui {

/// The recorded states of one simulated particle set, in single precision and increasing time,
/// ready for drawing: the animation only interpolates these (no solving while painting).
/// Immutable once built; shared between threads through shared_ptr<const>.
class ParticleTracks {
public:
    /// Two neighbouring recorded frames and the weight of the second, for a time t.
    struct Bracket {
        int i0 = 0;
        int i1 = 0;
        float w = 0.0f;  ///< position = (1 − w)·frame(i0) + w·frame(i1)
    };

    /// From a recorded trajectory (states[i] at times[i], in either time order; 2D states, equal
    /// sizes). `endColors` and `startColors` give one palette index per particle, for colouring
    /// by where it ends or starts (either may be empty: all 0). Returns null for inconsistent input.
    static std::shared_ptr<const ParticleTracks> create(const std::vector<double>& times,
                                                        const std::vector<core::Points>& states,
                                                        std::vector<std::uint8_t> endColors,
                                                        std::vector<std::uint8_t> startColors = {});

    int particleCount() const { return m_particles; }
    int frameCount() const { return int(m_times.size()); }
    const std::vector<double>& times() const { return m_times; }
    double tMin() const { return m_times.front(); }
    double tMax() const { return m_times.back(); }

    /// x, y of every particle at recorded frame f (2·particleCount floats).
    const float* frame(int f) const { return m_xy.data() + std::size_t(f) * 2 * std::size_t(m_particles); }
    /// Palette index of every particle, by where it ends (or, with byStart, starts).
    const std::vector<std::uint8_t>& colors(bool byStart = false) const { return byStart ? m_startColors : m_endColors; }

    /// The frames around t (t is clamped to the recorded range).
    Bracket bracket(double t) const;
    /// Positions at t, linearly interpolated between recorded frames, into `out` (2·N floats).
    void positionsAt(double t, std::vector<float>& out) const;

private:
    ParticleTracks() = default;
    int m_particles = 0;
    std::vector<double> m_times;
    std::vector<float> m_xy;  // [frame][particle][x, y]
    std::vector<std::uint8_t> m_endColors;
    std::vector<std::uint8_t> m_startColors;
};

}  // namespace flowlab::ui
