#include "panel/formula_label.hpp"

#include <QPainter>

#include <cmath>

#include "formula/formula_painter.hpp"
#include "formula/formula_tree.hpp"

namespace flowlab::ui {
namespace {
constexpr int kMargin = 3;
}

FormulaLabel::FormulaLabel(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void FormulaLabel::setFormula(const QString& source) {
    if (source == m_source) return;
    m_source = source;
    const auto tree = core::parseFormula(source.toStdString());
    setAccessibleName(tree ? QString::fromStdString(core::formulaPlainText(*tree)) : source);
    updateGeometry();
    update();
}

QSize FormulaLabel::sizeHint() const {
    const QSizeF s = m_source.isEmpty() ? QSizeF() : formulaSize(m_source, font());
    return {int(std::ceil(s.width())) + 2 * kMargin, int(std::ceil(s.height())) + 2 * kMargin};
}

QSize FormulaLabel::minimumSizeHint() const { return {40, sizeHint().height()}; }

void FormulaLabel::paintEvent(QPaintEvent*) {
    if (m_source.isEmpty()) return;
    QPainter p(this);
    drawFormula(p, m_source, QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin), font(),
                palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
}

}  // namespace flowlab::ui
