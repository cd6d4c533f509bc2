#pragma once

// Internal to the frame renderer (frame_renderer.cpp, raster_layers.cpp, vector_layers.cpp,
// overlay_painter.cpp): the constants and small drawing helpers its layers share.

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QPen>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "view/camera.hpp"
#include "view/frame_data.hpp"
#include "view/theme.hpp"

namespace flowlab::ui::frame_layers {

constexpr float kTrailOpacity = 0.42f;
/// Trails of more particles than this fade (as 1/√n), so a dense cloud does not saturate.
constexpr double kTrailFadeParticles = 2500.0;
constexpr float kArrowOpacity = 0.85f;
constexpr float kArrowFadedOpacity = 0.35f;  // relative opacity of arrows where ρ_t is negligible
/// Trails are drawn for at most this many particles: a larger cloud shows the trails of every
/// trailStride(n)-th particle (0, s, 2s, …), faded as a cloud of that many would be, and its
/// legend entry says so ("trails of 1 in s"). 100 000 full trails cost ten times the frame
/// budget and, at the opacity that many need, read as a haze the sample shows as well.
constexpr int kTrailParticleBudget = 10000;
/// 1 up to kTrailParticleBudget particles, else the smallest step that keeps the drawn trails
/// within the budget.
inline int trailStride(int particles) {
    return particles <= kTrailParticleBudget ? 1 : (particles + kTrailParticleBudget - 1) / kTrailParticleBudget;
}
/// Where the density is negligible the arrows step back (the field matters where the mass is):
/// the relative opacity of an arrow at world (x, y), from the log-density grid of the heatmap
/// (1 everywhere without one). The raster frame and the SVG still use the same rule.
class ArrowEmphasis {
public:
    ArrowEmphasis(const ScalarGrid* heat, double heatmapRange)
        : m_heat(heat && !heat->empty() ? heat : nullptr), m_range(float(std::max(0.5, heatmapRange))) {
        if (m_heat)
            for (float v : m_heat->values)
                if (std::isfinite(v)) m_max = std::max(m_max, v);
    }
    float at(double x, double y) const {
        if (!m_heat || !std::isfinite(m_max)) return 1.0f;
        const auto& hs = m_heat->spec;
        const int i = std::clamp(int((x - hs.xMin) / hs.cellWidth()), 0, hs.nx - 1);
        const int j = std::clamp(int((y - hs.yMin) / hs.cellHeight()), 0, hs.ny - 1);
        const float u = std::clamp((m_heat->values[std::size_t(hs.index(i, j))] - (m_max - m_range)) / m_range, 0.0f, 1.0f);
        return kArrowFadedOpacity + (1.0f - kArrowFadedOpacity) * std::min(1.0f, 3.0f * u);
    }

private:
    const ScalarGrid* m_heat;
    float m_range;
    float m_max = -std::numeric_limits<float>::infinity();
};
/// One drawn arrow of a frame's arrow grid: its centre in pixels, its direction (radians, y up)
/// and length in pixels, its magnitude relative to the grid's reference (the colour) and its
/// relative opacity (ArrowEmphasis).
struct ArrowGlyph {
    QPointF center;
    double angle = 0.0, length = 0.0, rel = 0.0;
    float emphasis = 1.0f;
};
/// Calls draw(glyph) for every arrow of f.arrows that is drawn, row by row: lengths grow as
/// √(|v| / ref) up to 0.85 of a cell, with ref the 95th percentile of the magnitudes (so one
/// huge score near a point mass does not shrink every other arrow to nothing); arrows shorter
/// than 1.5·s pixels are left out. The raster frame and the SVG still draw the same arrows.
/// `magnitudes` and `sorted` are the caller's scratch buffers (no allocation per frame).
template <class Draw>
void forEachArrow(const FrameData& f, const ViewTransform& tf, double s, std::vector<float>& magnitudes,
                  std::vector<float>& sorted, Draw&& draw) {
    const VectorGrid& g = *f.arrows;
    const std::size_t n = g.vx.size();
    if (n == 0 || g.vy.size() != n || int(n) != g.spec.nx * g.spec.ny) return;
    magnitudes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float m = std::hypot(g.vx[i], g.vy[i]);
        magnitudes[i] = std::isfinite(m) ? m : 0.0f;
    }
    sorted = magnitudes;
    const std::size_t k = std::min(n - 1, std::size_t(0.95 * double(n)));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
    const float ref = sorted[k];
    if (!(ref > 0.0f)) return;
    const double w = g.spec.cellWidth(), h = g.spec.cellHeight();
    const double maxLen = 0.85 * std::min(w, h) * tf.scale();
    const ArrowEmphasis emphasis(f.heatmap.get(), f.heatmapRange);
    for (int j = 0; j < g.spec.ny; ++j) {
        for (int i = 0; i < g.spec.nx; ++i) {
            const std::size_t idx = std::size_t(g.spec.index(i, j));
            const float m = magnitudes[idx];
            if (!(m > 0.0f)) continue;
            const double rel = std::min(1.0, double(m / ref));
            const double len = maxLen * std::sqrt(rel);
            if (len < 1.5 * s) continue;
            const double wx = g.spec.xMin + (i + 0.5) * w, wy = g.spec.yMin + (j + 0.5) * h;
            draw(ArrowGlyph{tf.toPixel(wx, wy), std::atan2(-double(g.vy[idx]), double(g.vx[idx])), len, rel, emphasis.at(wx, wy)});
        }
    }
}
/// The opacity of the trails when `drawn` particles draw them: they fade as 1/√n above
/// kTrailFadeParticles, so a dense cloud does not saturate.
inline float trailOpacity(int drawn) {
    return kTrailOpacity * float(std::min(1.0, std::sqrt(kTrailFadeParticles / std::max(1, drawn))));
}
/// Up to this many particles trails are antialiased; above, overlapping trails hide aliasing and
/// the thin-line path halves the cost.
constexpr int kAntialiasedTrailLimit = 4000;
constexpr float kParticleOpacity = 0.92f;
/// Trails and dots are prepared (and their pixels prefetched) this many particles before they
/// are drawn: enough requests in flight to hide memory latency, few enough to stay in cache.
constexpr int kPrefetchAhead = 8;
constexpr double kBaseDotRadius = 1.9;  // pixels at 1280×720
/// Rows of a band of dots (drawParticles): 64 rows of a 1080p frame are 0.5 MB, in cache.
constexpr int kDotBandRows = 64;
/// From this many dots on screen, their bands are drawn on two threads (FrameRenderer::setDrawThreads).
constexpr int kParallelDots = 20000;
/// Opacity of the editor's drawing where its intensity is 1: the field underneath stays visible.
constexpr double kDrawingOpacity = 0.55;

/// 1, 2 or 5 × 10^k, the smallest not below `raw`.
inline double niceStep(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10.0 * p;
}

inline QString numberLabel(double v, double step) {
    if (std::abs(v) < 1e-9 * step) v = 0.0;
    const int decimals = step >= 1.0 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    return QString::number(v, 'f', decimals);
}

inline QFont pixelFont(double px, bool bold = false) {
    QFont f;
    f.setPixelSize(std::max(6, int(std::lround(px))));
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
}

/// A pen for layers with thousands of short segments. Up to about one pixel it is exactly one
/// pixel wide, which QPainter draws on its fast cosmetic path; wider pens use flat caps and bevel
/// joins, since round ones send every segment through the general stroker (ten times slower).
inline QPen manySegmentsPen(const QColor& c, double width) {
    if (width <= 1.25) return QPen(c, 1.0, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin);
    return QPen(c, width, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin);
}

inline QColor withAlpha(QColor c, double alpha) {
    c.setAlphaF(float(std::clamp(alpha, 0.0, 1.0) * c.alphaF()));
    return c;
}

/// The point of a polyline given at increasing `times` at time t (clamped).
inline QPointF pointAt(const std::vector<double>& times, const std::vector<QPointF>& pts, double t) {
    if (pts.empty()) return {};
    if (t <= times.front()) return pts.front();
    if (t >= times.back()) return pts.back();
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    const std::size_t i1 = std::size_t(it - times.begin()), i0 = i1 - 1;
    const double w = (t - times[i0]) / std::max(1e-300, times[i1] - times[i0]);
    return pts[i0] * (1.0 - w) + pts[i1] * w;
}

inline void drawRoundedBox(QPainter& p, const QRectF& r, const Theme& th, double s) {
    p.setPen(QPen(th.overlayBorder, std::max(1.0, s)));
    p.setBrush(th.overlayBackground);
    p.drawRoundedRect(r, 8 * s, 8 * s);
}

}  // namespace flowlab::ui::frame_layers
