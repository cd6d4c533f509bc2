#include "timeline/transport_icons.hpp"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace flowlab::ui {
namespace {

QPixmap draw(TransportIcon kind, const QColor& color, int size) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.scale(size / 24.0, size / 24.0);
    const auto triangle = [&](double x0, double x1, bool right) {
        QPainterPath path;
        if (right) {
            path.moveTo(x0, 5);
            path.lineTo(x1, 12);
            path.lineTo(x0, 19);
        } else {
            path.moveTo(x1, 5);
            path.lineTo(x0, 12);
            path.lineTo(x1, 19);
        }
        path.closeSubpath();
        p.drawPath(path);
    };
    const auto bar = [&](double x) { p.drawRoundedRect(QRectF(x, 5, 2.6, 14), 0.8, 0.8); };
    switch (kind) {
        case TransportIcon::Play: triangle(7, 19, true); break;
        case TransportIcon::Pause:
            p.drawRoundedRect(QRectF(6.5, 5, 4, 14), 1, 1);
            p.drawRoundedRect(QRectF(13.5, 5, 4, 14), 1, 1);
            break;
        case TransportIcon::StepForward:
            triangle(6, 15, true);
            bar(15.5);
            break;
        case TransportIcon::StepBack:
            bar(6);
            triangle(9, 18, false);
            break;
        case TransportIcon::End:
            triangle(3, 11, true);
            triangle(10, 18, true);
            bar(18.5);
            break;
        case TransportIcon::Start:
            bar(3);
            triangle(6, 14, false);
            triangle(13, 21, false);
            break;
    }
    return pm;
}

}  // namespace

QIcon transportIcon(TransportIcon kind, const QColor& color) {
    QIcon icon;
    for (int size : {16, 22, 32, 44, 64}) icon.addPixmap(draw(kind, color, size));
    QColor disabled = color;
    disabled.setAlphaF(0.35f);
    for (int size : {16, 22, 32, 44, 64}) icon.addPixmap(draw(kind, disabled, size), QIcon::Disabled);
    return icon;
}

}  // namespace flowlab::ui
