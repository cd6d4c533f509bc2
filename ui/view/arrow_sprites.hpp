#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace flowlab::ui {

/// Antialiased arrow glyphs (shaft and open head, round caps) rendered once by QPainter as
/// coverage masks and reused: 1 024 arrows then cost a few hundred microseconds per frame instead
/// of milliseconds of stroking. Directions are quantised to kAngles steps and lengths to half
/// pixels; masks are made on first use and kept until the style changes.
class ArrowSprites {
public:
    static constexpr int kAngles = 128;

    struct Mask {
        int size = 0;                     ///< square side in pixels
        std::vector<std::uint8_t> alpha;  ///< size × size coverage, arrow centred (+ zero padding)
        std::vector<std::uint16_t> spans; ///< per row: first and one-past-last non-empty column
    };

    /// Sets pen width and maximum head length in pixels; clears the cache when they change.
    void configure(double penWidth, double headLength);

    /// The mask of an arrow of `length` pixels pointing at `angle` radians (pixel axes, y down).
    const Mask& get(double angle, double length);

    std::size_t cachedCount() const { return m_cache.size(); }

private:
    Mask render(int angleIndex, int halfPixels) const;

    double m_pen = -1.0;
    double m_head = -1.0;
    std::unordered_map<int, Mask> m_cache;
};

}  // namespace flowlab::ui
