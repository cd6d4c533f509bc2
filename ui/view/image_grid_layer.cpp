// FrameRenderer: the frame of an image scene — the grid of samples at the recorded state
// nearest t, upscaled by whole pixels (crisp), with its caption and the t readout.
#include <QFontMetricsF>
#include <QPainter>

#include "view/frame_layer_support.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {

using namespace frame_layers;

ImageGridLayout FrameRenderer::imageGridLayout(QSize size, const FrameData& f) {
    const ImageTracks& tr = *f.images;
    const QRect area = f.layers.legend ? imageGridArea(size, textUnit(size, f), !f.fillImageGrid || f.overlays.title)
                                       : QRect(QPoint(0, 0), size).adjusted(4, 4, -4, -4);
    if (f.fillImageGrid) return ImageGridLayout::fill(area, tr.sampleCount(), tr.height, tr.width);
    return ImageGridLayout::fit(area, tr.rows, tr.columns, tr.height, tr.width);
}

void FrameRenderer::drawImageFrame(QImage& image, const FrameData& f) {
    const Theme& th = *f.theme;
    const QSize size(image.width(), image.height());
    const double ts = textUnit(size, f), u = uiScale(size);
    image.fill(th.background);
    const ImageTracks& tr = *f.images;
    const ImageGridLayout layout = imageGridLayout(size, f);
    const int state = tr.stateAt(f.t);
    // Nearest-neighbour upscaling: every image pixel a solid block, never blurred.
    tr.paintState(image, layout, state);
    QPainter p(&image);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    if (f.selectedSample >= 0 && f.selectedSample < tr.sampleCount()) {
        p.setRenderHint(QPainter::Antialiasing, true);
        const double w = std::max(2.0, 3.0 * u);
        p.setPen(QPen(th.targetColor, w));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(layout.tileRect(f.selectedSample)).adjusted(-w / 2, -w / 2, w / 2, w / 2));
    }
    if (f.stale) p.fillRect(QRect(QPoint(0, 0), size), th.dimVeil);
    if (!f.layers.legend) return;

    const double margin = 16 * ts;
    const QFont titleFont = pixelFont(20 * ts, true), methodFont = pixelFont(14 * ts), timeFont = pixelFont(26 * ts, true);
    const QFontMetricsF tfm(titleFont), mfm(methodFont), timeFm(timeFont);
    const QString time = QStringLiteral("t = %1").arg(state >= 0 ? tr.times[std::size_t(state)] : f.t, 0, 'f', 3);
    const double timeWidth = timeFm.horizontalAdvance(QStringLiteral("t = 0.000"));
    const double textWidth = std::max(40.0, size.width() - 3 * margin - timeWidth);
    if (f.overlays.title) {
        p.setFont(titleFont);
        p.setPen(th.text);
        p.drawText(QPointF(margin, margin + tfm.ascent()), tfm.elidedText(f.text.baseName, Qt::ElideRight, textWidth));
        p.setFont(methodFont);
        p.setPen(th.textMuted);
        p.drawText(QPointF(margin, margin + tfm.height() + 4 * ts + mfm.ascent()),
                   mfm.elidedText(f.text.method, Qt::ElideRight, textWidth));
    }
    if (f.overlays.time) {
        p.setFont(timeFont);
        p.setPen(th.text);
        p.drawText(QPointF(size.width() - margin - timeWidth, margin + timeFm.ascent()), time);
    }
    if (!f.text.notice.isEmpty()) {
        p.setFont(methodFont);
        p.setPen(f.text.noticeIsError ? th.errorText : th.textMuted);
        p.drawText(QPointF(margin, size.height() - 8 * ts - mfm.descent()),
                   mfm.elidedText(f.text.notice, Qt::ElideRight, size.width() - 2 * margin));
    }
}

}  // namespace flowlab::ui
