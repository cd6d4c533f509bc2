#pragma once

#include <cstddef>
#include <string>

#include "common/result.hpp"

namespace flowlab::core {

/// Reads a whole file; refuses files larger than maxBytes with a clear message.
Result<std::string> readTextFile(const std::string& path, std::size_t maxBytes);

/// Writes `content` to `path` atomically: into a temporary file beside it, flushed, then renamed
/// over the target. A failure (unwritable folder, full disk) leaves any existing file untouched
/// and no partial file behind.
Status writeFileAtomic(const std::string& path, const std::string& content);

}  // namespace flowlab::core
