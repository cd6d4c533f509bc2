#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace flowlab::core {

/// FNV-1a 64-bit of `n` bytes (offset basis 14695981039346656037, prime 1099511628211), as in
/// the reference definition (http://www.isthe.com/chongo/tech/comp/fnv/): fnv1a64("a") is
/// 0xaf63dc4c8601ec8c. The model file's checksum (docs/model-file.md).
std::uint64_t fnv1a64(const char* data, std::size_t n, std::uint64_t basis = 14695981039346656037ull);

/// `v` as 16 lower-case hexadecimal digits.
std::string hex64(std::uint64_t v);

}  // namespace flowlab::core
