#pragma once

#include <QString>

class QDoubleSpinBox;
class QWidget;

namespace flowlab::ui {

/// A spin box for a setting in [lo, hi] with two decimals, its step, value and tooltip: the
/// brush panel and the image import dialog build their number fields this way.
QDoubleSpinBox* makeDoubleSpin(double lo, double hi, double step, double value, const QString& tip, QWidget* parent);

}  // namespace flowlab::ui
