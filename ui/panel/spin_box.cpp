#include "panel/spin_box.hpp"

#include <QDoubleSpinBox>

namespace flowlab::ui {

QDoubleSpinBox* makeDoubleSpin(double lo, double hi, double step, double value, const QString& tip, QWidget* parent) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(2);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

}  // namespace flowlab::ui
