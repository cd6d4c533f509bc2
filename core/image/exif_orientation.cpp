#include "image/exif_orientation.hpp"

#include <cstring>

namespace flowlab::core {

int readExifOrientation(const std::string& p) {
    constexpr std::size_t kTiff = 6;  // after "Exif\0\0"
    if (p.size() < kTiff + 8 || std::memcmp(p.data(), "Exif\0\0", 6) != 0) return 1;
    const bool little = p[kTiff] == 'I' && p[kTiff + 1] == 'I';
    const bool big = p[kTiff] == 'M' && p[kTiff + 1] == 'M';
    if (!little && !big) return 1;
    auto u16 = [&](std::size_t at) -> std::uint32_t {
        const std::uint32_t a = std::uint8_t(p[at]), b = std::uint8_t(p[at + 1]);
        return little ? a | (b << 8) : (a << 8) | b;
    };
    auto u32 = [&](std::size_t at) -> std::uint32_t {
        return little ? u16(at) | (u16(at + 2) << 16) : (u16(at) << 16) | u16(at + 2);
    };
    if (u16(kTiff + 2) != 42) return 1;
    const std::size_t ifd = kTiff + std::size_t(u32(kTiff + 4));
    if (ifd < kTiff || ifd + 2 > p.size()) return 1;
    const std::uint32_t entries = u16(ifd);
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::size_t e = ifd + 2 + 12 * std::size_t(i);
        if (e + 12 > p.size()) return 1;
        if (u16(e) == 0x0112 && u16(e + 2) == 3) {  // Orientation, type SHORT
            const std::uint32_t v = u16(e + 8);
            return v >= 1 && v <= 8 ? int(v) : 1;
        }
    }
    return 1;
}

void applyExifOrientation(std::vector<std::uint8_t>& rgba, int& width, int& height, int orientation) {
    if (orientation <= 1 || orientation > 8) return;
    const int w = width, h = height;
    const bool swap = orientationSwapsAxes(orientation);
    const int outW = swap ? h : w, outH = swap ? w : h;
    std::vector<std::uint8_t> out(rgba.size());
    for (int dy = 0; dy < outH; ++dy) {
        for (int dx = 0; dx < outW; ++dx) {
            int sx = dx, sy = dy;  // the stored pixel shown at (dx, dy)
            switch (orientation) {
                case 2: sx = w - 1 - dx; break;                       // mirrored
                case 3: sx = w - 1 - dx; sy = h - 1 - dy; break;      // rotated 180°
                case 4: sy = h - 1 - dy; break;                       // flipped
                case 5: sx = dy; sy = dx; break;                      // transposed
                case 6: sx = dy; sy = h - 1 - dx; break;              // needs 90° clockwise
                case 7: sx = w - 1 - dy; sy = h - 1 - dx; break;      // transversed
                case 8: sx = w - 1 - dy; sy = dx; break;              // needs 90° counter-clockwise
                default: break;
            }
            std::memcpy(&out[(std::size_t(dy) * outW + dx) * 4], &rgba[(std::size_t(sy) * w + sx) * 4], 4);
        }
    }
    rgba.swap(out);
    width = outW;
    height = outH;
}

}  // namespace flowlab::core
