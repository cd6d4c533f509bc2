#pragma once

#include <QFont>
#include <QLineF>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include <vector>

#include "formula/formula_tree.hpp"

namespace flowlab::ui {

/// One thing to paint, in formula coordinates (x to the right from the left edge, y down from
/// the baseline of the whole formula).
struct FormulaItem {
    enum class Kind {
        Text,  ///< `text` in `font` with its baseline origin at `origin`
        Rule,  ///< the line `line` of width `width` (fraction bars, radicals' bars)
        Fill,  ///< the filled path `path` (dots, grown delimiters)
        Stroke ///< the stroked path `path` of width `width` (radical signs, accents)
    };
    Kind kind = Kind::Text;
    QPointF origin;
    QString text;
    QFont font;
    QLineF line;
    double width = 0.0;
    QPainterPath path;
};

/// The box of one node of the parse tree after layout, for tests and for hit-testing.
struct FormulaBox {
    core::FormulaNode::Kind kind = core::FormulaNode::Kind::Row;
    QRectF rect;          ///< in formula coordinates: top = −ascent, bottom = descent
    double baseline = 0;  ///< y of this box's own baseline
    double fontSize = 0;  ///< the pixel size its atoms are set in
    QString text;         ///< the atom's text (atoms only)
    double barY = 0;      ///< y of the fraction bar (fractions only)
    int depth = 0;        ///< nesting depth in the tree (0 = the whole formula)
};

/// A formula laid out for one font: what to paint and where each part went. A source that does
/// not parse is laid out as its own text in the upright font, with `error` saying why.
struct FormulaLayout {
    double width = 0, ascent = 0, descent = 0;
    std::vector<FormulaItem> items;
    std::vector<FormulaBox> boxes;  ///< in pre-order, the whole formula first
    QString error;                  ///< the parse error, empty when the source parsed

    double height() const { return ascent + descent; }
};

/// Lays out `source` (core/formula syntax) in `font`: italic letters, upright digits and
/// operators, TeX-like spacing, scripts at 70 %, fractions with a bar on the maths axis, radicals
/// and delimiters that grow with their contents. Never throws; any string gives some layout.
FormulaLayout layoutFormula(const QString& source, const QFont& font);

}  // namespace flowlab::ui
