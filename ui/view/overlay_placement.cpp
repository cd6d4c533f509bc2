#include "view/overlay_placement.hpp"

#include <algorithm>
#include <cmath>

#include "view/camera.hpp"

namespace flowlab::ui {
namespace {
/// Particles looked at per frame: enough for a share to the nearest percent, cheap per frame.
constexpr int kMaxSampledParticles = 4000;
}  // namespace

MassMap::MassMap(const FrameData& f, QSize size) {
    if (size.isEmpty()) return;
    const ViewTransform tf(f.camera, QSizeF(size));
    if (f.layers.particles && f.tracks && f.tracks->particleCount() > 0) {
        std::vector<float> xy;
        f.tracks->positionsAt(f.t, xy);
        const int n = f.tracks->particleCount();
        const int stride = std::max(1, n / kMaxSampledParticles);
        for (int i = 0; i < n; i += stride) {
            const QPointF px = tf.toPixel(double(xy[std::size_t(2 * i)]), double(xy[std::size_t(2 * i + 1)]));
            m_x.push_back(float(px.x()));
            m_y.push_back(float(px.y()));
            m_w.push_back(1.0f);
            m_total += 1.0;
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
                m_x.push_back(float(px.x()));
                m_y.push_back(float(px.y()));
                m_w.push_back(float(w));
                m_total += w;
            }
    }
}

double MassMap::share(const QRectF& rect) const {
    if (!(m_total > 0.0)) return 0.0;
    const QRectF r = rect.normalized();
    if (r.isEmpty()) return 0.0;
    const float l = float(r.left()), t = float(r.top()), rt = float(r.right()), b = float(r.bottom());
    double mass = 0.0;
    for (std::size_t i = 0; i < m_x.size(); ++i)
        if (m_x[i] >= l && m_x[i] <= rt && m_y[i] >= t && m_y[i] <= b) mass += m_w[i];
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
