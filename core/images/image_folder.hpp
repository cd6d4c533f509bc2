#pragma once

#include <string>

#include "common/result.hpp"
#include "images/byte_images.hpp"

namespace flowlab::core {

/// Largest number of files read from one folder.
inline constexpr int kMaxFolderImages = 100000;

/// Every PNG, JPEG or BMP file directly in `dir` (sorted by name; other files are ignored),
/// decoded with core/image's decoder, cropped to the centred square, area-resized to
/// side × side and rounded to 8 bits. Transparent pixels are composited over black. Grey files
/// give a 1-channel set, colour files a 3-channel one. Refuses a missing folder, a folder with
/// no image, a file that does not decode (naming it) and a folder mixing grey and colour files.
/// Unlabelled.
Result<ByteImages> loadImageFolder(const std::string& dir, int side);

}  // namespace flowlab::core
