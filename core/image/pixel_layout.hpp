#pragma once

#include <string>

namespace flowlab::core {

/// Byte order of an 8-bit, 4-channel pixel buffer with straight (not premultiplied) alpha.
/// For opaque pixels premultiplied and straight alpha are the same bytes, so QImage's
/// Format_ARGB32_Premultiplied (or RGBA8888_Premultiplied) frames of an opaque render qualify.
enum class PixelLayout {
    Rgba,  ///< bytes R, G, B, A (QImage::Format_RGBA8888)
    Bgra,  ///< bytes B, G, R, A (QImage::Format_ARGB32 / Format_RGB32 on little-endian machines)
};

std::string toString(PixelLayout layout);

}  // namespace flowlab::core
