#pragma once

#include <string>

#include "common/result.hpp"

namespace flowlab::core {

/// The image container formats FlowLab reads.
enum class ImageFormat { Png, Jpeg, Bmp };

std::string toString(ImageFormat format);

/// What the first bytes of an image file say, read without decoding any pixel.
struct ImageHeader {
    ImageFormat format = ImageFormat::Png;
    int width = 0;   ///< as stored in the file
    int height = 0;
    int orientation = 1;  ///< EXIF orientation of a JPEG (1 … 8; 1 = as stored)
};

/// Recognises PNG, JPEG and BMP by their signature and reads the declared size. Refuses unknown
/// formats, headers cut short, zero sizes, and sizes beyond kMaxImageSide / kMaxImagePixels,
/// before any memory is allocated for pixels. `name` is used in messages.
Result<ImageHeader> readImageHeader(const std::string& bytes, const std::string& name);

}  // namespace flowlab::core
