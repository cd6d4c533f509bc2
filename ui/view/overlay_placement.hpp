#pragma once

#include <QRectF>
#include <QSize>

#include <vector>

#include "view/frame_data.hpp"

namespace flowlab::ui {

/// The displayed density's mass of one frame in an output of `size`, sampled once for many
/// placement queries (the overlay tries dozens of places for its boxes every frame): the
/// particles at the frame's t when they are drawn (up to a few thousand of them), else the
/// heatmap's exp(log ρ_t), else nothing.
class MassMap {
public:
    MassMap(const FrameData& frame, QSize size);
    /// The share of the mass under `rect` (pixels), in [0, 1]; 0 when there is no mass.
    double share(const QRectF& rect) const;
    /// The share under each of `rects`.
    std::vector<double> shares(const std::vector<QRectF>& rects) const;
    /// Of `candidates`, the one covering the least mass; ties within `tolerance` go to the
    /// earlier candidate, so the usual place wins when the data leaves it free. −1 when empty.
    int leastCovered(const std::vector<QRectF>& candidates, double tolerance = 0.005) const;

private:
    /// Bins the samples into a kCells² grid over their bounding box, with a summed-area table
    /// of the bins' mass: a query adds the bins wholly inside the rectangle at once and tests
    /// only the points of the bins on its border, exactly.
    void buildGrid();
    double cellMass(int x0, int y0, int x1, int y1) const;  // inclusive bin ranges
    int binX(float x) const;
    int binY(float y) const;

    static constexpr int kCells = 32;
    std::vector<float> m_x, m_y, m_w;  // sample points in pixels and their weights
    double m_total = 0.0;
    float m_minX = 0, m_minY = 0, m_cellW = 1, m_cellH = 1;
    std::vector<int> m_start;   // CSR: the points of bin b are m_order[m_start[b] .. m_start[b + 1])
    std::vector<int> m_order;
    std::vector<double> m_sat;  // (kCells + 1)² summed-area table of the bins' mass
};

/// The share of the displayed density's mass that lies under `rect` (pixels of an output of
/// `size`), in [0, 1] (see MassMap). The overlay uses it to put its boxes where ρ_t is small.
double massShare(const FrameData& frame, QSize size, const QRectF& rect);

/// The share of mass under each of `rects` in one pass (same meaning as massShare).
std::vector<double> massShares(const FrameData& frame, QSize size, const std::vector<QRectF>& rects);

/// MassMap::leastCovered for one query.
int leastCoveredPlace(const FrameData& frame, QSize size, const std::vector<QRectF>& candidates,
                      double tolerance = 0.005);

}  // namespace flowlab::ui
