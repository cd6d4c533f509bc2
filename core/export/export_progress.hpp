#pragma once

#include <functional>

namespace flowlab::core {

/// Progress of a long export step: (done, total) units of work. Return false to cancel; the
/// step then stops as soon as it can and reports "cancelled".
using ExportProgressFn = std::function<bool(int done, int total)>;

}  // namespace flowlab::core
