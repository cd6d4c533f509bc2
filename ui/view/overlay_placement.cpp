#include "view/overlay_placement.hpp"

#include <algorithm>
#include <cmath>

#include "view/camera.hpp"

namespace flowlab::ui {
namespace {
/// Particles looked at per frame: enough for a share to the nearest percent, cheap per frame.
constexpr int kMaxSampledParticles = 4000;
/// Pixel coordinates beyond this (or not finite) are under no box and kept out of the bins.
constexpr double kFar = 1e30;
}  // namespace

MassMap::MassMap(const FrameData& f, QSize size) {
    if (size.isEmpty()) return;
    const ViewTransform tf(f.camera, QSizeF(size));
    if (f.layers.particles && f.tracks && f.tracks->particleCount() > 0) {
        // The sampled particles only, by positionsAt's arithmetic.
        const ParticleTracks& tr = *f.tracks;
        const ParticleTracks::Bracket br = tr.bracket(f.t);
        const float* a = tr.frame(br.i0);
        const float* c = tr.frame(br.i1);
        const float w = br.w, v = 1.0f - br.w;
        const int n = tr.particleCount();
        const int stride = std::max(1, n / kMaxSampledParticles);
        for (int i = 0; i < n; i += stride) {
            const std::size_t k = 2 * std::size_t(i);
            const QPointF px = tf.toPixel(double(v * a[k] + w * c[k]), double(v * a[k + 1] + w * c[k + 1]));
            m_total += 1.0;  // a diverged (non-finite) particle is mass under no box
            if (!(std::abs(px.x()) < kFar && std::abs(px.y()) < kFar)) continue;
            m_x.push_back(float(px.x()));
            m_y.push_back(float(px.y()));
            m_w.push_back(1.0f);
        }
    } else if (f.layers.heatmap && f.heatmap && !f.heatmap->empty()) {
        const auto& g = f.heatmap->spec;
        const auto& v = f.heatmap->values;
        const float top = *std::max_element(v.begin(), v.end());
        for (int iy = 0; iy < g.ny; ++iy)
            for (int ix = 0; ix < g.nx; ++ix) {
                const double w = std::exp(double(v[std::size_t(iy) * std::size_t(g.nx) + std::size_t(ix)] - top));
                if (!std::isfinite(w)) continue;
                const double x = g.xMin + (ix + 0.5) * (g.xMax - g.xMin) / g.nx;
                const double y = g.yMin + (iy + 0.5) * (g.yMax - g.yMin) / g.ny;
                const QPointF px = tf.toPixel(x, y);
                if (!(std::abs(px.x()) < kFar && std::abs(px.y()) < kFar)) continue;
                m_x.push_back(float(px.x()));
                m_y.push_back(float(px.y()));
                m_w.push_back(float(w));
                m_total += w;
            }
    }
    buildGrid();
}

void MassMap::buildGrid() {
    if (m_x.empty()) return;
    const auto [x0, x1] = std::minmax_element(m_x.begin(), m_x.end());
    const auto [y0, y1] = std::minmax_element(m_y.begin(), m_y.end());
    m_minX = *x0;
    m_minY = *y0;
    m_cellW = std::max(1e-3f, (*x1 - *x0) / float(kCells)) * 1.0001f;  // the largest point stays in the last bin
    m_cellH = std::max(1e-3f, (*y1 - *y0) / float(kCells)) * 1.0001f;
    std::vector<int> bin(m_x.size());
    m_start.assign(kCells * kCells + 1, 0);
    std::vector<double> mass(std::size_t(kCells * kCells), 0.0);
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        bin[i] = binY(m_y[i]) * kCells + binX(m_x[i]);
        ++m_start[std::size_t(bin[i]) + 1];
        mass[std::size_t(bin[i])] += m_w[i];
    }
    for (int b = 0; b < kCells * kCells; ++b) m_start[std::size_t(b) + 1] += m_start[std::size_t(b)];
    m_order.resize(m_x.size());
    std::vector<int> next(m_start.begin(), m_start.end() - 1);
    for (std::size_t i = 0; i < m_x.size(); ++i) m_order[std::size_t(next[std::size_t(bin[i])]++)] = int(i);
    m_sat.assign(std::size_t((kCells + 1) * (kCells + 1)), 0.0);
    for (int y = 0; y < kCells; ++y)
        for (int x = 0; x < kCells; ++x)
            m_sat[std::size_t((y + 1) * (kCells + 1) + x + 1)] = mass[std::size_t(y * kCells + x)] +
                                                                m_sat[std::size_t(y * (kCells + 1) + x + 1)] +
                                                                m_sat[std::size_t((y + 1) * (kCells + 1) + x)] -
                                                                m_sat[std::size_t(y * (kCells + 1) + x)];
}

int MassMap::binX(float x) const { return int(std::clamp(std::floor((x - m_minX) / m_cellW), 0.0f, float(kCells - 1))); }
int MassMap::binY(float y) const { return int(std::clamp(std::floor((y - m_minY) / m_cellH), 0.0f, float(kCells - 1))); }

double MassMap::cellMass(int x0, int y0, int x1, int y1) const {
    if (x1 < x0 || y1 < y0) return 0.0;
    const auto at = [&](int x, int y) { return m_sat[std::size_t(y * (kCells + 1) + x)]; };
    return at(x1 + 1, y1 + 1) - at(x0, y1 + 1) - at(x1 + 1, y0) + at(x0, y0);
}

double MassMap::share(const QRectF& rect) const {
    if (!(m_total > 0.0)) return 0.0;
    const QRectF r = rect.normalized();
    if (r.isEmpty()) return 0.0;
    const float l = float(r.left()), t = float(r.top()), rt = float(r.right()), b = float(r.bottom());
    // The bins the rectangle touches (by the same formula that binned the points, so a bin
    // strictly between the border bins holds only points inside the rectangle).
    // Clamped to [−1, kCells] before any conversion to int (a far rectangle is not UB).
    const auto cell = [](float v) { return std::clamp(std::floor(v), -1.0f, float(kCells)); };
    const float fx0 = cell((l - m_minX) / m_cellW), fx1 = cell((rt - m_minX) / m_cellW);
    const float fy0 = cell((t - m_minY) / m_cellH), fy1 = cell((b - m_minY) / m_cellH);
    if (!(fx1 >= 0 && fy1 >= 0 && fx0 < kCells && fy0 < kCells)) return 0.0;
    const int bx0 = std::max(0, int(fx0)), bx1 = std::min(kCells - 1, int(fx1));
    const int by0 = std::max(0, int(fy0)), by1 = std::min(kCells - 1, int(fy1));
    // Inner bins: wholly inside unless the rectangle's edge cuts them (the clamped border ones).
    const int ix0 = fx0 >= 0 ? bx0 + 1 : bx0, ix1 = fx1 < kCells ? bx1 - 1 : bx1;
    const int iy0 = fy0 >= 0 ? by0 + 1 : by0, iy1 = fy1 < kCells ? by1 - 1 : by1;
    double mass = cellMass(ix0, iy0, ix1, iy1);
    for (int y = by0; y <= by1; ++y)
        for (int x = bx0; x <= bx1; ++x) {
            if (x >= ix0 && x <= ix1 && y >= iy0 && y <= iy1) continue;
            const int bin = y * kCells + x;
            for (int k = m_start[std::size_t(bin)]; k < m_start[std::size_t(bin) + 1]; ++k) {
                const std::size_t i = std::size_t(m_order[std::size_t(k)]);
                if (m_x[i] >= l && m_x[i] <= rt && m_y[i] >= t && m_y[i] <= b) mass += m_w[i];
            }
        }
    return mass / m_total;
}

std::vector<double> MassMap::shares(const std::vector<QRectF>& rects) const {
    std::vector<double> out;
    out.reserve(rects.size());
    for (const QRectF& r : rects) out.push_back(share(r));
    return out;
}

int MassMap::leastCovered(const std::vector<QRectF>& candidates, double tolerance) const {
    if (candidates.empty()) return -1;
    const std::vector<double> mass = shares(candidates);
    int best = 0;
    for (int i = 1; i < int(mass.size()); ++i)
        if (mass[std::size_t(i)] < mass[std::size_t(best)] - tolerance) best = i;
    return best;
}

double massShare(const FrameData& f, QSize size, const QRectF& rect) { return MassMap(f, size).share(rect); }

std::vector<double> massShares(const FrameData& f, QSize size, const std::vector<QRectF>& rects) {
    return MassMap(f, size).shares(rects);
}

int leastCoveredPlace(const FrameData& f, QSize size, const std::vector<QRectF>& candidates, double tolerance) {
    return MassMap(f, size).leastCovered(candidates, tolerance);
}

}  // namespace flowlab::ui
