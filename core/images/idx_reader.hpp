#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace flowlab::core {

/// An IDX array of unsigned bytes (the MNIST / Fashion-MNIST file format): its dimensions,
/// outermost first, and the values in row-major order.
struct IdxArray {
    std::vector<std::uint32_t> dims;
    std::vector<std::uint8_t> values;
};

/// Largest decompressed size read from one file (guards against gzip bombs): 512 MiB.
inline constexpr std::size_t kMaxIdxBytes = std::size_t{512} << 20;

/// Inflates gzip data (recognised by its 1f 8b signature; anything else is returned as it is)
/// with zlib, checking the stream's CRC and length. Refuses corrupt or truncated streams and
/// output beyond kMaxIdxBytes, with a message naming `name`.
Result<std::string> gunzipIfCompressed(const std::string& bytes, const std::string& name);

/// Parses an IDX file's bytes (gzip-compressed or not). Refuses a bad magic number, a value type
/// other than unsigned byte (0x08), no or zero dimensions, a size that overflows, and data that is
/// shorter or longer than the dimensions say.
Result<IdxArray> parseIdx(const std::string& bytes, const std::string& name);

/// Reads and parses an IDX file (.gz or plain).
Result<IdxArray> readIdxFile(const std::string& path);

}  // namespace flowlab::core
