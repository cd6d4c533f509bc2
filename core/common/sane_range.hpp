#pragma once

#include <string>

#include "common/types.hpp"

namespace flowlab::core {

/// Coordinates beyond this magnitude are not a state of any scene FlowLab shows (scenes live in
/// |x| ≲ 100): a sampler whose particles leave the range has diverged, and inputs beyond it are
/// refused, because the fields and metrics overflow long before double precision does (squared
/// distances of 1e154 are infinite; a Gaussian's log-density at 1e8 is already −1e16).
constexpr double kMaxSaneCoordinate = 1e8;

/// Empty when every value of `x` is finite and within ±kMaxSaneCoordinate; otherwise a one-line
/// reason naming `what` ("start points", "input points").
std::string checkSaneRange(const Points& x, const std::string& what);

}  // namespace flowlab::core
