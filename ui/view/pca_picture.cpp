#include "view/pca_picture.hpp"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "view/filmstrip_picture.hpp"

namespace flowlab::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("PcaPicture", text); }

/// Round tick spacing (1, 2 or 5 × 10^k) giving about `count` ticks over `span`.
double tickStep(double span, int count) {
    const double raw = span / std::max(count, 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (raw <= m * mag) return m * mag;
    return 10.0 * mag;
}

/// Class `cls` of `classes`: spread evenly round the theme's hue wheel, so that ten classes get
/// ten clearly different hues rather than its first ten neighbours.
QColor classColor(const Theme& theme, int cls, int classes) {
    if (cls < 0 || theme.regionPalette.empty()) return theme.singleParticle;
    const std::size_t n = theme.regionPalette.size();
    const std::size_t k = std::size_t(std::max(classes, cls + 1));
    return theme.regionPalette[(std::size_t(cls) * n / k) % n];
}

std::vector<QPointF> toPoints(const core::Points& xy) {
    std::vector<QPointF> out(std::size_t(xy.rows()));
    for (Eigen::Index i = 0; i < xy.rows(); ++i) out[std::size_t(i)] = QPointF(xy(i, 0), xy(i, 1));
    return out;
}

}  // namespace

void PcaPicture::setComponents(core::PrincipalComponents components) {
    m_pc = std::move(components);
    m_training.clear();
    m_trainingClass.clear();
    m_times.clear();
    m_paths.clear();
    updateBounds();
}

void PcaPicture::setTrainingImages(const core::ImageDataset& train, int maxPoints) {
    m_training.clear();
    m_trainingClass.clear();
    m_classNames.clear();
    for (const auto& n : train.classNames) m_classNames << QString::fromStdString(n);
    if (!hasComponents() || train.dim() != m_pc.dim() || train.size() == 0) return;
    const std::size_t n = std::min<std::size_t>(train.size(), std::size_t(std::max(maxPoints, 1)));
    core::Points rows(Eigen::Index(n), train.dim());
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = n == train.size() ? i : (i * train.size()) / n;
        rows.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(train.image(at), train.dim()).cast<double>();
        m_trainingClass.push_back(train.hasLabels() ? train.labels[at] : -1);
    }
    m_training = toPoints(m_pc.project(rows).leftCols(2));
    updateBounds();
}

void PcaPicture::setTrajectory(const std::vector<double>& times, const std::vector<core::Points>& trajectory) {
    m_times.clear();
    m_paths.clear();
    if (hasComponents() && times.size() == trajectory.size()) {
        for (std::size_t k = 0; k < trajectory.size(); ++k) {
            if (trajectory[k].cols() != m_pc.dim() || !trajectory[k].allFinite()) {
                m_times.clear();
                m_paths.clear();
                break;
            }
            m_times.push_back(times[k]);
            m_paths.push_back(toPoints(m_pc.project(trajectory[k]).leftCols(2)));
        }
    }
    updateBounds();
}

void PcaPicture::setSampleClasses(std::vector<int> classes) { m_sampleClass = std::move(classes); }

int PcaPicture::sampleCount() const { return m_paths.empty() ? 0 : int(m_paths.front().size()); }

QPointF PcaPicture::samplePosition(int i, double t) const {
    if (m_paths.empty() || i < 0 || i >= sampleCount()) return {};
    const auto after = std::lower_bound(m_times.begin(), m_times.end(), t);
    if (after == m_times.begin()) return m_paths.front()[std::size_t(i)];
    if (after == m_times.end()) return m_paths.back()[std::size_t(i)];
    const std::size_t k = std::size_t(after - m_times.begin());
    const double span = m_times[k] - m_times[k - 1];
    const double f = span > 0 ? (t - m_times[k - 1]) / span : 1.0;
    return m_paths[k - 1][std::size_t(i)] * (1.0 - f) + m_paths[k][std::size_t(i)] * f;
}

QColor PcaPicture::sampleColor(int i, const Theme& theme) const {
    return classColor(theme, i >= 0 && i < int(m_sampleClass.size()) ? m_sampleClass[std::size_t(i)] : -1,
                      int(m_classNames.size()));
}

void PcaPicture::updateBounds() {
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    auto add = [&](const QPointF& p) {
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    };
    for (const auto& p : m_training) add(p);
    for (const auto& state : m_paths)
        for (const auto& p : state) add(p);
    if (!(x1 > x0) || !(y1 > y0)) {
        m_bounds = QRectF(-1, -1, 2, 2);
        return;
    }
    const double mx = 0.05 * (x1 - x0), my = 0.05 * (y1 - y0);
    m_bounds = QRectF(QPointF(x0 - mx, y0 - my), QPointF(x1 + mx, y1 + my));
}

PcaPicture::Margins PcaPicture::margins(const QFont& font) {
    // Room for the tick labels, the axis titles, the title line and the legend, all of `font`.
    const QFontMetrics fm(viewFont(font));
    const int line = fm.height();
    return {fm.horizontalAdvance(QStringLiteral("−00.00")) + 2 * line, fm.horizontalAdvance(QStringLiteral("m T-shirt/top m")) + 2 * line,
            2 * line + line / 2, 3 * line};
}

QRectF PcaPicture::plotRect(QSize size, const QFont& font) const {
    const Margins m = margins(font);
    return QRectF(m.left, m.top, std::max(10, size.width() - m.left - m.right), std::max(10, size.height() - m.top - m.bottom));
}

QPointF PcaPicture::toPixel(const QPointF& d, QSize size, const QFont& font) const {
    // One scale on both axes: distances in the picture are distances between images.
    const QRectF plot = plotRect(size, font);
    const double scale = std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height());
    const QPointF c = m_bounds.center();
    return {plot.center().x() + (d.x() - c.x()) * scale, plot.center().y() - (d.y() - c.y()) * scale};
}

QImage PcaPicture::render(QSize size, double t, int selected, const Theme& theme, const QFont& font) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    paint(p, size, t, selected, theme, font);
    return image;
}

void PcaPicture::paint(QPainter& p, QSize size, double t, int selected, const Theme& theme, const QFont& font) const {
    const QRect all(QPoint(0, 0), size);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(all, theme.background);
    const QFont base = viewFont(font);
    p.setFont(base);
    const QFontMetrics fm(base);
    const int line = fm.height();
    const double stroke = theme.strokeScale * std::max(1.0, line / 24.0);

    if (!hasComponents()) {
        p.setPen(theme.textMuted);
        p.drawText(all, Qt::AlignCenter, tr("No principal components yet (the data set is loading)."));
        return;
    }
    const Margins m = margins(base);
    // Grid and ticks over the visible data rectangle.
    const QRectF plot = plotRect(size, base);
    const double scale = std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height());
    const QPointF lo(m_bounds.center().x() - plot.width() / 2 / scale, m_bounds.center().y() - plot.height() / 2 / scale);
    const QPointF hi = m_bounds.center() * 2 - lo;
    const double step = tickStep(std::max(hi.x() - lo.x(), hi.y() - lo.y()), 8);
    for (double x = std::ceil(lo.x() / step) * step; x <= hi.x(); x += step) {
        const double wx = toPixel({x, 0}, size, base).x();
        p.setPen(QPen(std::abs(x) < step / 2 ? theme.gridMajor : theme.gridMinor, 1));
        p.drawLine(QPointF(wx, plot.top()), QPointF(wx, plot.bottom()));
        p.setPen(theme.axisLabel);
        p.drawText(QRectF(wx - 3 * line, plot.bottom() + 4, 6 * line, line), Qt::AlignHCenter, QString::number(x, 'g', 3));
    }
    for (double y = std::ceil(lo.y() / step) * step; y <= hi.y(); y += step) {
        const double wy = toPixel({0, y}, size, base).y();
        p.setPen(QPen(std::abs(y) < step / 2 ? theme.gridMajor : theme.gridMinor, 1));
        p.drawLine(QPointF(plot.left(), wy), QPointF(plot.right(), wy));
        p.setPen(theme.axisLabel);
        p.drawText(QRectF(plot.left() - m.left + line, wy - line / 2.0, m.left - line - 6, line), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(y, 'g', 3));
    }
    p.setPen(theme.text);
    p.drawText(QRectF(plot.left(), plot.bottom() + 6 + line, plot.width(), line), Qt::AlignHCenter,
               tr("PC 1 (%1 % of the variance)").arg(100.0 * m_pc.explainedFraction(0), 0, 'f', 1));
    p.save();
    p.translate(line * 0.7, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -line / 2.0, plot.height(), line), Qt::AlignHCenter,
               tr("PC 2 (%1 % of the variance)").arg(100.0 * m_pc.explainedFraction(1), 0, 'f', 1));
    p.restore();

    p.setClipRect(plot);
    // Training images: faint, small, under everything.
    p.setPen(Qt::NoPen);
    const double faint = 2.2 * stroke;
    for (std::size_t i = 0; i < m_training.size(); ++i) {
        QColor c = classColor(theme, m_trainingClass[i], int(m_classNames.size()));
        c.setAlpha(70);
        p.setBrush(c);
        p.drawEllipse(toPixel(m_training[i], size, base), faint, faint);
    }
    // Each sample's path so far, then the samples.
    const int n = sampleCount();
    for (int i = 0; i < n && !m_times.empty(); ++i) {
        QPainterPath path(toPixel(m_paths.front()[std::size_t(i)], size, base));
        for (std::size_t k = 1; k < m_times.size() && m_times[k] <= t; ++k) path.lineTo(toPixel(m_paths[k][std::size_t(i)], size, base));
        path.lineTo(toPixel(samplePosition(i, t), size, base));
        QColor c = sampleColor(i, theme);
        c.setAlpha(110);
        p.setPen(QPen(c, 1.2 * stroke));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }
    const double r = 5.5 * stroke;
    for (int i = 0; i < n; ++i) {
        const QPointF w = toPixel(samplePosition(i, t), size, base);
        p.setPen(QPen(theme.background, 1.5 * stroke));
        p.setBrush(sampleColor(i, theme));
        p.drawEllipse(w, r, r);
        if (i == selected) {
            p.setPen(QPen(theme.text, 2.5 * stroke));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(w, r + 5 * stroke, r + 5 * stroke);
        }
    }
    p.setClipping(false);

    // Title and legend.
    QFont title = base;
    title.setPixelSize(base.pixelSize() * 6 / 5);
    title.setBold(true);
    p.setFont(title);
    p.setPen(theme.text);
    p.drawText(QRectF(m.left, line / 3.0, size.width() - m.left - 8, QFontMetrics(title).height()), Qt::AlignLeft | Qt::AlignVCenter,
               n > 0 ? tr("%1 samples on the first two principal components · t = %2").arg(n).arg(t, 0, 'f', 2)
                     : tr("Training images on the first two principal components"));
    p.setFont(base);
    double y = m.top;
    const double lx = size.width() - m.right + line;
    const int legendWidth = m.right - 2 * line;
    if (!m_classNames.isEmpty()) {
        const double dot = line / 4.0;
        for (int c = 0; c < m_classNames.size(); ++c) {
            p.setPen(Qt::NoPen);
            p.setBrush(classColor(theme, c, int(m_classNames.size())));
            p.drawEllipse(QPointF(lx + dot, y + line / 2.0), dot, dot);
            p.setPen(theme.text);
            p.drawText(QRectF(lx + 3 * dot, y, legendWidth - 3 * dot, line), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(m_classNames[c], Qt::ElideRight, int(legendWidth - 3 * dot)));
            y += line + 2;
        }
        y += line / 2.0;
    }
    p.setPen(theme.textMuted);
    p.drawText(QRectF(lx, y, legendWidth + line, 5 * line), Qt::AlignLeft | Qt::TextWordWrap,
               tr("faint: %1 training images\nlarge: samples and their paths").arg(m_training.size()));
}

}  // namespace flowlab::ui
