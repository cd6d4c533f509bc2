#include "view/formula_text.hpp"

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>

namespace flowlab::ui {
namespace {

const QHash<QString, QString>& symbols() {
    static const QHash<QString, QString> map = {
        {QStringLiteral("alpha"), QStringLiteral("α")},   {QStringLiteral("beta"), QStringLiteral("β")},
        {QStringLiteral("gamma"), QStringLiteral("γ")},   {QStringLiteral("delta"), QStringLiteral("δ")},
        {QStringLiteral("epsilon"), QStringLiteral("ε")}, {QStringLiteral("varepsilon"), QStringLiteral("ε")},
        {QStringLiteral("eta"), QStringLiteral("η")},     {QStringLiteral("theta"), QStringLiteral("θ")},
        {QStringLiteral("lambda"), QStringLiteral("λ")},  {QStringLiteral("mu"), QStringLiteral("μ")},
        {QStringLiteral("xi"), QStringLiteral("ξ")},      {QStringLiteral("pi"), QStringLiteral("π")},
        {QStringLiteral("rho"), QStringLiteral("ρ")},     {QStringLiteral("sigma"), QStringLiteral("σ")},
        {QStringLiteral("tau"), QStringLiteral("τ")},     {QStringLiteral("phi"), QStringLiteral("φ")},
        {QStringLiteral("Delta"), QStringLiteral("Δ")},   {QStringLiteral("Sigma"), QStringLiteral("Σ")},
        {QStringLiteral("nabla"), QStringLiteral("∇")},   {QStringLiteral("partial"), QStringLiteral("∂")},
        {QStringLiteral("cdot"), QStringLiteral("·")},    {QStringLiteral("times"), QStringLiteral("×")},
        {QStringLiteral("le"), QStringLiteral("≤")},      {QStringLiteral("ge"), QStringLiteral("≥")},
        {QStringLiteral("approx"), QStringLiteral("≈")},  {QStringLiteral("to"), QStringLiteral("→")},
        {QStringLiteral("in"), QStringLiteral("∈")},      {QStringLiteral("sim"), QStringLiteral("∼")},
        {QStringLiteral("int"), QStringLiteral("∫")},     {QStringLiteral("sum"), QStringLiteral("Σ")},
        {QStringLiteral("mid"), QStringLiteral(" | ")},   {QStringLiteral("infty"), QStringLiteral("∞")},
        {QStringLiteral("quad"), QStringLiteral("   ")},  {QStringLiteral(","), QStringLiteral(" ")},
        {QStringLiteral("log"), QStringLiteral("log")},   {QStringLiteral("exp"), QStringLiteral("exp")},
        {QStringLiteral("min"), QStringLiteral("min")},   {QStringLiteral("max"), QStringLiteral("max")},
        {QStringLiteral("E"), QStringLiteral("𝔼")},       {QStringLiteral("tr"), QStringLiteral("tr")},
        {QStringLiteral("neq"), QStringLiteral("≠")},     {QStringLiteral("propto"), QStringLiteral("∝")},
    };
    return map;
}

QString scripted(const QString& s, bool super) {
    // Letters with both a Unicode subscript and superscript form (so the two strings align).
    static const QString normal = QStringLiteral("0123456789+-=()aehijklmnoprstuvx");
    static const QString sub = QStringLiteral("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ");
    static const QString sup = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵉʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛˣ");
    QString out;
    for (QChar c : s) {
        const qsizetype i = normal.indexOf(c);
        if (i < 0) return (super ? QStringLiteral("^") : QStringLiteral("_")) + (s.size() > 1 ? "(" + s + ")" : s);
        out += (super ? sup : sub).at(i);
    }
    return out;
}

/// Reads a {group} or a single token at `i` of `src`, converted; advances i.
QString group(const QString& src, qsizetype& i);

QString convert(const QString& src) {
    QString out;
    for (qsizetype i = 0; i < src.size();) {
        const QChar c = src.at(i);
        if (c == QLatin1Char('\\')) {
            qsizetype j = i + 1;
            while (j < src.size() && src.at(j).isLetter()) ++j;
            if (j == i + 1 && j < src.size()) ++j;  // \, and the like
            const QString name = src.mid(i + 1, j - i - 1);
            i = j;
            if (name == QLatin1String("frac")) {
                const QString a = group(src, i), b = group(src, i);
                out += (a.size() > 1 ? "(" + a + ")" : a) + QStringLiteral("/") + (b.size() > 1 ? "(" + b + ")" : b);
            } else if (name == QLatin1String("sqrt")) {
                const QString a = group(src, i);
                out += QStringLiteral("√") + (a.size() > 1 ? "(" + a + ")" : a);
            } else if (name == QLatin1String("dot")) {
                out += group(src, i) + QChar(0x0307);
            } else if (name == QLatin1String("mathbb") || name == QLatin1String("mathrm") || name == QLatin1String("text") ||
                       name == QLatin1String("left") || name == QLatin1String("right")) {
                if (name == QLatin1String("mathbb")) {
                    const QString a = group(src, i);
                    out += a == QLatin1String("E") ? QStringLiteral("𝔼") : a == QLatin1String("R") ? QStringLiteral("ℝ") : a;
                } else if (name.startsWith(QLatin1String("left")) || name.startsWith(QLatin1String("right"))) {
                    // \left( → (
                } else {
                    out += group(src, i);
                }
            } else {
                out += symbols().value(name, name);
            }
        } else if (c == QLatin1Char('_') || c == QLatin1Char('^')) {
            ++i;
            out += scripted(group(src, i), c == QLatin1Char('^'));
        } else if (c == QLatin1Char('{') || c == QLatin1Char('}')) {
            ++i;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

QString group(const QString& src, qsizetype& i) {
    while (i < src.size() && src.at(i) == QLatin1Char(' ')) ++i;
    if (i >= src.size()) return {};
    if (src.at(i) == QLatin1Char('{')) {
        int depth = 0;
        const qsizetype start = i + 1;
        for (; i < src.size(); ++i) {
            if (src.at(i) == QLatin1Char('{')) ++depth;
            if (src.at(i) == QLatin1Char('}') && --depth == 0) break;
        }
        const QString inner = src.mid(start, i - start);
        if (i < src.size()) ++i;
        return convert(inner);
    }
    if (src.at(i) == QLatin1Char('\\')) {
        qsizetype j = i + 1;
        while (j < src.size() && src.at(j).isLetter()) ++j;
        const QString token = src.mid(i, j - i);
        i = j;
        return convert(token);
    }
    return QString(src.at(i++));
}

}  // namespace

QString formulaPlainText(const QString& source) { return convert(source); }

QSizeF formulaSize(const QString& source, const QFont& font) {
    const QFontMetricsF fm(font);
    return {fm.horizontalAdvance(formulaPlainText(source)), fm.height()};
}

void drawFormula(QPainter& painter, const QString& source, const QRectF& rect, const QFont& font) {
    painter.save();
    painter.setFont(font);
    const QFontMetricsF fm(font);
    const QString text = fm.elidedText(formulaPlainText(source), Qt::ElideRight, rect.width());
    painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, text);
    painter.restore();
}

}  // namespace flowlab::ui
