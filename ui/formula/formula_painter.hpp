#pragma once

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <memory>

#include "formula/formula_layout.hpp"

class QPainter;

namespace flowlab::ui {

/// The layout of `source` in `font`, from a small shared cache (captions are drawn every frame
/// and by the export threads; the cache is thread-safe).
std::shared_ptr<const FormulaLayout> cachedFormulaLayout(const QString& source, const QFont& font);

/// The size `source` takes when drawn in `font` by drawFormula (width × ascent + descent).
QSizeF formulaSize(const QString& source, const QFont& font);

/// Height of the formula above its baseline in `font` (to line a formula up with text).
double formulaAscent(const QString& source, const QFont& font);

/// Draws `source` (core/formula syntax) typeset in `font` and `colour`: left-aligned in `box` and
/// centred vertically, scaled down uniformly when it does not fit. A source that does not parse
/// is drawn as its plain text. The font's size is the size of the main line; scripts, fractions
/// and signs are derived from it.
void drawFormula(QPainter& painter, const QString& source, const QRectF& box, const QFont& font, const QColor& colour);

/// Draws a laid-out formula with its baseline's left end at `origin`.
void drawFormulaLayout(QPainter& painter, const FormulaLayout& layout, QPointF origin, const QColor& colour);

/// The formula as one filled outline with its baseline's left end at `origin` (glyphs, bars and
/// signs alike), for vector output such as SVG.
QPainterPath formulaOutline(const FormulaLayout& layout, QPointF origin);

}  // namespace flowlab::ui
