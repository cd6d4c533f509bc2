#pragma once

#include <cstddef>
#include <string>

#include "common/result.hpp"
#include "image/image_raster.hpp"

namespace flowlab::core {

/// How to decode an image into a raster.
struct ImageDecodeOptions {
    /// Images wider or taller than this are downsampled (area averaging, aspect ratio kept) so
    /// that they fit; the result's `downsampled` flag says so. Range 1 … kMaxImageSide.
    int maxWidth = 2048;
    int maxHeight = 2048;
    /// Files larger than this are refused before being read (default 256 MiB).
    std::size_t maxFileBytes = std::size_t{256} << 20;

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// Decodes a PNG, JPEG or BMP file (recognised by content, not by name) with FFmpeg's decoders.
/// Refuses unreadable, unknown, corrupt or truncated files, and images beyond kMaxImageSide or
/// kMaxImagePixels, with a message naming the file and the problem. Never throws.
Result<ImageRaster> decodeImageFile(const std::string& path, const ImageDecodeOptions& options = {});

/// The same for a file's bytes already in memory (e.g. an image embedded in a scene file);
/// `name` is used in messages.
Result<ImageRaster> decodeImageData(const std::string& bytes, const ImageDecodeOptions& options = {},
                                    const std::string& name = "image");

}  // namespace flowlab::core
