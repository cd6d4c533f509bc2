#pragma once

#include <QRectF>
#include <QSize>

#include <vector>

#include "view/frame_data.hpp"

namespace flowlab::ui {

/// The share of the displayed density's mass that lies under `rect` (pixels of an output of
/// `size`), in [0, 1]: the particles at the frame's t when they are drawn, else the heatmap's
/// exp(log ρ_t), else 0. The overlay uses it to put its boxes where ρ_t is small.
double massShare(const FrameData& frame, QSize size, const QRectF& rect);

/// The share of mass under each of `rects` in one pass (same meaning as massShare).
std::vector<double> massShares(const FrameData& frame, QSize size, const std::vector<QRectF>& rects);

/// Of `candidates` (all the box's size), the one covering the least mass; ties within
/// `tolerance` go to the earlier candidate, so the usual place wins when the data leaves it free.
/// Returns the index, or −1 when `candidates` is empty.
int leastCoveredPlace(const FrameData& frame, QSize size, const std::vector<QRectF>& candidates,
                      double tolerance = 0.005);

}  // namespace flowlab::ui
