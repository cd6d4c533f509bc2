#include "presenter/laser_pointer.hpp"

#include <QCursor>
#include <QPainter>
#include <QRadialGradient>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {
constexpr int kSampleMs = 16;
}

LaserPointer::LaserPointer(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setAttribute(Qt::WA_TranslucentBackground);
    m_clock.start();
    m_timer.setInterval(kSampleMs);
    connect(&m_timer, &QTimer::timeout, this, &LaserPointer::sample);
    hide();
}

void LaserPointer::setActive(bool active) {
    if (active == m_active) return;
    m_active = active;
    m_tail.clear();
    if (active) {
        if (parentWidget()) setGeometry(parentWidget()->rect());
        raise();
        show();
        m_timer.start();
        sample();
    } else {
        m_timer.stop();
        hide();
    }
}

void LaserPointer::addPoint(QPointF point) {
    const qint64 now = m_clock.elapsed();
    m_tail.push_back({point, now});
    while (!m_tail.empty() && now - m_tail.front().ms > kTailMs) m_tail.pop_front();
    update();
}

void LaserPointer::sample() {
    if (parentWidget() && geometry() != parentWidget()->rect()) setGeometry(parentWidget()->rect());
    addPoint(mapFromGlobal(QCursor::pos()));
}

void LaserPointer::paintEvent(QPaintEvent*) {
    if (m_tail.empty()) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double r = std::max(6.0, height() / 110.0);
    const qint64 now = m_clock.elapsed();
    // The tail: a line thinning and fading toward its oldest point.
    for (std::size_t i = 1; i < m_tail.size(); ++i) {
        const double age = std::clamp(double(now - m_tail[i].ms) / kTailMs, 0.0, 1.0);
        QColor c = m_color;
        c.setAlphaF(float(0.75 * (1.0 - age)));
        p.setPen(QPen(c, r * (1.0 - 0.7 * age), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(m_tail[i - 1].at, m_tail[i].at);
    }
    const QPointF at = m_tail.back().at;
    QRadialGradient glow(at, 2.4 * r);
    QColor core = m_color, halo = m_color;
    halo.setAlphaF(0.0f);
    glow.setColorAt(0.0, Qt::white);
    glow.setColorAt(0.25, core);
    glow.setColorAt(1.0, halo);
    p.setPen(Qt::NoPen);
    p.setBrush(glow);
    p.drawEllipse(at, 2.4 * r, 2.4 * r);
}

}  // namespace flowlab::ui
