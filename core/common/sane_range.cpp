#include "common/sane_range.hpp"

#include <cstdio>

namespace flowlab::core {
namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

std::string checkSaneRange(const Points& x, const std::string& what) {
    if (!x.allFinite()) return what + " contain NaN or infinite values";
    if (x.size() > 0 && x.cwiseAbs().maxCoeff() > kMaxSaneCoordinate) {
        return what + " have coordinates of magnitude " + fmt(x.cwiseAbs().maxCoeff()) + ", beyond the sane bound |x| ≤ " +
               fmt(kMaxSaneCoordinate) + " of FlowLab's scenes";
    }
    return {};
}

}  // namespace flowlab::core
