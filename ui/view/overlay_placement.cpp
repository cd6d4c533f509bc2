#include "view/overlay_placement.hpp"

#include <algorithm>
#include <cmath>

#include "view/camera.hpp"

namespace flowlab::ui {
namespace {
/// Particles looked at per frame: enough for a share to the nearest percent, cheap per frame.
constexpr int kMaxSampledParticles = 4000;

/// QRectF::contains(QPointF) with the rectangle's edges worked out once (a frame asks it for
/// thousands of points and a dozen places: out of line it was 5 % of a video export).
struct Box {
    double l, r, t, b;
    bool null;
    explicit Box(const QRectF& q) {
        l = r = q.x();
        (q.width() < 0 ? l : r) += q.width();
        t = b = q.y();
        (q.height() < 0 ? t : b) += q.height();
        null = l == r || t == b;
    }
    bool contains(double x, double y) const { return !null && x >= l && x <= r && y >= t && y <= b; }
};
}  // namespace

std::vector<double> massShares(const FrameData& f, QSize size, const std::vector<QRectF>& rects) {
    std::vector<double> mass(rects.size(), 0.0);
    if (rects.empty() || size.isEmpty()) return mass;
    const ViewTransform tf(f.camera, QSizeF(size));
    double total = 0.0;
    std::vector<Box> boxes;
    for (const QRectF& r : rects) boxes.emplace_back(r);
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
            total += 1.0;
            for (std::size_t r = 0; r < boxes.size(); ++r)
                if (boxes[r].contains(px.x(), px.y())) mass[r] += 1.0;
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
                total += w;
                for (std::size_t r = 0; r < boxes.size(); ++r)
                    if (boxes[r].contains(px.x(), px.y())) mass[r] += w;
            }
    }
    if (total > 0.0)
        for (double& m : mass) m /= total;
    return mass;
}

double massShare(const FrameData& f, QSize size, const QRectF& rect) { return massShares(f, size, {rect}).front(); }

int leastCoveredPlace(const FrameData& f, QSize size, const std::vector<QRectF>& candidates, double tolerance) {
    if (candidates.empty()) return -1;
    const std::vector<double> mass = massShares(f, size, candidates);
    int best = 0;
    for (int i = 1; i < int(mass.size()); ++i)
        if (mass[std::size_t(i)] < mass[std::size_t(best)] - tolerance) best = i;
    return best;
}

}  // namespace flowlab::ui
