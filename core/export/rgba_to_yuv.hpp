#pragma once

#include <cstdint>

#include "image/pixel_layout.hpp"

namespace flowlab::core {

/// Destination planes of a yuv420p picture (chroma planes of ⌈w/2⌉ × ⌈h/2⌉ samples).
struct Yuv420pPlanes {
    std::uint8_t* y = nullptr;
    std::uint8_t* u = nullptr;
    std::uint8_t* v = nullptr;
    int yStride = 0;
    int uStride = 0;
    int vStride = 0;
};

/// Converts 8-bit RGBA/BGRA (alpha ignored) to BT.709 limited-range ("TV") yuv420p, the
/// encoding browsers and PowerPoint assume for HD video. Chroma is the mean of each 2×2 block.
/// Integer arithmetic (16-bit fixed point): deterministic, within ±1 of the exact formula, and
/// about 2× faster than libswscale's generic RGBA path on this machine (bench_export.cpp).
/// With AVX2 (the x86-64-v3 build) 32 luma and 8 chroma samples at a time, giving exactly the
/// bytes of rgbaToYuv420pBt709Portable (issue 15: the conversion was 10 % of an export's CPU).
void rgbaToYuv420pBt709(const std::uint8_t* src, int srcStride, PixelLayout layout, int width, int height,
                        const Yuv420pPlanes& dst);

/// The same conversion by the plain loops only: the reference the vector path must equal.
void rgbaToYuv420pBt709Portable(const std::uint8_t* src, int srcStride, PixelLayout layout, int width, int height,
                                const Yuv420pPlanes& dst);

}  // namespace flowlab::core
