#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace flowlab::ui {

/// What part of the plane is visible: a centre and the half-size of the shorter side of the
/// output in world units. Independent of the output size, so a screenshot, the window and a
/// 4K video frame show the same region.
struct Camera {
    double centerX = 0.0;
    double centerY = 0.0;
    double halfExtent = 6.0;  ///< > 0

    /// Zooms by `factor` (> 1 zooms in) keeping the world point `anchor` fixed on screen.
    Camera zoomedAt(double factor, QPointF anchor) const;
    bool operator==(const Camera& o) const {
        return centerX == o.centerX && centerY == o.centerY && halfExtent == o.halfExtent;
    }
    bool operator!=(const Camera& o) const { return !(*this == o); }
};

/// The mapping between world coordinates (y up) and pixels (y down) for one output size.
class ViewTransform {
public:
    ViewTransform(const Camera& camera, QSizeF pixels);

    QPointF toPixel(double x, double y) const { return {m_ox + x * m_scale, m_oy - y * m_scale}; }
    QPointF toPixel(QPointF world) const { return toPixel(world.x(), world.y()); }
    QPointF toWorld(QPointF pixel) const { return {(pixel.x() - m_ox) / m_scale, (m_oy - pixel.y()) / m_scale}; }
    /// Pixels per world unit.
    double scale() const { return m_scale; }
    double originX() const { return m_ox; }
    double originY() const { return m_oy; }
    /// The visible world rectangle (left, bottom, width, height with y up).
    QRectF worldRect() const { return m_world; }
    QSizeF pixels() const { return m_pixels; }

private:
    QSizeF m_pixels;
    double m_scale = 1.0;
    double m_ox = 0.0, m_oy = 0.0;
    QRectF m_world;
};

}  // namespace flowlab::ui
