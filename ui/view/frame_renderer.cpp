#include "view/frame_renderer.hpp"

#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

#include "view/camera.hpp"

namespace flowlab::ui {
namespace {

constexpr float kTrailOpacity = 0.42f;
/// Trails of more particles than this fade (as 1/√n), so a dense cloud does not saturate.
constexpr double kTrailFadeParticles = 2500.0;
constexpr float kArrowOpacity = 0.85f;
constexpr float kArrowFadedOpacity = 0.35f;  // relative opacity of arrows where ρ_t is negligible
/// Up to this many particles trails are antialiased; above, overlapping trails hide aliasing and
/// the thin-line path halves the cost.
constexpr int kAntialiasedTrailLimit = 4000;
constexpr float kParticleOpacity = 0.92f;
constexpr double kBaseDotRadius = 1.9;  // pixels at 1280×720
/// Opacity of the editor's drawing where its intensity is 1: the field underneath stays visible.
constexpr double kDrawingOpacity = 0.55;

/// 1, 2 or 5 × 10^k, the smallest not below `raw`.
double niceStep(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10.0 * p;
}

QString numberLabel(double v, double step) {
    if (std::abs(v) < 1e-9 * step) v = 0.0;
    const int decimals = step >= 1.0 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    return QString::number(v, 'f', decimals);
}

QFont pixelFont(double px, bool bold = false) {
    QFont f;
    f.setPixelSize(std::max(6, int(std::lround(px))));
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
}

/// A pen for layers with thousands of short segments. Up to about one pixel it is exactly one
/// pixel wide, which QPainter draws on its fast cosmetic path; wider pens use flat caps and bevel
/// joins, since round ones send every segment through the general stroker (ten times slower).
QPen manySegmentsPen(const QColor& c, double width) {
    if (width <= 1.25) return QPen(c, 1.0, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin);
    return QPen(c, width, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin);
}

QColor withAlpha(QColor c, double alpha) {
    c.setAlphaF(float(std::clamp(alpha, 0.0, 1.0) * c.alphaF()));
    return c;
}

/// The point of a polyline given at increasing `times` at time t (clamped).
QPointF pointAt(const std::vector<double>& times, const std::vector<QPointF>& pts, double t) {
    if (pts.empty()) return {};
    if (t <= times.front()) return pts.front();
    if (t >= times.back()) return pts.back();
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    const std::size_t i1 = std::size_t(it - times.begin()), i0 = i1 - 1;
    const double w = (t - times[i0]) / std::max(1e-300, times[i1] - times[i0]);
    return pts[i0] * (1.0 - w) + pts[i1] * w;
}

void drawRoundedBox(QPainter& p, const QRectF& r, const Theme& th, double s) {
    p.setPen(QPen(th.overlayBorder, std::max(1.0, s)));
    p.setBrush(th.overlayBackground);
    p.drawRoundedRect(r, 8 * s, 8 * s);
}

}  // namespace

double FrameRenderer::uiScale(QSize size) {
    const double shorter = std::min(size.width(), size.height());
    return std::clamp(shorter / 720.0, 0.55, 4.0);
}

QImage FrameRenderer::renderImage(QSize size, const FrameData& frame) {
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    render(img, frame);
    return img;
}

void FrameRenderer::render(QPainter& painter, const QRect& target, const FrameData& frame, qreal dpr) {
    const QSize px(std::max(1, int(std::lround(target.width() * dpr))), std::max(1, int(std::lround(target.height() * dpr))));
    if (m_scratch.size() != px || m_scratch.format() != QImage::Format_ARGB32_Premultiplied)
        m_scratch = QImage(px, QImage::Format_ARGB32_Premultiplied);
    m_scratch.setDevicePixelRatio(1.0);
    render(m_scratch, frame);
    m_scratch.setDevicePixelRatio(dpr);
    // The frame is opaque: copy it rather than blend it (several times faster for a full window).
    painter.save();
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.drawImage(target.topLeft(), m_scratch);
    painter.restore();
}

void FrameRenderer::render(QImage& image, const FrameData& frame) {
    if (image.isNull()) return;
    if (image.format() != QImage::Format_ARGB32_Premultiplied) {
        QImage fast(image.size(), QImage::Format_ARGB32_Premultiplied);
        render(fast, frame);
        image = fast.convertToFormat(image.format());
        return;
    }
    static const Theme kFallback = Theme::dark();
    FrameData f = frame;
    if (!f.theme) f.theme = std::shared_ptr<const Theme>(&kFallback, [](const Theme*) {});
    const Theme& th = *f.theme;
    const QSize size(image.width(), image.height());
    const ViewTransform tf(f.camera, QSizeF(size));
    const double s = uiScale(size);

    QElapsedTimer clock;
    clock.start();
    const auto lap = [&clock](double& slot) {
        slot = double(clock.nsecsElapsed()) * 1e-6;
        clock.restart();
    };
    m_times = {};
    {
        RasterCanvas canvas(image);
        // The heatmap usually covers the whole view (its grid is laid out for it); then the
        // background fill is wasted work.
        const bool heatmap = f.layers.heatmap && f.heatmap && !f.heatmap->empty();
        bool covered = false;
        if (heatmap) {
            const auto& g = f.heatmap->spec;
            const QRectF r(tf.toPixel(g.xMin, g.yMax), tf.toPixel(g.xMax, g.yMin));
            covered = r.left() <= 0.5 && r.top() <= 0.5 && r.right() >= size.width() - 0.5 && r.bottom() >= size.height() - 0.5;
        }
        if (!covered) canvas.fill(RasterCanvas::premultiply(th.background.rgba(), 1.0f));
        if (f.layers.grid && !heatmap) drawGridLines(canvas, tf, f, s);
        lap(m_times.background);
        if (heatmap) {
            drawHeatmap(canvas, tf, f);
            if (f.layers.grid) drawGridLines(canvas, tf, f, s);
        }
        lap(m_times.heatmap);
        if (f.layers.arrows && f.arrows && !f.arrows->empty()) drawArrows(canvas, tf, f, s);
        lap(m_times.arrows);
    }
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, true);
        if (f.layers.grid) drawGridLabels(p, tf, f, s);
        if (f.layers.streamlines && f.streamlines) drawStreamlines(p, tf, f, s);
        if (f.layers.trajectories && f.tracks) drawTrajectories(p, tf, f, s);
    }
    lap(m_times.vectorLayers);
    if (f.tracks && (f.layers.trails || f.layers.particles)) {
        RasterCanvas canvas(image);
        if (f.layers.trails && f.trailSteps > 0) drawTrails(canvas, tf, f);
        lap(m_times.trails);
        if (f.layers.particles) drawParticles(canvas, tf, f, s);
        lap(m_times.particles);
    }
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    // The drawing being painted goes over the particles (translucent): the strokes must show
    // even where the particles crowd.
    if (f.drawing && !f.drawing->intensity.isNull()) drawDrawing(p, tf, f, s);
    // Bridges and the fan are few and the point of their layers: on top of the particles.
    if (f.layers.bridge && !f.bridges.empty()) drawBridges(p, tf, f, s);
    if (f.layers.pinned && f.fan) drawFan(p, tf, f, s);
    // A stale picture (the previous result while the new one is computed) is veiled, so it
    // cannot pass for the new one; the overlay stays crisp above the veil.
    if (f.stale) p.fillRect(QRect(QPoint(0, 0), size), th.dimVeil);
    drawOverlay(p, size, f, s);
    p.end();
    lap(m_times.overlay);
}

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
    for (double x = std::ceil(w.left() / step) * step; x <= w.right(); x += step) {
        const int X = int(std::floor(tf.toPixel(x, 0).x()));
        for (int k = 0; k < thickness; ++k) canvas.blendColumn(X + k, std::abs(x) < 0.5 * step ? major : minor);
    }
    for (double y = std::ceil(w.top() / step) * step; y <= w.bottom(); y += step) {
        const int Y = int(std::floor(tf.toPixel(0, y).y()));
        for (int k = 0; k < thickness; ++k) canvas.blendRow(Y + k, std::abs(y) < 0.5 * step ? major : minor);
    }
}

void FrameRenderer::drawGridLabels(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    const QRectF w = tf.worldRect();
    const double step = gridStep(tf);
    const QSizeF px = tf.pixels();
    const double x0 = std::ceil(w.left() / step) * step, y0 = std::ceil(w.top() / step) * step;
    // Tick labels along the bottom and left edges, inside the plot.
    p.setFont(pixelFont(11.5 * s));
    p.setPen(th.axisLabel);
    const QFontMetricsF fm(p.font());
    const double pad = 5 * s;
    double lastRight = -1e9;
    for (double x = x0; x <= w.right(); x += step) {
        const QString label = numberLabel(x, step);
        const double X = tf.toPixel(x, 0).x();
        const double width = fm.horizontalAdvance(label);
        if (X - 0.5 * width < lastRight + 8 * s || X + 0.5 * width > px.width() - pad) continue;
        p.drawText(QPointF(X - 0.5 * width, px.height() - pad - fm.descent()), label);
        lastRight = X + 0.5 * width;
    }
    for (double y = y0; y <= w.bottom(); y += step) {
        const double Y = tf.toPixel(0, y).y();
        if (Y < fm.height() + pad || Y > px.height() - fm.height() - 2 * pad) continue;
        p.drawText(QPointF(pad, Y + 0.5 * fm.capHeight()), numberLabel(y, step));
    }
}

void FrameRenderer::drawStreamlines(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    QPen pen = manySegmentsPen(th.streamline, 1.15 * s);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    std::vector<QPointF> pts;
    std::vector<QLineF> heads;
    for (const auto& line : f.streamlines->lines) {
        if (line.size() < 2) continue;
        pts.resize(line.size());
        for (std::size_t i = 0; i < line.size(); ++i) pts[i] = tf.toPixel(line[i]);
        p.drawPolyline(pts.data(), int(pts.size()));
        // A small chevron at the downstream end shows the direction.
        const QPointF tip = pts.back();
        QPointF d = tip - pts[pts.size() >= 3 ? pts.size() - 3 : 0];
        const double len = std::hypot(d.x(), d.y());
        if (len < 1e-6) continue;
        d /= len;
        const QPointF n(-d.y(), d.x());
        const double h = 4.5 * s;
        heads.emplace_back(tip, tip - h * d + 0.6 * h * n);
        heads.emplace_back(tip, tip - h * d - 0.6 * h * n);
    }
    p.drawLines(heads.data(), int(heads.size()));
}

void FrameRenderer::drawArrows(RasterCanvas& canvas, const ViewTransform& tf, const FrameData& f, double s) {
    const VectorGrid& g = *f.arrows;
    const std::size_t n = g.vx.size();
    if (n == 0 || g.vy.size() != n || int(n) != g.spec.nx * g.spec.ny) return;
    m_magnitudes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float m = std::hypot(g.vx[i], g.vy[i]);
        m_magnitudes[i] = std::isfinite(m) ? m : 0.0f;
    }
    // A robust reference magnitude: the 95th percentile, so one huge score near a point mass
    // does not shrink every other arrow to nothing.
    m_sorted = m_magnitudes;
    const std::size_t k = std::min(n - 1, std::size_t(0.95 * double(n)));
    std::nth_element(m_sorted.begin(), m_sorted.begin() + std::ptrdiff_t(k), m_sorted.end());
    const float ref = m_sorted[k];
    if (!(ref > 0.0f)) return;

    m_arrows.configure(1.3 * s, 6.0 * s);
    const double cell = std::min(g.spec.cellWidth(), g.spec.cellHeight()) * tf.scale();
    const double maxLen = 0.85 * cell;
    // Where the density is negligible the arrows step back (the field matters where the mass
    // is); this needs the log-density grid, which is there whenever the heatmap was computed.
    const ScalarGrid* heat = f.heatmap && !f.heatmap->empty() ? f.heatmap.get() : nullptr;
    float heatMax = -std::numeric_limits<float>::infinity();
    if (heat)
        for (float v : heat->values)
            if (std::isfinite(v)) heatMax = std::max(heatMax, v);
    const float heatRange = float(std::max(0.5, f.heatmapRange));
    const auto emphasis = [&](double x, double y) {
        if (!heat || !std::isfinite(heatMax)) return 1.0f;
        const auto& hs = heat->spec;
        const int i = std::clamp(int((x - hs.xMin) / hs.cellWidth()), 0, hs.nx - 1);
        const int j = std::clamp(int((y - hs.yMin) / hs.cellHeight()), 0, hs.ny - 1);
        const float u = std::clamp((heat->values[std::size_t(hs.index(i, j))] - (heatMax - heatRange)) / heatRange, 0.0f, 1.0f);
        return kArrowFadedOpacity + (1.0f - kArrowFadedOpacity) * std::min(1.0f, 3.0f * u);
    };
    const double w = g.spec.cellWidth(), h = g.spec.cellHeight();
    for (int j = 0; j < g.spec.ny; ++j) {
        for (int i = 0; i < g.spec.nx; ++i) {
            const std::size_t idx = std::size_t(g.spec.index(i, j));
            const float m = m_magnitudes[idx];
            if (!(m > 0.0f)) continue;
            const double rel = std::min(1.0, double(m / ref));
            const double len = maxLen * std::sqrt(rel);
            if (len < 1.5 * s) continue;
            const double wx = g.spec.xMin + (i + 0.5) * w, wy = g.spec.yMin + (j + 0.5) * h;
            const QPointF c = tf.toPixel(wx, wy);
            const ArrowSprites::Mask& mask = m_arrows.get(std::atan2(-double(g.vy[idx]), double(g.vx[idx])), len);
            const QRgb color =
                RasterCanvas::premultiply(lutColor(f.theme->arrows, rel) | 0xff000000u, kArrowOpacity * emphasis(wx, wy));
            canvas.blendMaskSpans(int(std::lround(c.x() - 0.5 * mask.size)), int(std::lround(c.y() - 0.5 * mask.size)),
                                  mask.alpha.data(), mask.size, mask.spans.data(), color);
        }
    }
}

void FrameRenderer::drawDrawing(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const DrawingOverlay& d = *f.drawing;
    const QImage gray = d.intensity.convertToFormat(QImage::Format_Grayscale8);
    QImage tinted(gray.size(), QImage::Format_ARGB32_Premultiplied);
    const QColor c = d.target ? f.theme->targetColor : f.theme->baseColor;
    for (int y = 0; y < gray.height(); ++y) {
        const uchar* in = gray.constScanLine(y);
        auto* out = reinterpret_cast<QRgb*>(tinted.scanLine(y));
        for (int x = 0; x < gray.width(); ++x)
            out[x] = RasterCanvas::premultiply(c.rgb() | 0xff000000u, float(kDrawingOpacity * in[x] / 255.0));
    }
    const QRectF target(tf.toPixel(d.xMin, d.yMax), tf.toPixel(d.xMax, d.yMin));
    p.save();
    // Cells stay crisp squares, as the brush edits them.
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(target, tinted);
    // The edge of the canvas: painting outside it does nothing.
    QPen edge(withAlpha(c, 0.6), std::max(1.0, s), Qt::DashLine);
    p.setPen(edge);
    p.setBrush(Qt::NoBrush);
    p.drawRect(target);
    p.restore();
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
    // Opacity fades linearly along the trail; one premultiplied colour per (region, segment).
    const float opacity = kTrailOpacity * float(std::min(1.0, std::sqrt(kTrailFadeParticles / std::max(1, n))));
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
    for (int p = 0; p < n; ++p) {
        float x = ox + m_positions[2 * std::size_t(p)] * sc;
        float y = oy - m_positions[2 * std::size_t(p) + 1] * sc;
        const QRgb* c = colors.data() + std::size_t(colorIdx[std::size_t(p)]) * idx.size();
        for (std::size_t j = 0; j < idx.size(); ++j) {
            const float nx = ox + framePtr[j][2 * std::size_t(p)] * sc;
            const float ny = oy - framePtr[j][2 * std::size_t(p) + 1] * sc;
            if (antialiased)
                canvas.drawLine(x, y, nx, ny, c[j]);
            else
                canvas.drawThinLine(x, y, nx, ny, c[j]);
            x = nx;
            y = ny;
        }
    }
}

void FrameRenderer::drawTrajectories(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const ParticleTracks& tr = *f.tracks;
    const int count = std::min(f.trajectoryCount, tr.particleCount());
    const int frames = tr.frameCount();
    if (count <= 0 || frames < 2) return;
    const ParticleTracks::Bracket b = tr.bracket(f.t);
    const std::vector<QRgb> pal = particlePalette(f, 1.0f);
    std::vector<QPointF> pts(static_cast<std::size_t>(frames));
    p.setBrush(Qt::NoBrush);
    for (int q = 0; q < count; ++q) {
        for (int i = 0; i < frames; ++i) {
            const float* fr = tr.frame(i);
            pts[std::size_t(i)] = tf.toPixel(fr[2 * q], fr[2 * q + 1]);
        }
        const QColor c = QColor::fromRgba(pal[tr.colors(f.colorMode == ColorMode::Start)[std::size_t(q)]] | 0xff000000u);
        // The whole path faint, the part already travelled (in generation order) stronger.
        p.setPen(manySegmentsPen(withAlpha(c, 0.22), 1.0 * s));
        p.drawPolyline(pts.data(), frames);
        p.setPen(manySegmentsPen(withAlpha(c, 0.8), 1.2 * s));
        if (f.trailsTowardLowerT)
            p.drawPolyline(pts.data(), b.i0 + 1);
        else
            p.drawPolyline(pts.data() + b.i1, frames - b.i1);
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
    const float w = float(canvas.width()), h = float(canvas.height());
    const auto& colorIdx = tr.colors(f.colorMode == ColorMode::Start);
    const int size = m_sprites.size();
    for (int p = 0; p < n; ++p) {
        const float px = ox + m_positions[2 * std::size_t(p)] * sc;
        const float py = oy - m_positions[2 * std::size_t(p) + 1] * sc;
        if (!(px > -float(size) && px < w + float(size) && py > -float(size) && py < h + float(size))) continue;
        int x = 0, y = 0;
        const std::uint16_t* spans = nullptr;
        const std::uint8_t* mask = m_sprites.maskFor(px, py, x, y, spans);
        canvas.blendMaskSpans(x, y, mask, size, spans, pal[colorIdx[std::size_t(p)]]);
    }
}

void FrameRenderer::drawBridges(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    for (const BridgeDrawing& br : f.bridges) {
        const std::size_t n = br.mean.size();
        if (n < 2 || br.gamma.size() != n) continue;
        // The ±γ band around the mean path: offset along the local normal.
        std::vector<QPointF> mean(n), upper(n), lower(n);
        for (std::size_t i = 0; i < n; ++i) mean[i] = tf.toPixel(br.mean[i]);
        for (std::size_t i = 0; i < n; ++i) {
            const QPointF d = mean[std::min(n - 1, i + 1)] - mean[i > 0 ? i - 1 : 0];
            const double len = std::hypot(d.x(), d.y());
            const QPointF nrm = len > 1e-9 ? QPointF(-d.y() / len, d.x() / len) : QPointF(0, 1);
            const double r = br.gamma[i] * tf.scale();
            upper[i] = mean[i] + r * nrm;
            lower[i] = mean[i] - r * nrm;
        }
        QPolygonF band;
        for (const auto& q : upper) band << q;
        for (auto it = lower.rbegin(); it != lower.rend(); ++it) band << *it;
        p.setPen(Qt::NoPen);
        p.setBrush(th.bridgeBand);
        p.drawPolygon(band);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(withAlpha(th.bridgeMean, 0.9), 1.6 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(mean.data(), int(n));
        // γ(t) ring and the drawn x_t.
        const QPointF cur = tf.toPixel(br.current);
        const double ring = br.currentGamma * tf.scale();
        if (ring > 1.0) {
            p.setPen(QPen(withAlpha(th.bridgeMean, 0.8), 1.2 * s, Qt::DashLine));
            p.drawEllipse(cur, ring, ring);
        }
        p.setPen(Qt::NoPen);
        p.setBrush(withAlpha(th.bridgeMean, 0.85));
        for (const QPointF& q : br.samples) p.drawEllipse(tf.toPixel(q), 2.2 * s, 2.2 * s);
        const auto endpoint = [&](QPointF w, const QColor& c) {
            p.setPen(QPen(th.background, 1.5 * s));
            p.setBrush(c);
            p.drawEllipse(tf.toPixel(w), 5.0 * s, 5.0 * s);
        };
        endpoint(br.x0, th.baseColor);
        endpoint(br.x1, th.targetColor);
        p.setPen(QPen(th.background, 1.5 * s));
        p.setBrush(th.bridgeMean);
        p.drawEllipse(cur, 4.0 * s, 4.0 * s);
    }
}

void FrameRenderer::drawFan(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    const FanDrawing& fan = *f.fan;
    std::vector<QPointF> pts;
    const auto toPixels = [&](const std::vector<QPointF>& w) {
        pts.resize(w.size());
        for (std::size_t i = 0; i < w.size(); ++i) pts[i] = tf.toPixel(w[i]);
    };
    p.setBrush(Qt::NoBrush);
    p.setPen(manySegmentsPen(th.sdePath, 1.1 * s));
    for (const auto& path : fan.sde) {
        toPixels(path);
        p.drawPolyline(pts.data(), int(pts.size()));
    }
    // The ODE path with a dark casing so it reads on any background.
    toPixels(fan.ode);
    p.setPen(QPen(withAlpha(th.background, 0.7), 4.2 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(pts.data(), int(pts.size()));
    p.setPen(QPen(th.odePath, 2.2 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(pts.data(), int(pts.size()));

    // Where every path is at the current t.
    p.setPen(Qt::NoPen);
    QColor dot = th.sdePath;
    dot.setAlpha(230);
    p.setBrush(dot);
    for (const auto& path : fan.sde) p.drawEllipse(tf.toPixel(pointAt(fan.times, path, f.t)), 2.6 * s, 2.6 * s);
    p.setPen(QPen(th.background, 1.4 * s));
    p.setBrush(th.odePath);
    p.drawEllipse(tf.toPixel(pointAt(fan.times, fan.ode, f.t)), 4.2 * s, 4.2 * s);

    // The pin: a ring with a cross.
    const QPointF pin = tf.toPixel(fan.pin);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(th.pinMarker, 2.0 * s));
    p.drawEllipse(pin, 7.0 * s, 7.0 * s);
    p.drawLine(pin - QPointF(11 * s, 0), pin - QPointF(4 * s, 0));
    p.drawLine(pin + QPointF(4 * s, 0), pin + QPointF(11 * s, 0));
    p.drawLine(pin - QPointF(0, 11 * s), pin - QPointF(0, 4 * s));
    p.drawLine(pin + QPointF(0, 4 * s), pin + QPointF(0, 11 * s));
}

QImage FrameRenderer::panelImage(const QString& key, const std::function<QImage()>& make) {
    // The caption and the legend change rarely but cost as much as a layer to typeset; they are
    // drawn once into images and blended in every frame.
    if (auto it = m_panels.find(key); it != m_panels.end()) return it->second;
    if (m_panels.size() > 16) m_panels.clear();
    return m_panels.emplace(key, make()).first->second;
}

void FrameRenderer::drawOverlay(QPainter& p, QSize size, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    const double margin = 14 * s, pad = 10 * s;
    const QFont titleFont = pixelFont(18 * s, true), bodyFont = pixelFont(13.5 * s), smallFont = pixelFont(12 * s);
    const QString themeKey = QStringLiteral("%1|%2|").arg(th.isDark).arg(s);

    // A translucent rounded box of `box` size with contents drawn by `paint` (box coordinates).
    const auto makePanel = [&](QSizeF box, const std::function<void(QPainter&)>& paint) {
        QImage img(QSize(int(std::ceil(box.width())) + 2, int(std::ceil(box.height())) + 2),
                   QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::transparent);
        QPainter q(&img);
        q.setRenderHint(QPainter::Antialiasing, true);
        q.setRenderHint(QPainter::TextAntialiasing, true);
        drawRoundedBox(q, QRectF(QPointF(1, 1), box), th, s);
        q.translate(1, 1);
        paint(q);
        return img;
    };

    if (f.layers.legend) {
        // Caption: densities, formula and method, top left.
        const OverlayVisibility& ov = f.overlays;
        const QString title = f.text.baseName.isEmpty() || !ov.title ? QString() : f.text.baseName + QStringLiteral("  →  ") + f.text.targetName;
        const QString formula = ov.formula ? f.text.formula : QString();
        const QString method = ov.title ? f.text.method : QString();
        const QString captionKey = themeKey + QStringLiteral("caption|") + title + QLatin1Char('|') + formula +
                                   QLatin1Char('|') + method;
        const QImage caption = panelImage(captionKey, [&] {
            const QFontMetricsF tfm(titleFont), bfm(bodyFont), sfm(smallFont);
            double w = 0, h = 0;
            if (!title.isEmpty()) w = std::max(w, tfm.horizontalAdvance(title)), h += tfm.height();
            if (!formula.isEmpty()) w = std::max(w, bfm.horizontalAdvance(formula)), h += bfm.height() + 2 * s;
            if (!method.isEmpty()) w = std::max(w, sfm.horizontalAdvance(method)), h += sfm.height() + 2 * s;
            if (h <= 0) return QImage();
            return makePanel(QSizeF(w + 2 * pad, h + 2 * pad), [&](QPainter& q) {
                double y = pad;
                if (!title.isEmpty()) {
                    q.setFont(titleFont);
                    q.setPen(th.text);
                    q.drawText(QPointF(pad, y + tfm.ascent()), title);
                    y += tfm.height();
                }
                if (!formula.isEmpty()) {
                    y += 2 * s;
                    q.setFont(bodyFont);
                    q.setPen(th.text);
                    q.drawText(QPointF(pad, y + bfm.ascent()), formula);
                    y += bfm.height();
                }
                if (!method.isEmpty()) {
                    y += 2 * s;
                    q.setFont(smallFont);
                    q.setPen(th.textMuted);
                    q.drawText(QPointF(pad, y + sfm.ascent()), method);
                }
            });
        });
        if (!caption.isNull()) p.drawImage(QPointF(margin - 1, margin - 1), caption);

        // t readout with a progress bar from ρ0 to ρ1, top right (changes every frame).
        if (ov.time) {
            const QFont tFont = pixelFont(24 * s, true);
            const QFontMetricsF tm(tFont);
            const double tw = std::max(tm.horizontalAdvance(QStringLiteral("t = 0.000")), 150 * s);
            const QRectF tbox(size.width() - margin - tw - 2 * pad, margin, tw + 2 * pad, tm.height() + 2 * pad + 12 * s);
            drawRoundedBox(p, tbox, th, s);
            p.setFont(tFont);
            p.setPen(th.text);
            p.drawText(QPointF(tbox.left() + pad, tbox.top() + pad + tm.ascent()), QStringLiteral("t = %1").arg(f.t, 0, 'f', 3));
            const QRectF bar(tbox.left() + pad, tbox.bottom() - pad - 5 * s, tw, 5 * s);
            QLinearGradient grad(bar.topLeft(), bar.topRight());
            grad.setColorAt(0, th.baseColor);
            grad.setColorAt(1, th.targetColor);
            p.setPen(Qt::NoPen);
            p.setBrush(withAlpha(th.textMuted, 0.35));
            p.drawRoundedRect(bar, 2.5 * s, 2.5 * s);
            QRectF filled = bar;
            filled.setWidth(bar.width() * std::clamp(f.t, 0.0, 1.0));
            p.setBrush(grad);
            p.drawRoundedRect(filled, 2.5 * s, 2.5 * s);
        }

        // Legend of what is visible, bottom left.
        if (ov.legend) {
            struct Entry {
                int kind;  // 0 dot, 1 gradient, 2 arrow, 3 line, 4 band, 5 region wheel
                QColor color;
                QString label;
            };
            std::vector<Entry> entries;
            entries.push_back({0, th.baseColor, QStringLiteral("ρ₀  base: ") + f.text.baseName});
            entries.push_back({0, th.targetColor, QStringLiteral("ρ₁  target: ") + f.text.targetName});
            if (f.layers.heatmap && f.heatmap) entries.push_back({1, {}, QStringLiteral("log ρₜ (exact)")});
            if (f.layers.arrows && f.arrows) entries.push_back({2, QColor::fromRgb(lutColor(th.arrows, 0.8)), f.text.arrowLabel});
            if (f.layers.streamlines && f.streamlines) entries.push_back({3, th.streamline, QStringLiteral("streamlines of ") + f.text.arrowLabel});
            if (f.layers.particles && f.tracks) {
                const QString how = f.colorMode == ColorMode::End     ? QStringLiteral(", coloured by where they end")
                                    : f.colorMode == ColorMode::Start ? QStringLiteral(", coloured by where they start")
                                                                      : QString();
                entries.push_back({f.colorMode == ColorMode::Single ? 0 : 5, th.singleParticle,
                                   QStringLiteral("%1 particles%2").arg(f.tracks->particleCount()).arg(how)});
            }
            if (f.layers.bridge && !f.bridges.empty()) entries.push_back({4, th.bridgeMean, QStringLiteral("bridge x₀ → x₁: mean ± γ(t)")});
            if (f.layers.pinned && f.fan) {
                entries.push_back({3, th.odePath, QStringLiteral("ODE path through the pin")});
                entries.push_back({3, th.sdePath, QStringLiteral("SDE paths through the pin")});
                if (!f.text.fanSource.isEmpty()) {
                    entries[entries.size() - 2].label += QStringLiteral(" · ") + f.text.fanSource;
                    entries.back().label += QStringLiteral(" · ") + f.text.fanSource;
                }
            }
            QString legendKey = themeKey + QStringLiteral("legend");
            for (const auto& e : entries) legendKey += QStringLiteral("|%1%2").arg(e.kind).arg(e.label);
            const QImage legend = panelImage(legendKey, [&] {
                const QFontMetricsF lfm(smallFont);
                const double row = lfm.height() + 4 * s, sw = 22 * s;
                double lw = 0;
                for (const auto& e : entries) lw = std::max(lw, lfm.horizontalAdvance(e.label));
                const QSizeF box(lw + sw + 8 * s + 2 * pad, double(entries.size()) * row + 2 * pad - 4 * s);
                return makePanel(box, [&](QPainter& q) {
                    q.setFont(smallFont);
                    double y = pad;
                    for (const auto& e : entries) {
                        const QPointF mid(pad + 0.5 * sw, y + 0.5 * lfm.height());
                        q.setPen(Qt::NoPen);
                        switch (e.kind) {
                            case 0:
                                q.setBrush(e.color);
                                q.drawEllipse(mid, 4.5 * s, 4.5 * s);
                                break;
                            case 1: {
                                QLinearGradient g(mid - QPointF(0.5 * sw, 0), mid + QPointF(0.5 * sw, 0));
                                for (double u : {0.0, 0.25, 0.5, 0.75, 1.0}) g.setColorAt(u, QColor::fromRgb(lutColor(th.heatmap, u)));
                                q.setBrush(g);
                                q.setPen(QPen(th.overlayBorder, 1));
                                q.drawRect(QRectF(mid - QPointF(0.5 * sw, 5 * s), QSizeF(sw, 10 * s)));
                                break;
                            }
                            case 2: {
                                q.setPen(QPen(e.color, 1.6 * s, Qt::SolidLine, Qt::RoundCap));
                                const QPointF a = mid - QPointF(0.45 * sw, 0), b = mid + QPointF(0.45 * sw, 0);
                                q.drawLine(a, b);
                                q.drawLine(b, b + QPointF(-5 * s, -3 * s));
                                q.drawLine(b, b + QPointF(-5 * s, 3 * s));
                                break;
                            }
                            case 3:
                                q.setPen(QPen(e.color, 2.2 * s, Qt::SolidLine, Qt::RoundCap));
                                q.drawLine(mid - QPointF(0.45 * sw, 0), mid + QPointF(0.45 * sw, 0));
                                break;
                            case 4:
                                q.setBrush(th.bridgeBand);
                                q.drawRect(QRectF(mid - QPointF(0.5 * sw, 5 * s), QSizeF(sw, 10 * s)));
                                q.setPen(QPen(e.color, 1.6 * s));
                                q.drawLine(mid - QPointF(0.5 * sw, 0), mid + QPointF(0.5 * sw, 0));
                                break;
                            case 5: {
                                const auto& rp = th.regionPalette;
                                for (int k = 0; k < 4 && !rp.empty(); ++k) {
                                    q.setBrush(rp[std::size_t(k * int(rp.size()) / 4)]);
                                    q.drawEllipse(mid + QPointF((k - 1.5) * 5.5 * s, 0), 2.8 * s, 2.8 * s);
                                }
                                break;
                            }
                            default:
                                break;
                        }
                        q.setPen(th.text);
                        q.drawText(QPointF(pad + sw + 8 * s, y + lfm.ascent()), e.label);
                        y += row;
                    }
                });
            });
            p.drawImage(QPointF(margin + 18 * s - 1, size.height() - margin - 22 * s - legend.height() + 1), legend);
        }
    }

    // A transient notice (simulating…, an error), top right under the t readout, clear of the
    // caption and the legend; shown even without the legend. Over a stale picture it is the
    // badge in the middle, so nobody mistakes the veiled particles for the new result.
    const QString notice = f.stale && f.text.notice.isEmpty() ? QStringLiteral("simulating…") : f.text.notice;
    if (!notice.isEmpty()) {
        const QFont font = f.stale ? bodyFont : smallFont;
        p.setFont(font);
        const QFontMetricsF fm(font);
        const QFontMetricsF tm(pixelFont(24 * s, true));
        const double w = std::min(fm.horizontalAdvance(notice) + 2 * pad, (f.stale ? 0.8 : 0.6) * size.width());
        const double h = fm.height() + 1.4 * pad;
        const double top = f.layers.legend ? margin + tm.height() + 2 * pad + 12 * s + 8 * s : margin;
        const QRectF box = f.stale ? QRectF(0.5 * (size.width() - w), 0.5 * (size.height() - h), w, h)
                                   : QRectF(size.width() - margin - w, top, w, h);
        drawRoundedBox(p, box, th, s);
        p.setPen(f.text.noticeIsError ? th.errorText : th.text);
        p.drawText(box, Qt::AlignCenter, fm.elidedText(notice, Qt::ElideRight, box.width() - pad));
    }
}

}  // namespace flowlab::ui
