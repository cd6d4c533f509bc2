#pragma once

#include <QFont>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QPainter;

namespace flowlab::ui {

/// The one entry point for drawing a formula given as TeX-like source ("x_t = \alpha(t) x_0 +
/// \beta(t) x_1 + \gamma(t) z"): lessons, the heads-up display and the notes call only this.
/// For now it draws the source made readable as plain Unicode text (Greek letters, simple sub-
/// and superscripts, dots, √, fractions as a/b) on one line, elided to `rect`'s width and
/// vertically centred in it; a typesetting engine replaces the body without changing callers.
void drawFormula(QPainter& painter, const QString& source, const QRectF& rect, const QFont& font);

/// The size drawFormula needs for `source` in `font` (one line).
QSizeF formulaSize(const QString& source, const QFont& font);

/// The readable plain-text form of a TeX-like formula (what drawFormula shows for now).
QString formulaPlainText(const QString& source);

}  // namespace flowlab::ui
