// The layers FrameRenderer draws with QPainter: grid labels, streamlines, the editor's drawing,
// trajectories, bridges and the pinned fan.
#include "view/frame_renderer.hpp"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

#include "view/camera.hpp"
#include "view/frame_layer_support.hpp"

namespace flowlab::ui {

using namespace frame_layers;

void FrameRenderer::drawGridLabels(QPainter& p, const ViewTransform& tf, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    const QRectF w = tf.worldRect();
    const double step = gridStep(tf);
    const QSizeF px = tf.pixels();
    const double x0 = std::ceil(w.left() / step) * step, y0 = std::ceil(w.top() / step) * step;
    // Tick labels along the bottom and left edges, inside the plot.
    const double ts = textUnit(px.toSize(), f);
    p.setFont(pixelFont(11.5 * ts));
    p.setPen(th.axisLabel);
    const QFontMetricsF fm(p.font());
    const double pad = 5 * s;
    double lastRight = -1e9;
    for (double x = x0; x <= w.right(); x += step) {
        const QString label = numberLabel(x, step);
        const double X = tf.toPixel(x, 0).x();
        const double width = fm.horizontalAdvance(label);
        if (X - 0.5 * width < lastRight + 8 * ts || X + 0.5 * width > px.width() - pad) continue;
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

}  // namespace flowlab::ui
