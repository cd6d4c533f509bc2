#include "images/mask_canvas.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace flowlab::ui {

MaskCanvas::MaskCanvas(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Paint the hole to fill with the left mouse button, erase with the right one"));
}

void MaskCanvas::setImage(const Eigen::RowVectorXd& image, const ImageShape& shape) {
    if (shape.height != m_shape.height || shape.width != m_shape.width)
        m_hole.assign(std::size_t(shape.height * shape.width), false);
    m_image = image;
    m_shape = shape;
    update();
}

void MaskCanvas::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void MaskCanvas::setHole(std::vector<bool> hole) {
    if (hole.size() != std::size_t(m_shape.height * m_shape.width)) return;
    m_hole = std::move(hole);
    update();
    emit maskChanged();
}

int MaskCanvas::holeCount() const { return int(std::count(m_hole.begin(), m_hole.end(), true)); }

Eigen::RowVectorXd MaskCanvas::knownMask() const {
    Eigen::RowVectorXd m = Eigen::RowVectorXd::Ones(m_shape.dim());
    const int plane = m_shape.height * m_shape.width;
    for (int i = 0; i < plane; ++i)
        if (m_hole[std::size_t(i)])
            for (int c = 0; c < m_shape.channels; ++c) m[c * plane + i] = 0.0;
    return m;
}

void MaskCanvas::paintAt(int row, int column, bool fill) {
    bool changed = false;
    for (int r = row - m_radius; r <= row + m_radius; ++r)
        for (int c = column - m_radius; c <= column + m_radius; ++c) {
            if (r < 0 || c < 0 || r >= m_shape.height || c >= m_shape.width) continue;
            if ((r - row) * (r - row) + (c - column) * (c - column) > m_radius * m_radius) continue;
            const std::size_t at = std::size_t(r * m_shape.width + c);
            if (m_hole[at] != fill) {
                m_hole[at] = fill;
                changed = true;
            }
        }
    if (changed) {
        update();
        emit maskChanged();
    }
}

void MaskCanvas::paintFromMouse(const QPointF& pos, Qt::MouseButtons buttons) {
    if (m_drawn.isEmpty() || !(buttons & (Qt::LeftButton | Qt::RightButton))) return;
    const int column = int((pos.x() - m_drawn.left()) * m_shape.width / m_drawn.width());
    const int row = int((pos.y() - m_drawn.top()) * m_shape.height / m_drawn.height());
    paintAt(row, column, bool(buttons & Qt::LeftButton));
}

void MaskCanvas::mousePressEvent(QMouseEvent* e) { paintFromMouse(e->position(), e->buttons()); }
void MaskCanvas::mouseMoveEvent(QMouseEvent* e) { paintFromMouse(e->position(), e->buttons()); }

void MaskCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), m_theme.background);
    const QImage img = unitImage(m_image, m_shape);
    m_drawn = drawCrisp(p, rect().adjusted(4, 4, -4, -4), img);
    if (m_drawn.isEmpty()) return;
    const double cw = double(m_drawn.width()) / m_shape.width, ch = double(m_drawn.height()) / m_shape.height;
    QColor hole = m_theme.targetColor;
    hole.setAlpha(150);
    for (int r = 0; r < m_shape.height; ++r)
        for (int c = 0; c < m_shape.width; ++c)
            if (m_hole[std::size_t(r * m_shape.width + c)])
                p.fillRect(QRectF(m_drawn.left() + c * cw, m_drawn.top() + r * ch, cw, ch), hole);
    p.setPen(QPen(m_theme.overlayBorder, 1));
    p.drawRect(m_drawn.adjusted(0, 0, -1, -1));
}

}  // namespace flowlab::ui
