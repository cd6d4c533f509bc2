#include "view/arrow_sprites.hpp"

#include "view/pixel_kernels.hpp"

#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

void ArrowSprites::configure(double penWidth, double headLength) {
    if (penWidth == m_pen && headLength == m_head) return;
    m_pen = penWidth;
    m_head = headLength;
    m_cache.clear();
}

const ArrowSprites::Mask& ArrowSprites::get(double angle, double length) {
    const double turns = angle / (2.0 * M_PI);
    int a = int(std::lround((turns - std::floor(turns)) * kAngles)) % kAngles;
    const int half = std::clamp(int(std::lround(2.0 * length)), 1, 4000);
    const int key = half * kAngles + a;
    auto it = m_cache.find(key);
    if (it == m_cache.end()) it = m_cache.emplace(key, render(a, half)).first;
    return it->second;
}

ArrowSprites::Mask ArrowSprites::render(int angleIndex, int halfPixels) const {
    const double len = 0.5 * halfPixels;
    const double angle = 2.0 * M_PI * angleIndex / kAngles;
    Mask m;
    m.size = 2 * int(std::ceil(0.5 * len + m_pen + 2.0)) + 1;
    QImage img(m.size, m.size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    {
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(Qt::white, m_pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        const QPointF c(0.5 * m.size, 0.5 * m.size);
        const QPointF d(std::cos(angle), std::sin(angle));
        const QPointF n(-d.y(), d.x());
        const QPointF tail = c - 0.5 * len * d, tip = c + 0.5 * len * d;
        const double h = std::min(0.38 * len, m_head);
        const QPointF head[3] = {tip - h * d + 0.55 * h * n, tip, tip - h * d - 0.55 * h * n};
        p.drawLine(tail, tip);
        p.drawPolyline(head, 3);
    }
    // Zero padding past the end: RasterCanvas reads coverage in groups of 8.
    m.alpha.assign(std::size_t(m.size) * std::size_t(m.size) + pixel_kernels::kCoveragePadding, 0);
    m.spans.assign(2 * std::size_t(m.size), 0);
    for (int y = 0; y < m.size; ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        int first = m.size, last = 0;
        for (int x = 0; x < m.size; ++x) {
            const int a = qAlpha(row[x]);
            m.alpha[std::size_t(y * m.size + x)] = std::uint8_t(a);
            if (a > 0) first = std::min(first, x), last = x + 1;
        }
        m.spans[2 * std::size_t(y)] = std::uint16_t(first < last ? first : 0);
        m.spans[2 * std::size_t(y) + 1] = std::uint16_t(first < last ? last : 0);
    }
    return m;
}

}  // namespace flowlab::ui
