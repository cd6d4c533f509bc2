#include "view/compare_renderer.hpp"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include "view/theme.hpp"

namespace flowlab::ui {
namespace {
constexpr double kLabelPixels = 15.0;  // label font at 1280×720, scaled like the renderer's text
}  // namespace

QSize CompareRenderer::gridFor(int panels) { return panels <= 1 ? QSize(1, 1) : panels == 2 ? QSize(2, 1) : QSize(2, 2); }

QSize CompareRenderer::cellSize(QSize size, int panels) {
    const QSize g = gridFor(panels);
    return QSize(size.width() / g.width(), size.height() / g.height());
}

void CompareRenderer::render(QImage& image, const std::vector<FrameData>& frames, const std::vector<QString>& labels,
                             int cells) {
    const int n = int(frames.size());
    const QSize grid = gridFor(std::max(n, cells));
    const QSize cell = cellSize(image.size(), std::max(n, cells));
    if (int(m_renderers.size()) < n) m_renderers.resize(std::size_t(n));
    if (m_cell.size() != cell) m_cell = QImage(cell, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    const QColor background = n > 0 && frames[0].theme ? frames[0].theme->background : QColor(Qt::black);
    p.fillRect(image.rect(), background);
    const double s = FrameRenderer::uiScale(cell);
    // The panel captions as in the single view of the whole output: they do not shrink with the cell.
    const double textFactor = FrameRenderer::panelTextFactor(cell, image.size());
    QFont font;
    font.setPixelSize(std::max(6, int(kLabelPixels * s * textFactor)));
    font.setBold(true);
    p.setFont(font);
    for (int i = 0; i < n; ++i) {
        const QPoint origin((i % grid.width()) * cell.width(), (i / grid.width()) * cell.height());
        m_renderers[std::size_t(i)].render(m_cell, frames[std::size_t(i)]);
        p.drawImage(origin, m_cell);
        if (i < int(labels.size()) && !labels[std::size_t(i)].isEmpty()) {
            const QFontMetricsF fm(font);
            const QRectF box(origin.x(), origin.y() + cell.height() - fm.height() * 1.8, cell.width(), fm.height() * 1.6);
            const QRectF text = fm.boundingRect(box, Qt::AlignCenter, labels[std::size_t(i)]).adjusted(-8 * s, -2 * s, 8 * s, 2 * s);
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0, 0, 0, 150));
            p.drawRoundedRect(text, 4 * s, 4 * s);
            p.setPen(Qt::white);
            p.drawText(box, Qt::AlignCenter, labels[std::size_t(i)]);
        }
    }
    // Thin separators between the panels.
    p.setPen(QPen(QColor(128, 128, 128, 160), std::max(1.0, s)));
    for (int c = 1; c < grid.width(); ++c) p.drawLine(c * cell.width(), 0, c * cell.width(), image.height());
    for (int r = 1; r < grid.height(); ++r) p.drawLine(0, r * cell.height(), image.width(), r * cell.height());
}

}  // namespace flowlab::ui
