#include "view/probe_layer.hpp"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "formula/formula_painter.hpp"
#include "view/camera.hpp"
#include "view/frame_layer_support.hpp"
#include "view/probe_drawing.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {
namespace {

using namespace frame_layers;

/// An arrow from a to b (pixels) with a head of `head` pixels; nothing when shorter than a pixel.
void arrow(QPainter& p, QPointF a, QPointF b, const QPen& pen, double head) {
    const QLineF line(a, b);
    if (line.length() < 1.0) return;
    p.setPen(pen);
    p.drawLine(line);
    const double h = std::min(head, 0.6 * line.length());
    const QPointF u = (b - a) / line.length();
    const QPointF n(-u.y(), u.x());
    QPainterPath tip;
    tip.moveTo(b);
    tip.lineTo(b - h * u + 0.45 * h * n);
    tip.lineTo(b - h * u - 0.45 * h * n);
    tip.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(pen.color());
    p.drawPath(tip);
}

/// A small typeset label at `at` (pixels), on a translucent box so that it reads over the data.
void label(QPainter& p, const QString& source, QPointF at, const QFont& font, const Theme& th, double s,
           bool below = false) {
    const QSizeF size = formulaSize(source, font);
    const double dy = below ? 6 * s : -0.5 * size.height() - 2 * s;
    const QRectF box(at + QPointF(6 * s, dy), size + QSizeF(8 * s, 4 * s));
    p.setPen(Qt::NoPen);
    p.setBrush(th.overlayBackground);
    p.drawRoundedRect(box, 4 * s, 4 * s);
    drawFormula(p, source, box.adjusted(4 * s, 2 * s, -4 * s, -2 * s), font, th.text);
}

}  // namespace

QRectF drawProbe(QPainter& p, const ViewTransform& tf, QSize size, const ProbeDrawing& d, const Theme& th, double s,
                 double ts) {
    QRectF captionBox;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFont labelFont = pixelFont(13 * ts);
    const double dt = d.arrowTime * tf.scale();  // pixels per unit of velocity
    const QPointF x = tf.toPixel(d.x);

    // Conditional field u_t(· | x1), under everything else.
    if (d.conditional()) {
        const QPen pen(withAlpha(th.bridgeMean, 0.55), 1.3 * s, Qt::SolidLine, Qt::RoundCap);
        for (std::size_t i = 0; i < d.gridPoints.size(); ++i) {
            const QPointF a = tf.toPixel(d.gridPoints[i]);
            QPointF v(d.gridVectors[i].x() * dt, -d.gridVectors[i].y() * dt);
            const double len = std::hypot(v.x(), v.y()), cap = 0.06 * std::min(size.width(), size.height());
            if (len > cap) v *= cap / len;  // a long arrow is clipped to a cell
            arrow(p, a, a + v, pen, 6 * s);
        }
        // The conditional path toward the chosen component (or from x0 through the point to x1),
        // with the spread of x_t given x1 at t.
        QPainterPath path;
        for (std::size_t i = 0; i < d.conditionalPath.size(); ++i) {
            const QPointF q = tf.toPixel(d.conditionalPath[i]);
            i == 0 ? path.moveTo(q) : path.lineTo(q);
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(th.bridgeMean, 2.2 * s, Qt::DashLine, Qt::RoundCap));
        p.drawPath(path);
        p.setPen(QPen(th.bridgeMean, 1.2 * s));
        p.setBrush(th.bridgeBand);
        const double r = d.conditionalSpread * tf.scale();
        p.drawEllipse(tf.toPixel(d.conditionalMean), r, r);
        if (d.targetPoint) {
            // x1: a diamond where the path ends.
            const QPointF c = tf.toPixel(*d.targetPoint);
            const double h = 7 * s;
            const QPointF diamond[4] = {c + QPointF(0, -h), c + QPointF(h, 0), c + QPointF(0, h), c + QPointF(-h, 0)};
            p.setPen(QPen(th.background, 1.5 * s));
            p.setBrush(th.bridgeMean);
            p.drawPolygon(diamond, 4);
            label(p, QStringLiteral("x_1"), c + QPointF(h, 0), labelFont, th, s);
        }
    }

    // p(j | x_t): a disc on each target component, of area proportional to its weight.
    const double maxRadius = 24 * s;
    for (std::size_t j = 0; j < d.componentMeans.size() && j < d.weights.size(); ++j) {
        const QPointF c = tf.toPixel(d.componentMeans[j]);
        const double w = d.weights[j];
        if (w < 1e-3) {
            p.setPen(QPen(withAlpha(th.targetColor, 0.6), 1.0 * s));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, 2.0 * s, 2.0 * s);
            continue;
        }
        const double r = std::max(2.5 * s, maxRadius * std::sqrt(w));
        p.setPen(QPen(th.targetColor, 1.4 * s));
        p.setBrush(withAlpha(th.targetColor, 0.45));
        p.drawEllipse(c, r, r);
        if (int(j) == d.component) {
            p.setPen(QPen(th.text, 2.0 * s));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, r + 4 * s, r + 4 * s);
        }
    }

    // E[x0 | x_t] and E[x1 | x_t]: where the point came from and where it goes, on average.
    const QPointF e0 = tf.toPixel(d.meanX0), e1 = tf.toPixel(d.meanX1);
    arrow(p, x, e0, QPen(th.baseColor, 2.0 * s, Qt::DashLine, Qt::RoundCap), 10 * s);
    arrow(p, x, e1, QPen(th.targetColor, 2.0 * s, Qt::DashLine, Qt::RoundCap), 10 * s);
    label(p, QStringLiteral("\\mathbb{E}[x_0 \\mid x_t]"), e0, labelFont, th, s);
    label(p, QStringLiteral("\\mathbb{E}[x_1 \\mid x_t]"), e1, labelFont, th, s);

    // b head to tail: α̇ E[x0|x_t], then β̇ E[x1|x_t], then γ̇ E[z|x_t]; the sum is b.
    const auto px = [&](QPointF v) { return QPointF(v.x() * dt, -v.y() * dt); };
    const QPointF a1 = x + px(d.termX0), a2 = a1 + px(d.termX1), a3 = a2 + px(d.termZ);
    arrow(p, x, a1, QPen(withAlpha(th.baseColor, 0.9), 1.6 * s, Qt::SolidLine, Qt::RoundCap), 8 * s);
    arrow(p, a1, a2, QPen(withAlpha(th.targetColor, 0.9), 1.6 * s, Qt::SolidLine, Qt::RoundCap), 8 * s);
    arrow(p, a2, a3, QPen(withAlpha(th.textMuted, 0.9), 1.6 * s, Qt::SolidLine, Qt::RoundCap), 8 * s);
    if (d.conditional()) {
        for (const QPointF& c : d.contributions)
            arrow(p, x, x + px(c), QPen(withAlpha(th.bridgeMean, 0.8), 1.2 * s, Qt::SolidLine, Qt::RoundCap), 6 * s);
        const QPointF u = x + px(d.conditionalVelocity);
        arrow(p, x, u, QPen(th.bridgeMean, 2.6 * s, Qt::SolidLine, Qt::RoundCap), 11 * s);
        label(p, QStringLiteral("u_t(x \\mid x_1)"), u, labelFont, th, s, true);
    }
    const QPointF b = x + px(d.velocity);
    arrow(p, x, b, QPen(th.odePath, 3.2 * s, Qt::SolidLine, Qt::RoundCap), 13 * s);
    label(p, QStringLiteral("b(t, x)"), b, labelFont, th, s);

    // The probed point.
    p.setPen(QPen(th.background, 1.5 * s));
    p.setBrush(th.pinMarker);
    p.drawEllipse(x, 5 * s, 5 * s);

    // Caption, bottom right: the identity the picture shows, and the arrows' time scale.
    if (!d.caption.isEmpty()) {
        const QFont font = pixelFont(14 * ts), small = pixelFont(12 * ts);
        const QString scale = QStringLiteral("\\text{probe at } t = %1;\\ \\text{velocity arrows show the move over } \\Delta t = %2")
                                  .arg(d.t, 0, 'f', 3)
                                  .arg(d.arrowTime, 0, 'g', 2);
        const QSizeF a = formulaSize(d.caption, font), c = formulaSize(scale, small);
        const double pad = 10 * s, margin = 14 * s;
        // Never wider than the picture: the lines are drawn smaller instead (drawFormula scales down).
        const double inner = std::min(std::max(a.width(), c.width()), size.width() - 2 * margin - 2 * pad);
        const double w = inner + 2 * pad, h = a.height() + c.height() + 2 * pad + 4 * s;
        const QRectF box(size.width() - margin - w, size.height() - margin - h, w, h);
        drawRoundedBox(p, box, th, s);
        captionBox = box;
        drawFormula(p, d.caption, QRectF(box.left() + pad, box.top() + pad, inner, a.height()), font, th.text);
        drawFormula(p, scale, QRectF(box.left() + pad, box.top() + pad + a.height() + 4 * s, inner, c.height()), small,
                    th.textMuted);
    }
    p.restore();
    return captionBox;
}

}  // namespace flowlab::ui
