// The layers FrameRenderer draws on the RasterCanvas fast path: heatmap, grid lines, arrows,
// trails and particles.
#include "view/frame_renderer.hpp"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

#include "view/camera.hpp"
#include "view/frame_layer_support.hpp"

namespace flowlab::ui {

using namespace frame_layers;

void FrameRenderer::drawHeatmap(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f) {
    const ScalarGrid& g = *f.heatmap;
    const int nx = g.spec.nx, ny = g.spec.ny;
    if (int(g.values.size()) != nx * ny) return;
    float maxV = -std::numeric_limits<float>::infinity();
    for (float v : g.values)
        if (std::isfinite(v)) maxV = std::max(maxV, v);
    if (!std::isfinite(maxV)) return;
    const float range = float(std::max(0.5, f.heatmapRange));
    const QPointF tl = tf.toPixel(g.spec.xMin, g.spec.yMax), br = tf.toPixel(g.spec.xMax, g.spec.yMin);
    canvas.drawScalarField(g.values.data(), nx, ny, QRectF(tl, br), maxV - range, range, f.theme->heatmap, m_heatWorkspace);
}

double FrameRenderer::gridStep(const ViewTransform& tf) {
    const QRectF w = tf.worldRect();
    return niceStep(std::min(w.width(), w.height()) / 9.0);
}

void FrameRenderer::drawGridLines(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f, double s) {
    // Axis-aligned one-pixel lines drawn directly: QPainter::drawLines hands long lines to a
    // thread pool, whose hand-off costs more than the lines.
    const Theme& th = *f.theme;
    const QRectF w = tf.worldRect();
    const double step = gridStep(tf);
    const int thickness = std::max(1, int(std::floor(s)));
    const QRgb minor = RasterCanvas::premultiply(th.gridMinor.rgba(), 1.0f);
    const QRgb major = RasterCanvas::premultiply(th.gridMajor.rgba(), 1.0f);
    std::vector<int> columns;
    std::vector<QRgb> colours;
    for (double x = std::ceil(w.left() / step) * step; x <= w.right(); x += step) {
        const int X = int(std::floor(tf.toPixel(x, 0).x()));
        for (int k = 0; k < thickness; ++k) {
            columns.push_back(X + k);
            colours.push_back(std::abs(x) < 0.5 * step ? major : minor);
        }
    }
    canvas.blendColumns(columns.data(), colours.data(), int(columns.size()));
    for (double y = std::ceil(w.top() / step) * step; y <= w.bottom(); y += step) {
        const int Y = int(std::floor(tf.toPixel(0, y).y()));
        for (int k = 0; k < thickness; ++k) canvas.blendRow(Y + k, std::abs(y) < 0.5 * step ? major : minor);
    }
}

void FrameRenderer::drawArrows(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f, double s) {
    m_arrows.configure(1.3 * s, 6.0 * s);
    forEachArrow(f, tf, s, m_magnitudes, m_sorted, [&](const ArrowGlyph& a) {
        const ArrowSprites::Mask& mask = m_arrows.get(a.angle, a.length);
        const QRgb color = RasterCanvas::premultiply(lutColor(f.theme->arrows, a.rel) | 0xff000000u, kArrowOpacity * a.emphasis);
        canvas.blendMaskSpans(int(std::lround(a.center.x() - 0.5 * mask.size)), int(std::lround(a.center.y() - 0.5 * mask.size)),
                              mask.alpha.data(), mask.size, mask.spans.data(), color);
    });
}

std::vector<QRgb> FrameRenderer::particlePalette(const FrameData& f, float opacity) const {
    std::vector<QRgb> pal;
    if (f.colorMode == ColorMode::Single || f.theme->regionPalette.empty()) {
        pal.assign(256, RasterCanvas::premultiply(f.theme->singleParticle.rgba(), opacity));
        return pal;
    }
    pal.resize(256);
    const auto& rp = f.theme->regionPalette;
    for (std::size_t i = 0; i < 256; ++i) pal[i] = RasterCanvas::premultiply(rp[i % rp.size()].rgba(), opacity);
    return pal;
}

void FrameRenderer::drawTrails(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f) {
    const ParticleTracks& tr = *f.tracks;
    const int n = tr.particleCount(), frames = tr.frameCount();
    if (n == 0 || frames < 2) return;
    const ParticleTracks::Bracket b = tr.bracket(f.t);
    const int k = f.trailSteps;
    // Frames of the trail behind the current position, nearest first.
    std::vector<int> idx;
    idx.reserve(std::size_t(k));
    if (f.trailsTowardLowerT) {
        for (int i = b.i0; i >= 0 && int(idx.size()) < k; --i) idx.push_back(i);
    } else {
        const int first = b.w > 0.0f ? b.i1 : b.i0;
        for (int i = first; i < frames && int(idx.size()) < k; ++i) idx.push_back(i);
    }
    if (idx.empty()) return;
    // Above the budget, the trails of every stride-th particle (the rule in frame_layer_support).
    const int stride = trailStride(n);
    const int drawn = (n + stride - 1) / stride;
    // Opacity fades linearly along the trail; one premultiplied colour per (region, segment).
    const float opacity = trailOpacity(drawn);
    const std::vector<QRgb> base = particlePalette(f, 1.0f);
    std::vector<QRgb> colors(256 * idx.size());
    for (std::size_t j = 0; j < idx.size(); ++j) {
        const float a = opacity * (1.0f - float(j) / float(idx.size()));
        for (std::size_t c = 0; c < 256; ++c)
            colors[c * idx.size() + j] = RasterCanvas::premultiply(base[c] | 0xff000000u, a);
    }
    tr.positionsAt(f.t, m_positions);
    const float sc = float(tf.scale()), ox = float(tf.originX()), oy = float(tf.originY());
    std::vector<const float*> framePtr(idx.size());
    for (std::size_t j = 0; j < idx.size(); ++j) framePtr[j] = tr.frame(idx[j]);
    const auto& colorIdx = tr.colors(f.colorMode == ColorMode::Start);
    const bool antialiased = n <= kAntialiasedTrailLimit;
    // Pixel coordinates of a trail are computed kPrefetchAhead particles before it is drawn and
    // its pixels prefetched: memory latency, not arithmetic, is what trails at random places cost.
    const std::size_t points = idx.size() + 1;
    m_trailRing.resize(std::size_t(kPrefetchAhead) * 2 * points);
    // Trail i (of `drawn`) is particle i · stride.
    const auto stage = [&](int i) {
        float* q = m_trailRing.data() + std::size_t(i % kPrefetchAhead) * 2 * points;
        const int p = i * stride;
        q[0] = ox + m_positions[2 * std::size_t(p)] * sc;
        q[1] = oy - m_positions[2 * std::size_t(p) + 1] * sc;
        for (std::size_t j = 0; j < idx.size(); ++j) {
            q[2 * j + 2] = ox + framePtr[j][2 * std::size_t(p)] * sc;
            q[2 * j + 3] = oy - framePtr[j][2 * std::size_t(p) + 1] * sc;
        }
        canvas.prefetch(q, int(points));
    };
    for (int i = 0; i < std::min(drawn, kPrefetchAhead); ++i) stage(i);
    for (int i = 0; i < drawn; ++i) {
        const float* q = m_trailRing.data() + std::size_t(i % kPrefetchAhead) * 2 * points;
        const std::size_t p = std::size_t(i) * std::size_t(stride);
        canvas.drawPolyline(q, int(points), colors.data() + std::size_t(colorIdx[p]) * idx.size(), antialiased);
        if (i + kPrefetchAhead < drawn) stage(i + kPrefetchAhead);
    }
}

void FrameRenderer::drawParticles(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f, double s) {
    const ParticleTracks& tr = *f.tracks;
    const int n = tr.particleCount();
    if (n == 0) return;
    tr.positionsAt(f.t, m_positions);
    m_sprites.prepare(float(kBaseDotRadius * s * std::clamp(f.particleSize, 0.2, 5.0)));
    const std::vector<QRgb> pal = particlePalette(f, kParticleOpacity);
    const float sc = float(tf.scale()), ox = float(tf.originX()), oy = float(tf.originY());
    const int width = canvas.width(), height = canvas.height();
    const float w = float(width), h = float(height);
    const auto& colorIdx = tr.colors(f.colorMode == ColorMode::Start);
    const int size = m_sprites.size();
    // Dots at random places miss the caches on every row when a frame is larger than them
    // (100 000 dots: most of the frame's time). So the dots are drawn band by band of
    // kDotBandRows rows, each band a few hundred kB: a stable bucketing by band keeps, for every
    // pixel, the order of the dots over it, hence exactly the pixels of drawing them one by one.
    m_dots.clear();
    m_dots.reserve(std::size_t(n));
    for (int p = 0; p < n; ++p) {
        const float px = ox + m_positions[2 * std::size_t(p)] * sc;
        const float py = oy - m_positions[2 * std::size_t(p) + 1] * sc;
        if (!(px > -float(size) && px < w + float(size) && py > -float(size) && py < h + float(size))) continue;
        PlacedDot d;
        d.mask = m_sprites.maskFor(px, py, d.x, d.y, d.spans);
        if (d.y + size <= 0 || d.y >= height || d.x + size <= 0 || d.x >= width) continue;
        d.color = pal[colorIdx[std::size_t(p)]];
        m_dots.push_back(d);
    }
    const int bands = (height + kDotBandRows - 1) / kDotBandRows;
    const auto firstBand = [&](const PlacedDot& d) { return std::max(0, d.y) / kDotBandRows; };
    const auto lastBand = [&](const PlacedDot& d) { return std::min(height - 1, d.y + size - 1) / kDotBandRows; };
    m_bandStart.assign(std::size_t(bands) + 1, 0);
    for (const PlacedDot& d : m_dots)
        for (int b = firstBand(d); b <= lastBand(d); ++b) ++m_bandStart[std::size_t(b) + 1];
    for (int b = 0; b < bands; ++b) m_bandStart[std::size_t(b) + 1] += m_bandStart[std::size_t(b)];
    // The dots themselves (not their indices) in band order: drawing reads them in sequence.
    m_bandedDots.resize(std::size_t(m_bandStart.back()));
    m_bandCursor.assign(m_bandStart.begin(), m_bandStart.end() - 1);
    for (const PlacedDot& d : m_dots)
        for (int b = firstBand(d); b <= lastBand(d); ++b) m_bandedDots[std::size_t(m_bandCursor[std::size_t(b)]++)] = d;
    const auto drawBands = [&](int from, int to) {
        for (int b = from; b < to; ++b) {
            const int rowBegin = b * kDotBandRows, rowEnd = std::min(height, rowBegin + kDotBandRows);
            const int first = m_bandStart[std::size_t(b)], end = m_bandStart[std::size_t(b) + 1];
            // Even within a band the rows of a dot are prefetched a few dots before it is drawn.
            for (int k = first; k < std::min(end, first + kPrefetchAhead); ++k)
                canvas.prefetchBox(m_bandedDots[std::size_t(k)].x, m_bandedDots[std::size_t(k)].y, size);
            for (int k = first; k < end; ++k) {
                if (k + kPrefetchAhead < end) {
                    const PlacedDot& ahead = m_bandedDots[std::size_t(k + kPrefetchAhead)];
                    canvas.prefetchBox(ahead.x, ahead.y, size);
                }
                const PlacedDot& d = m_bandedDots[std::size_t(k)];
                canvas.blendMaskSpans(d.x, d.y, d.mask, size, d.spans, d.color, rowBegin, rowEnd);
            }
        }
    };
    // Bands share no pixel: a large cloud's lower bands are drawn on a second thread, split where
    // half the dots are, with exactly the pixels of one thread.
    if (m_drawThreads < 2 || int(m_dots.size()) < kParallelDots || bands < 2) {
        drawBands(0, bands);
        return;
    }
    int split = 1;
    while (split < bands - 1 && m_bandStart[std::size_t(split)] < m_bandStart.back() / 2) ++split;
    std::thread lower(drawBands, split, bands);
    drawBands(0, split);
    lower.join();
}

}  // namespace flowlab::ui
