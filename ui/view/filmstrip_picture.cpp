#include "view/filmstrip_picture.hpp"

#include <QCoreApplication>
#include <QFontInfo>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "view/image_tracks.hpp"

namespace flowlab::ui {
namespace {

constexpr int kFrameGap = 8;

QString tr(const char* text) { return QCoreApplication::translate("FilmstripPicture", text); }

}  // namespace

QFont viewFont(QFont font, int pixels) {
    font.setPixelSize(std::max(QFontInfo(font).pixelSize(), pixels));
    return font;
}

std::vector<core::Points> trackStates(const ImageTracks& tracks) {
    std::vector<core::Points> out;
    out.reserve(tracks.states.size());
    using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    for (const std::vector<float>& s : tracks.states)
        out.push_back(Eigen::Map<const FloatRows>(s.data(), tracks.sampleCount(), tracks.dim()).cast<double>());
    return out;
}

core::Result<core::Filmstrip> sampleFilmstrip(const ImageTracks& tracks, int sample) {
    if (sample < 0 || sample >= tracks.sampleCount())
        return core::Error{"sample " + std::to_string(sample) + " is not in the grid (it has samples 0 to " +
                           std::to_string(tracks.sampleCount() - 1) + ")"};
    return core::makeFilmstrip(tracks.times, trackStates(tracks), sample, core::evenTimes(kFilmstripFrames));
}

std::vector<QRect> paintFilmstrip(QPainter& p, const QRect& area, const core::Filmstrip& strip, const ImageShape& shape,
                                  const Theme& theme, double currentT, const QString& title) {
    std::vector<QRect> tiles;
    const int n = int(strip.frames.rows());
    if (n == 0 || strip.times.size() != std::size_t(n)) return tiles;
    const int line = QFontMetrics(p.font()).height();
    p.setPen(theme.text);
    p.drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
               title.isEmpty() ? tr("trajectory, t = %1 → %2").arg(strip.times.front(), 0, 'f', 2).arg(strip.times.back(), 0, 'f', 2)
                               : title);
    const TileFit fit = fitTiles(n, QSize(area.width(), area.height() - line - 4), line, kFrameGap);
    const int frame = fit.tile;
    const int left = area.left() + (area.width() - (fit.columns * frame + (fit.columns - 1) * kFrameGap)) / 2;
    int current = -1;
    if (currentT >= 0.0) {
        current = 0;
        for (int j = 1; j < n; ++j)
            if (std::abs(strip.times[std::size_t(j)] - currentT) < std::abs(strip.times[std::size_t(current)] - currentT))
                current = j;
    }
    for (int j = 0; j < n; ++j) {
        const QRect box(left + (j % fit.columns) * (frame + kFrameGap),
                        area.top() + line + 4 + (j / fit.columns) * (frame + line + kFrameGap), frame, frame);
        const QRect drawn = drawCrisp(p, box, unitImage(strip.frames.row(j), shape));
        tiles.push_back(drawn);
        if (j == current) {
            p.setPen(QPen(theme.targetColor, 3));
            p.setBrush(Qt::NoBrush);
            p.drawRect(drawn.adjusted(-2, -2, 1, 1));
        }
        drawCaption(p, QRect(box.left() - kFrameGap / 2, box.bottom() + 2, frame + kFrameGap, line),
                    QString::number(strip.times[std::size_t(j)], 'f', 2), theme, j != current);
    }
    return tiles;
}

QImage renderFilmstripImage(QSize size, const core::Filmstrip& strip, const ImageShape& shape, const Theme& theme,
                            const QString& heading, const QFont& font, std::vector<QRect>* tiles) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(theme.background);
    QPainter p(&image);
    QFont big = font;
    big.setPixelSize(font.pixelSize() * 5 / 4);
    big.setBold(true);
    p.setFont(big);
    const int margin = QFontMetrics(font).height();
    const int headingHeight = QFontMetrics(big).height();
    p.setPen(theme.text);
    p.drawText(QRect(margin, margin, size.width() - 2 * margin, headingHeight), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(big).elidedText(heading, Qt::ElideRight, size.width() - 2 * margin));
    p.setFont(font);
    const QRect area(margin, margin + headingHeight + margin / 2, size.width() - 2 * margin,
                     size.height() - 2 * margin - headingHeight - margin / 2);
    std::vector<QRect> drawn = paintFilmstrip(p, area, strip, shape, theme, -1.0);
    if (tiles) *tiles = std::move(drawn);
    return image;
}

}  // namespace flowlab::ui
