#pragma once
// Test-only helpers that use FFmpeg directly: decode what the export wrote, and make image files
// in formats core only reads (JPEG, BMP).

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "test_support.hpp"  // TempDir

namespace flowlab::test {

/// What a media file decodes to, frame by frame, as tightly packed RGBA.
struct DecodedVideo {
    std::string container;  ///< libavformat's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string codec;      ///< "h264", "vp9", "gif"
    std::string pixelFormat;  ///< of the coded stream, e.g. "yuv420p"
    std::string colorSpace;   ///< the stream's matrix tag, e.g. "bt709" (empty if untagged)
    int width = 0;
    int height = 0;
    double fps = 0;         ///< the stream's average frame rate
    std::vector<std::int64_t> pts;              ///< per frame, in the stream's time base
    double timeBase = 0;                        ///< seconds per pts unit
    std::vector<std::vector<std::uint8_t>> rgba;  ///< per frame, width·height·4 bytes
};

/// Demuxes and decodes every frame of a video file with libavformat/libavcodec.
core::Result<DecodedVideo> decodeVideo(const std::string& path);

/// Encodes one RGBA buffer (tightly packed) with FFmpeg's "mjpeg" (quality q, 2 = best) or
/// "bmp" encoder and returns the file's bytes.
std::string encodeJpeg(const std::vector<std::uint8_t>& rgba, int width, int height, int q = 2);
std::string encodeBmp(const std::vector<std::uint8_t>& rgba, int width, int height);

/// A deterministic test frame k (tightly packed RGBA, opaque): smooth colour gradients and a
/// bright square that moves with k, so that consecutive frames differ.
std::vector<std::uint8_t> syntheticFrame(int width, int height, int k);
/// The same pixels with R and B swapped (BGRA byte order).
std::vector<std::uint8_t> swapRedBlue(std::vector<std::uint8_t> rgba);
/// Mean absolute difference per RGB channel, in 0 … 255 (alpha ignored).
double meanAbsRgbDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

/// An APP1 EXIF payload ("Exif\0\0" + TIFF) with one IFD0 entry: Orientation = value.
std::string exifPayload(int value, bool bigEndian);
/// A JPEG file with an EXIF segment (orientation, big-endian) inserted after its SOI marker.
std::string withExif(const std::string& jpeg, int orientation);

/// The file's whole content.
std::string readBytes(const std::string& path);
void writeBytes(const std::string& path, const std::string& bytes);

}  // namespace flowlab::test
