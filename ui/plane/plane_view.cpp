#include "plane/plane_view.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "view/camera.hpp"
#include "view/compare_renderer.hpp"

namespace flowlab::ui {
namespace {
constexpr int kDragThreshold = 4;          // pixels before a press becomes a pan
constexpr double kWheelZoomPerNotch = 1.15;
constexpr qint64 kStatsWindowMs = 500;
}  // namespace

PlaneView::PlaneView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_NoSystemBackground);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
    setToolTip(tr("The plane at the current time t.\n"
                  "Click: pin a point and draw the fan of SDE paths and the ODE path through it\n"
                  "Drag: pan · Wheel: zoom at the cursor · Right-click: clear the pin · Ctrl+Home: reset the view\n"
                  "Shift+click: the target component the conditional probe (View menu) goes to\n"
                  "Ctrl+click: the target point x1 the conditional probe goes to"));
    m_statsClock.start();
}

void PlaneView::setFrame(FrameData frame) {
    m_frame = std::move(frame);
    m_frame.drawing = m_drawing;
    changed();
}

void PlaneView::setDrawingOverlay(std::shared_ptr<const DrawingOverlay> overlay) {
    m_drawing = std::move(overlay);
    m_frame.drawing = m_drawing;
    changed();
}

void PlaneView::setTextBoost(double boost) {
    if (boost == m_textBoost) return;
    m_textBoost = boost;
    changed();
}

double PlaneView::boostedTextScale(double textScale, double boost) {
    return std::min(textScale * boost, std::max(textScale, kMaxBoostedTextScale));
}

void PlaneView::setTextReferenceSize(QSize size) {
    if (size == m_textReference) return;
    m_textReference = size;
    changed();
}

FrameData PlaneView::shownFrame() const {
    FrameData shown = m_frame;
    shown.textScale = boostedTextScale(shown.textScale, m_textBoost);
    if (!m_captionShown) shown.overlays.title = shown.overlays.formula = false;
    shown.fillImageGrid = m_fillImageGrid;
    return m_textReference.isValid() ? CompareRenderer::panelFrame(std::move(shown), size(), m_textReference) : shown;
}

void PlaneView::setFillImageGrid(bool fill) {
    if (fill == m_fillImageGrid) return;
    m_fillImageGrid = fill;
    changed();
}

void PlaneView::setCaptionShown(bool shown) {
    if (shown == m_captionShown) return;
    m_captionShown = shown;
    changed();
}

void PlaneView::changed() {
    ++m_version;
    update();
}

void PlaneView::setPaintSource(std::function<Painted()> source) {
    m_paintSource = std::move(source);
    changed();
}

void PlaneView::paintEvent(QPaintEvent*) {
    QElapsedTimer clock;
    clock.start();
    QPainter painter(this);
    FrameRenderer::LayerTimes lt;
    if (m_paintSource) {
        const Painted painted = m_paintSource();
        lt = painted.times;
        if (painted.image && !painted.image->isNull()) {
            QImage image = *painted.image;  // shallow: only its pixel ratio is set
            image.setDevicePixelRatio(devicePixelRatioF());
            painter.setCompositionMode(QPainter::CompositionMode_Source);
            painter.drawImage(QPoint(0, 0), image);
        }
    } else if (m_textBoost != 1.0 || !m_captionShown || m_textReference.isValid() || m_fillImageGrid) {
        m_renderer.render(painter, rect(), shownFrame(), devicePixelRatioF());
    } else {
        m_renderer.render(painter, rect(), m_frame, devicePixelRatioF());
    }
    if (!m_paintSource) lt = m_renderer.lastLayerTimes();
    const double ms = double(clock.nsecsElapsed()) * 1e-6;
    ++m_framesPainted;
    ++m_windowFrames;
    m_windowRenderMs += ms;
    m_layerSums += lt;
    const qint64 elapsed = m_statsClock.elapsed();
    if (elapsed >= kStatsWindowMs) {
        m_fps = 1000.0 * m_windowFrames / double(elapsed);
        m_renderMs = m_windowRenderMs / std::max(1, m_windowFrames);
        const double n = std::max(1, m_windowFrames);
        m_layerMeans = m_layerSums;
        for (double* v : {&m_layerMeans.background, &m_layerMeans.heatmap, &m_layerMeans.arrows, &m_layerMeans.vectorLayers,
                          &m_layerMeans.trails, &m_layerMeans.particles, &m_layerMeans.overlay})
            *v /= n;
        m_layerSums = {};
        m_windowFrames = 0;
        m_windowRenderMs = 0.0;
        m_statsClock.restart();
        emit statsUpdated(m_fps, m_renderMs);
    }
}

void PlaneView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    emit resized(size());
}

QPointF PlaneView::toWorld(QPointF pixel) const {
    return ViewTransform(m_frame.camera, QSizeF(size())).toWorld(pixel);
}

void PlaneView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::RightButton) {
        emit pinCleared();
        return;
    }
    if (event->button() != Qt::LeftButton) return;
    if (m_frame.images) {
        const double dpr = devicePixelRatioF();
        const QSize px(int(std::lround(width() * dpr)), int(std::lround(height() * dpr)));
        const int index = FrameRenderer::imageGridLayout(px, shownFrame()).sampleAt((event->position() * dpr).toPoint());
        if (index >= 0) emit sampleClicked(index);
        return;
    }
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position().toPoint();
    m_pressCamera = m_frame.camera;
}

void PlaneView::mouseMoveEvent(QMouseEvent* event) {
    if (!m_pressed) return;
    const QPoint delta = event->position().toPoint() - m_pressPos;
    if (!m_dragging && delta.manhattanLength() < kDragThreshold) return;
    m_dragging = true;
    setCursor(Qt::ClosedHandCursor);
    const double scale = ViewTransform(m_pressCamera, QSizeF(size())).scale();
    Camera c = m_pressCamera;
    c.centerX -= delta.x() / scale;
    c.centerY += delta.y() / scale;
    m_frame.camera = c;
    changed();
    emit cameraChanged(c);
}

void PlaneView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_pressed) return;
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) emit probePointRequested(toWorld(event->position()));
    else if (event->modifiers() & Qt::ShiftModifier) emit probeTargetRequested(toWorld(event->position()));
    else emit pinRequested(toWorld(event->position()));
}

void PlaneView::wheelEvent(QWheelEvent* event) {
    if (m_frame.images) return;  // an image grid does not zoom
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0) return;
    const Camera c = m_frame.camera.zoomedAt(std::pow(kWheelZoomPerNotch, notches), toWorld(event->position()));
    m_frame.camera = c;
    changed();
    emit cameraChanged(c);
    event->accept();
}

}  // namespace flowlab::ui
