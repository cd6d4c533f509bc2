#pragma once

#include <cstdint>

namespace flowlab::core {

/// Largest width or height FlowLab accepts for any image it reads or writes.
inline constexpr int kMaxImageSide = 16384;
/// Largest pixel count FlowLab accepts for an image it reads (100 MPixel).
inline constexpr std::int64_t kMaxImagePixels = 100'000'000;

}  // namespace flowlab::core
