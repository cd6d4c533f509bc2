#include "images/pca_view.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {

constexpr int kLeft = 78, kRight = 200, kTop = 44, kBottom = 64;
constexpr double kClickRadius = 12.0;

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

PcaView::PcaView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Every sample of the grid projected on the first two principal components of the training "
                  "images (faint points, coloured by class): the same picture as the 2D scenes, noise flowing "
                  "to the data. Click a sample to inspect it."));
}

void PcaView::setComponents(core::PrincipalComponents components) {
    m_pc = std::move(components);
    m_training.clear();
    m_paths.clear();
    updateBounds();
    update();
}

void PcaView::setTrainingImages(const core::ImageDataset& train, int maxPoints) {
    m_training.clear();
    m_trainingClass.clear();
    m_classNames.clear();
    for (const auto& n : train.classNames) m_classNames << QString::fromStdString(n);
    if (m_pc.count() < 2 || train.dim() != m_pc.dim() || train.size() == 0) {
        update();
        return;
    }
    const std::size_t n = std::min<std::size_t>(train.size(), std::size_t(std::max(maxPoints, 1)));
    core::Points rows(Eigen::Index(n), train.dim());
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = n == train.size() ? i : (i * train.size()) / n;
        rows.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(train.image(at), train.dim()).cast<double>();
        m_trainingClass.push_back(train.hasLabels() ? train.labels[at] : -1);
    }
    m_training = toPoints(m_pc.project(rows).leftCols(2));
    updateBounds();
    update();
}

void PcaView::setTrajectory(const std::vector<double>& times, const std::vector<core::Points>& trajectory) {
    m_times.clear();
    m_paths.clear();
    if (m_pc.count() >= 2 && times.size() == trajectory.size()) {
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
    update();
}

void PcaView::setSampleClasses(std::vector<int> classes) {
    m_sampleClass = std::move(classes);
    update();
}

void PcaView::setTime(double t) {
    m_t = std::clamp(t, 0.0, 1.0);
    update();
}

void PcaView::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void PcaView::setSelectedSample(int index) {
    m_selected = index;
    update();
}

int PcaView::sampleCount() const { return m_paths.empty() ? 0 : int(m_paths.front().size()); }

QPointF PcaView::samplePosition(int i) const {
    if (m_paths.empty() || i < 0 || i >= sampleCount()) return {};
    const auto after = std::lower_bound(m_times.begin(), m_times.end(), m_t);
    if (after == m_times.begin()) return m_paths.front()[std::size_t(i)];
    if (after == m_times.end()) return m_paths.back()[std::size_t(i)];
    const std::size_t k = std::size_t(after - m_times.begin());
    const double span = m_times[k] - m_times[k - 1];
    const double f = span > 0 ? (m_t - m_times[k - 1]) / span : 1.0;
    return m_paths[k - 1][std::size_t(i)] * (1.0 - f) + m_paths[k][std::size_t(i)] * f;
}

void PcaView::updateBounds() {
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

QRectF PcaView::plotRect() const {
    return QRectF(kLeft, kTop, std::max(10, width() - kLeft - kRight), std::max(10, height() - kTop - kBottom));
}

QPointF PcaView::toWidget(const QPointF& d) const {
    // One scale on both axes: distances in the picture are distances between images.
    const QRectF plot = plotRect();
    const double scale = std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height());
    const QPointF c = m_bounds.center();
    return {plot.center().x() + (d.x() - c.x()) * scale, plot.center().y() - (d.y() - c.y()) * scale};
}

void PcaView::mousePressEvent(QMouseEvent* e) {
    int best = -1;
    double bestDist = kClickRadius;
    for (int i = 0; i < sampleCount(); ++i) {
        const QPointF d = toWidget(samplePosition(i)) - e->position();
        const double dist = std::hypot(d.x(), d.y());
        if (dist < bestDist) {
            bestDist = dist;
            best = i;
        }
    }
    if (best >= 0) {
        setSelectedSample(best);
        emit sampleClicked(best);
    }
    QWidget::mousePressEvent(e);
}

void PcaView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(rect(), m_theme.background);
    QFont base = font();
    base.setPointSizeF(std::max(base.pointSizeF(), 11.0));
    p.setFont(base);
    const QFontMetrics fm(base);
    const double stroke = m_theme.strokeScale;

    if (m_pc.count() < 2) {
        p.setPen(m_theme.textMuted);
        p.drawText(rect(), Qt::AlignCenter, tr("No principal components yet (the data set is loading)."));
        return;
    }
    // Grid and ticks over the visible data rectangle.
    const QRectF plot = plotRect();
    const QPointF lo = QPointF(m_bounds.center().x() - plot.width() / 2 / std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height()),
                               m_bounds.center().y() - plot.height() / 2 / std::min(plot.width() / m_bounds.width(), plot.height() / m_bounds.height()));
    const QPointF hi = m_bounds.center() * 2 - lo;
    const double step = tickStep(std::max(hi.x() - lo.x(), hi.y() - lo.y()), 8);
    p.setPen(QPen(m_theme.gridMinor, 1));
    for (double x = std::ceil(lo.x() / step) * step; x <= hi.x(); x += step) {
        const double wx = toWidget({x, 0}).x();
        p.setPen(QPen(std::abs(x) < step / 2 ? m_theme.gridMajor : m_theme.gridMinor, 1));
        p.drawLine(QPointF(wx, plot.top()), QPointF(wx, plot.bottom()));
        p.setPen(m_theme.axisLabel);
        p.drawText(QRectF(wx - 40, plot.bottom() + 4, 80, fm.height()), Qt::AlignHCenter, QString::number(x, 'g', 3));
    }
    for (double y = std::ceil(lo.y() / step) * step; y <= hi.y(); y += step) {
        const double wy = toWidget({0, y}).y();
        p.setPen(QPen(std::abs(y) < step / 2 ? m_theme.gridMajor : m_theme.gridMinor, 1));
        p.drawLine(QPointF(plot.left(), wy), QPointF(plot.right(), wy));
        p.setPen(m_theme.axisLabel);
        p.drawText(QRectF(plot.left() - kLeft, wy - fm.height() / 2.0, kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(y, 'g', 3));
    }
    p.setPen(m_theme.text);
    p.drawText(QRectF(plot.left(), plot.bottom() + 6 + fm.height(), plot.width(), fm.height()), Qt::AlignHCenter,
               tr("PC 1 (%1 % of the variance)").arg(100.0 * m_pc.explainedFraction(0), 0, 'f', 1));
    p.save();
    p.translate(16, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -fm.height() / 2.0, plot.height(), fm.height()), Qt::AlignHCenter,
               tr("PC 2 (%1 % of the variance)").arg(100.0 * m_pc.explainedFraction(1), 0, 'f', 1));
    p.restore();

    p.setClipRect(plot);
    // Training images: faint, small, under everything.
    p.setPen(Qt::NoPen);
    const double faint = 2.2 * stroke;
    for (std::size_t i = 0; i < m_training.size(); ++i) {
        QColor c = classColor(m_theme, m_trainingClass[i], int(m_classNames.size()));
        c.setAlpha(70);
        p.setBrush(c);
        p.drawEllipse(toWidget(m_training[i]), faint, faint);
    }
    // Each sample's path so far, then the samples.
    const int n = sampleCount();
    for (int i = 0; i < n && !m_times.empty(); ++i) {
        QPainterPath path(toWidget(m_paths.front()[std::size_t(i)]));
        for (std::size_t k = 1; k < m_times.size() && m_times[k] <= m_t; ++k) path.lineTo(toWidget(m_paths[k][std::size_t(i)]));
        path.lineTo(toWidget(samplePosition(i)));
        QColor c = classColor(m_theme, i < int(m_sampleClass.size()) ? m_sampleClass[std::size_t(i)] : -1, int(m_classNames.size()));
        c.setAlpha(110);
        p.setPen(QPen(c, 1.2 * stroke));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }
    const double r = 5.5 * stroke;
    for (int i = 0; i < n; ++i) {
        const QPointF w = toWidget(samplePosition(i));
        p.setPen(QPen(m_theme.background, 1.5 * stroke));
        p.setBrush(classColor(m_theme, i < int(m_sampleClass.size()) ? m_sampleClass[std::size_t(i)] : -1, int(m_classNames.size())));
        p.drawEllipse(w, r, r);
        if (i == m_selected) {
            p.setPen(QPen(m_theme.text, 2.5 * stroke));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(w, r + 5, r + 5);
        }
    }
    p.setClipping(false);

    // Title and legend.
    QFont title = base;
    title.setPointSizeF(base.pointSizeF() * 1.2);
    title.setBold(true);
    p.setFont(title);
    p.setPen(m_theme.text);
    p.drawText(QRectF(kLeft, 8, width() - kLeft - 8, QFontMetrics(title).height()), Qt::AlignLeft | Qt::AlignVCenter,
               n > 0 ? tr("%1 samples on the first two principal components · t = %2").arg(n).arg(m_t, 0, 'f', 2)
                     : tr("Training images on the first two principal components"));
    p.setFont(base);
    double y = kTop;
    const double lx = width() - kRight + 16;
    if (!m_classNames.isEmpty()) {
        for (int c = 0; c < m_classNames.size(); ++c) {
            p.setPen(Qt::NoPen);
            p.setBrush(classColor(m_theme, c, int(m_classNames.size())));
            p.drawEllipse(QPointF(lx + 6, y + fm.height() / 2.0), 6 * stroke, 6 * stroke);
            p.setPen(m_theme.text);
            p.drawText(QRectF(lx + 18, y, kRight - 34, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(m_classNames[c], Qt::ElideRight, kRight - 34));
            y += fm.height() + 4;
        }
        y += 8;
    }
    p.setPen(m_theme.textMuted);
    p.drawText(QRectF(lx, y, kRight - 20, 4 * fm.height()), Qt::AlignLeft | Qt::TextWordWrap,
               tr("faint: %1 training images\nlarge: samples and their paths").arg(m_training.size()));
}

}  // namespace flowlab::ui
