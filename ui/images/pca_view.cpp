#include "images/pca_view.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {

constexpr double kClickRadius = 12.0;

}  // namespace

PcaView::PcaView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Every sample of the grid projected on the first two principal components of the training "
                  "images (faint points, coloured by class): the same picture as the 2D scenes, noise flowing "
                  "to the data. Click a sample to inspect it."));
}

void PcaView::setComponents(core::PrincipalComponents components) {
    m_picture.setComponents(std::move(components));
    update();
}

void PcaView::setTrainingImages(const core::ImageDataset& train, int maxPoints) {
    m_picture.setTrainingImages(train, maxPoints);
    update();
}

void PcaView::setTrajectory(const std::vector<double>& times, const std::vector<core::Points>& trajectory) {
    m_picture.setTrajectory(times, trajectory);
    update();
}

void PcaView::setSampleClasses(std::vector<int> classes) {
    m_picture.setSampleClasses(std::move(classes));
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

QPointF PcaView::toWidget(const QPointF& data) const { return m_picture.toPixel(data, size(), font()); }

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
    m_picture.paint(p, size(), m_t, m_selected, m_theme, font());
}

}  // namespace flowlab::ui
