#include "view/image_tiles.hpp"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

#include "images/pixel_scale.hpp"
#include "view/colormap.hpp"

namespace flowlab::ui {
namespace {

const ColorLut& divergingLut() {
    static const ColorLut lut = makeLut({{0.0, QColor(33, 102, 172)}, {0.5, QColor(247, 247, 247)},
                                         {1.0, QColor(178, 24, 43)}});
    return lut;
}

}  // namespace

QImage unitImage(const Eigen::RowVectorXd& x, const ImageShape& s) {
    if (!s.valid() || x.size() != s.dim()) return {};
    QImage img(s.width, s.height, QImage::Format_RGB32);
    const int plane = s.height * s.width;
    for (int r = 0; r < s.height; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        for (int c = 0; c < s.width; ++c) {
            const int i = r * s.width + c;
            if (s.channels == 1) {
                const int g = core::unitToPixel(x[i]);
                line[c] = qRgb(g, g, g);
            } else {
                line[c] = qRgb(core::unitToPixel(x[i]), core::unitToPixel(x[plane + i]), core::unitToPixel(x[2 * plane + i]));
            }
        }
    }
    return img;
}

double signedScale(const Eigen::RowVectorXd& x) {
    const double m = x.size() ? x.cwiseAbs().maxCoeff() : 0.0;
    return m > 0.0 && std::isfinite(m) ? m : 1.0;
}

QImage signedImage(const Eigen::RowVectorXd& x, const ImageShape& s, double scale) {
    if (!s.valid() || x.size() != s.dim()) return {};
    if (!(scale > 0.0)) scale = signedScale(x);
    QImage img(s.width, s.height, QImage::Format_RGB32);
    const int plane = s.height * s.width;
    auto unit = [scale](double v) { return std::clamp(0.5 + 0.5 * v / scale, 0.0, 1.0); };
    for (int r = 0; r < s.height; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        for (int c = 0; c < s.width; ++c) {
            const int i = r * s.width + c;
            if (s.channels == 1) {
                line[c] = lutColor(divergingLut(), unit(x[i]));
            } else {
                auto level = [&](int ch) { return int(std::lround(255.0 * unit(x[ch * plane + i]))); };
                line[c] = qRgb(level(0), level(1), level(2));
            }
        }
    }
    return img;
}

QRect drawCrisp(QPainter& painter, const QRect& target, const QImage& image) {
    if (image.isNull() || target.width() <= 0 || target.height() <= 0) return {};
    const int factor = std::max(1, std::min(target.width() / image.width(), target.height() / image.height()));
    const QSize size(image.width() * factor, image.height() * factor);
    const QRect rect(target.x() + (target.width() - size.width()) / 2, target.y() + (target.height() - size.height()) / 2,
                     size.width(), size.height());
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(rect, image);
    painter.restore();
    return rect;
}

TileFit fitTiles(int n, const QSize& box, int captionHeight, int gap) {
    TileFit best;
    best.columns = std::max(n, 1);
    for (int c = 1; c <= std::max(n, 1); ++c) {
        const int rows = (n + c - 1) / c;
        const int t = std::min((box.width() - (c - 1) * gap) / c, (box.height() - rows * (captionHeight + gap)) / rows);
        if (t > best.tile) best = {c, rows, t};
    }
    best.tile = std::max(best.tile, 4);
    best.rows = (std::max(n, 1) + best.columns - 1) / best.columns;
    return best;
}

QString imageClassName(const core::ImageDataset& data, std::size_t index) {
    if (!data.hasLabels() || index >= data.labels.size()) return {};
    const int label = data.labels[index];
    if (label >= 0 && label < data.classCount()) return QString::fromStdString(data.classNames[std::size_t(label)]);
    return QStringLiteral("class %1").arg(label);
}

void drawCaption(QPainter& painter, const QRect& box, const QString& text, const Theme& theme, bool muted) {
    painter.save();
    painter.setPen(muted ? theme.textMuted : theme.text);
    const QFontMetrics fm(painter.font());
    painter.drawText(box, Qt::AlignHCenter | Qt::AlignVCenter, fm.elidedText(text, Qt::ElideRight, box.width()));
    painter.restore();
}

}  // namespace flowlab::ui
