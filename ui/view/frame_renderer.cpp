// FrameRenderer: the order of the layers and their timing (the layers live in raster_layers.cpp,
// vector_layers.cpp and overlay_painter.cpp).
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
#include "view/frame_layer_support.hpp"
#include "view/probe_layer.hpp"

namespace flowlab::ui {

using namespace frame_layers;

double FrameRenderer::uiScale(QSize size) {
    const double shorter = std::min(size.width(), size.height());
    return std::clamp(shorter / 720.0, 0.55, 4.0);
}

double FrameRenderer::textUnit(QSize size, const FrameData& frame) {
    return uiScale(size) * std::clamp(frame.textScale, 0.25, 8.0);
}

double FrameRenderer::panelTextFactor(QSize panel, QSize whole) {
    if (whole.isEmpty() || panel.isEmpty()) return 1.0;
    return std::max(1.0, uiScale(whole) / uiScale(panel));
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

QImage FrameRenderer::renderLegend(QSize size, const FrameData& frame) {
    if (!frame.layers.legend || !frame.overlays.legend || frame.images || size.isEmpty()) return {};
    static const Theme kFallback = Theme::dark();
    FrameData f = frame;
    if (!f.theme) f.theme = std::shared_ptr<const Theme>(&kFallback, [](const Theme*) {});
    f.overlays.title = f.overlays.time = f.overlays.formula = false;
    f.text.notice.clear();
    f.stale = false;
    // Far from the data nothing is under any place, so the legend keeps its full size.
    f.camera.centerX += 1e7;
    m_probeCaption = QRectF();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    drawOverlay(p, size, f, uiScale(size) * f.theme->strokeScale);
    p.end();
    const QRect box = m_overlay.legend.toAlignedRect() & image.rect();
    return box.isEmpty() ? QImage() : image.copy(box);
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
    if (f.images) {
        m_times = {};
        drawImageFrame(image, f);
        return;
    }
    const Theme& th = *f.theme;
    const QSize size(image.width(), image.height());
    const ViewTransform tf(f.camera, QSizeF(size));
    // Lines and dots follow the theme's stroke weight (thicker on a projector); text has its own unit.
    const double s = uiScale(size) * th.strokeScale;

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
    m_probeCaption = f.probe ? drawProbe(p, tf, size, *f.probe, th, s, textUnit(size, f)) : QRectF();
    // A stale picture (the previous result while the new one is computed) is veiled, so it
    // cannot pass for the new one; the overlay stays crisp above the veil.
    if (f.stale) p.fillRect(QRect(QPoint(0, 0), size), th.dimVeil);
    drawOverlay(p, size, f, s);
    p.end();
    lap(m_times.overlay);
}

}  // namespace flowlab::ui
