#include "view/camera.hpp"

#include <algorithm>

namespace flowlab::ui {

Camera Camera::zoomedAt(double factor, QPointF anchor) const {
    Camera c = *this;
    c.halfExtent = std::clamp(halfExtent / factor, 1e-3, 1e4);
    const double k = c.halfExtent / halfExtent;
    c.centerX = anchor.x() + (centerX - anchor.x()) * k;
    c.centerY = anchor.y() + (centerY - anchor.y()) * k;
    return c;
}

ViewTransform::ViewTransform(const Camera& camera, QSizeF pixels) : m_pixels(pixels) {
    const double shorter = std::max(1.0, std::min(pixels.width(), pixels.height()));
    m_scale = 0.5 * shorter / std::max(camera.halfExtent, 1e-9);
    m_ox = 0.5 * pixels.width() - camera.centerX * m_scale;
    m_oy = 0.5 * pixels.height() + camera.centerY * m_scale;
    const double w = pixels.width() / m_scale, h = pixels.height() / m_scale;
    m_world = QRectF(camera.centerX - 0.5 * w, camera.centerY - 0.5 * h, w, h);
}

}  // namespace flowlab::ui
