#include "formula/formula_painter.hpp"

#include <QPainter>
#include <QPainterPathStroker>

#include <algorithm>
#include <list>
#include <mutex>
#include <utility>

namespace flowlab::ui {
namespace {

/// Captions, legends and the heads-up display use a handful of formulas at a few sizes.
constexpr std::size_t kCacheSize = 64;

struct Cache {
    std::mutex mutex;
    std::list<std::pair<QString, std::shared_ptr<const FormulaLayout>>> entries;  // most recent first
};

Cache& cache() {
    static Cache c;
    return c;
}

}  // namespace

std::shared_ptr<const FormulaLayout> cachedFormulaLayout(const QString& source, const QFont& font) {
    const QString key = font.key() + QLatin1Char('\x1f') + source;
    Cache& c = cache();
    {
        const std::lock_guard<std::mutex> lock(c.mutex);
        for (auto it = c.entries.begin(); it != c.entries.end(); ++it) {
            if (it->first == key) {
                c.entries.splice(c.entries.begin(), c.entries, it);
                return c.entries.front().second;
            }
        }
    }
    auto layout = std::make_shared<const FormulaLayout>(layoutFormula(source, font));
    const std::lock_guard<std::mutex> lock(c.mutex);
    c.entries.emplace_front(key, layout);
    if (c.entries.size() > kCacheSize) c.entries.pop_back();
    return layout;
}

QSizeF formulaSize(const QString& source, const QFont& font) {
    const auto l = cachedFormulaLayout(source, font);
    return {l->width, l->height()};
}

double formulaAscent(const QString& source, const QFont& font) { return cachedFormulaLayout(source, font)->ascent; }

void drawFormulaLayout(QPainter& p, const FormulaLayout& layout, QPointF origin, const QColor& colour) {
    p.save();
    p.translate(origin);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    for (const FormulaItem& it : layout.items) {
        switch (it.kind) {
            case FormulaItem::Kind::Text:
                p.setFont(it.font);
                p.setPen(colour);
                p.drawText(it.origin, it.text);
                break;
            case FormulaItem::Kind::Rule:
                p.setPen(QPen(colour, it.width, Qt::SolidLine, Qt::FlatCap));
                p.drawLine(it.line);
                break;
            case FormulaItem::Kind::Fill:
                p.setPen(Qt::NoPen);
                p.setBrush(colour);
                p.drawPath(it.path);
                break;
            case FormulaItem::Kind::Stroke:
                p.setPen(QPen(colour, it.width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                p.setBrush(Qt::NoBrush);
                p.drawPath(it.path);
                break;
        }
    }
    p.restore();
}

void drawFormula(QPainter& p, const QString& source, const QRectF& box, const QFont& font, const QColor& colour) {
    const auto layout = cachedFormulaLayout(source, font);
    const double w = layout->width, h = layout->height();
    if (!(w > 0) || !(h > 0) || box.isEmpty()) return;
    const double scale = std::min({1.0, box.width() / w, box.height() / h});
    p.save();
    p.translate(box.left(), box.top() + 0.5 * (box.height() - scale * h));
    p.scale(scale, scale);
    drawFormulaLayout(p, *layout, QPointF(0, layout->ascent), colour);
    p.restore();
}

QPainterPath formulaOutline(const FormulaLayout& layout, QPointF origin) {
    QPainterPath out;
    out.setFillRule(Qt::WindingFill);
    for (const FormulaItem& it : layout.items) {
        QPainterPath part;
        switch (it.kind) {
            case FormulaItem::Kind::Text: part.addText(it.origin, it.font, it.text); break;
            case FormulaItem::Kind::Rule: {
                QPainterPath line;
                line.moveTo(it.line.p1());
                line.lineTo(it.line.p2());
                QPainterPathStroker st;
                st.setWidth(it.width);
                st.setCapStyle(Qt::FlatCap);
                part = st.createStroke(line);
                break;
            }
            case FormulaItem::Kind::Fill: part = it.path; break;
            case FormulaItem::Kind::Stroke: {
                QPainterPathStroker st;
                st.setWidth(it.width);
                st.setCapStyle(Qt::RoundCap);
                st.setJoinStyle(Qt::RoundJoin);
                part = st.createStroke(it.path);
                break;
            }
        }
        out.addPath(part.translated(origin));
    }
    return out;
}

}  // namespace flowlab::ui
