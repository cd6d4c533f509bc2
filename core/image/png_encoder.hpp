#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "image/pixel_layout.hpp"

namespace flowlab::core {

/// Encodes 8-bit RGBA/BGRA buffers of one fixed size as PNG files (RGBA, 8 bits per channel)
/// with FFmpeg's PNG encoder. Reusable for many frames of the same size (an image sequence).
/// Output is deterministic: the same pixels give the same bytes.
class PngEncoder {
public:
    /// `compressionLevel` is zlib's 0 (fastest) … 9 (smallest).
    static Result<PngEncoder> create(int width, int height, PixelLayout layout, int compressionLevel = 6);

    PngEncoder(PngEncoder&&) noexcept;
    PngEncoder& operator=(PngEncoder&&) noexcept;
    ~PngEncoder();

    /// The PNG file's bytes for one buffer; `strideBytes` ≥ 4·width is the distance between rows.
    Result<std::string> encode(const std::uint8_t* pixels, int strideBytes);

    int width() const;
    int height() const;

private:
    struct Impl;
    explicit PngEncoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// One-shot: a PNG file's bytes for one buffer.
Result<std::string> encodePng(const std::uint8_t* pixels, int width, int height, int strideBytes,
                              PixelLayout layout);

/// Writes one buffer as a PNG file, atomically (temporary file beside it, then rename): a failure
/// leaves any existing file untouched and nothing half-written.
Status writePng(const std::string& path, const std::uint8_t* pixels, int width, int height,
                int strideBytes, PixelLayout layout);

}  // namespace flowlab::core
