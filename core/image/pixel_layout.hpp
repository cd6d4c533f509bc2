#pragma once

#include <string>

namespace flowlab::core {

/// Byte order of an 8-bit, 4-channel pixel buffer with straight (not premultiplied) alpha.
enum class PixelLayout {
    Rgba,  ///< bytes R, G, B, A (QImage::Format_RGBA8888)
    Bgra,  ///< bytes B, G, R, A (QImage::Format_ARGB32 / Format_RGB32 on little-endian machines)
};

std::string toString(PixelLayout layout);

}  // namespace flowlab::core
