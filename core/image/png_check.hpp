#pragma once

#include <string>

#include "common/result.hpp"

namespace flowlab::core {

/// Checks a PNG file's structure before it is decoded, so that damage FFmpeg's decoder would
/// conceal (missing rows left black, a bad row filter or a palette image without its palette
/// read as an empty picture) is refused with what is actually wrong: chunks running past the
/// end, chunk CRCs, the IHDR fields, the PLTE chunk of a palette image, and the compressed
/// pixel data inflated (streamed, never held whole) row by row — every row's filter type and
/// the row count the header promises ("truncated pixel data: 32 of 64 rows"). `name` is used in
/// messages. Success says nothing about the pixels beyond that.
Status checkPngStructure(const std::string& bytes, const std::string& name);

}  // namespace flowlab::core
