#include "images/image_strip.hpp"

#include <QPainter>

#include <algorithm>

namespace flowlab::ui {

ImageStrip::ImageStrip(QWidget* parent) : QWidget(parent) { setAttribute(Qt::WA_OpaquePaintEvent); }

void ImageStrip::setShape(const ImageShape& shape) {
    m_shape = shape;
    update();
}

void ImageStrip::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void ImageStrip::setImages(core::Points images, QStringList captions) {
    m_images = images.cols() == m_shape.dim() ? std::move(images) : core::Points();
    m_captions = std::move(captions);
    update();
}

void ImageStrip::setHighlight(int index) {
    m_highlight = index;
    update();
}

void ImageStrip::setTitle(const QString& title) {
    m_title = title;
    update();
}

void ImageStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), m_theme.background);
    QFont f = font();
    f.setPointSizeF(std::max(f.pointSizeF(), 11.0));
    p.setFont(f);
    const int line = QFontMetrics(f).height();
    const QRect area = rect().adjusted(6, 4, -6, -4);
    int top = area.top();
    if (!m_title.isEmpty()) {
        drawCaption(p, QRect(area.left(), top, area.width(), line), m_title, m_theme);
        top += line + 4;
    }
    const int n = int(m_images.rows());
    if (n == 0) return;
    constexpr int kGap = 8;
    // As many rows as make the tiles largest (four fills in a tall box become 2 × 2).
    const int height = area.bottom() - top;
    const TileFit fit = fitTiles(n, QSize(area.width(), height), line, kGap);
    const int columns = fit.columns, rows = fit.rows, tile = fit.tile;
    const int left = area.left() + (area.width() - (columns * tile + (columns - 1) * kGap)) / 2;
    const int top0 = top + std::max(0, (height - rows * (tile + line + kGap)) / 2);
    for (int i = 0; i < n; ++i) {
        const QRect box(left + (i % columns) * (tile + kGap), top0 + (i / columns) * (tile + line + kGap), tile, tile);
        const QRect drawn = drawCrisp(p, box, unitImage(m_images.row(i), m_shape));
        if (i == m_highlight) {
            p.setPen(QPen(m_theme.targetColor, 3));
            p.setBrush(Qt::NoBrush);
            p.drawRect(drawn.adjusted(-2, -2, 1, 1));
        }
        if (i < m_captions.size())
            drawCaption(p, QRect(box.left() - kGap / 2, box.bottom() + 2, tile + kGap, line), m_captions[i], m_theme, i != m_highlight);
    }
}

}  // namespace flowlab::ui
