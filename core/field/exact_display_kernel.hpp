#pragma once

#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/exact_pair_table.hpp"
#include "field/field_source.hpp"

namespace flowlab::core {

/// The display kernel of the 2D exact field (ExactFieldOptions::pruneLogRatio > 0): the fields
/// of `table` at the points `x` (n×2) into `out` (already sized), for what the window draws and
/// never for the CLI or the tests, which keep the double kernel. Two approximations, both bounded:
/// - float32 arithmetic, eight points a SIMD register (relative error ~1e-6 in the weights);
/// - pruning: points are taken in spatial order by blocks of 32; a pair is skipped for a block
///   when its logit is provably below the largest one minus `pruneLogRatio` at every point
///   (bounds over the block's box), and its weights are not formed for a group of 8 points
///   when they are all below e^−pruneLogRatio of each point's largest. The mass skipped at a
///   point is at most K·e^−pruneLogRatio of the total (K pairs).
/// `gamma` is γ(t) (the denoiser is −γ s). Runs on `threads` threads.
Status evaluateDisplay2d(const PairTable2d& table, double gamma, const Points& x, unsigned what,
                         double pruneLogRatio, int threads, FieldValues& out);

/// Row indices of the 2D points `x` in a spatial order: binned on a 2^b × 2^b grid of about 8
/// points a cell over their bounding box and the cells visited in Morton (Z) order, so that a run
/// of consecutive indices is a compact patch of the plane. O(n) (a counting sort).
std::vector<Eigen::Index> spatialOrder(const Points& x);

}  // namespace flowlab::core
