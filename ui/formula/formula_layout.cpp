#include "formula/formula_layout.hpp"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {

using core::AtomClass;
using core::FormulaNode;
using Kind = FormulaNode::Kind;

constexpr double kScriptScale = 0.7;     ///< a script's size relative to its base
constexpr double kFractionScale = 0.85;  ///< numerator and denominator in a line of text
constexpr double kMinPixels = 5.0;       ///< no part is set smaller than this
constexpr double kThin = 3.0 / 18.0, kMedium = 4.0 / 18.0, kThick = 5.0 / 18.0;  ///< em

/// How an item behaves in a row for spacing (TeX's atom types, simplified).
enum class SpaceClass { None, Ord, Op, Bin, Rel, Open, Close, Punct };

/// The size and nesting a part is set at.
struct Style {
    double px = 16;
    int level = 0;  ///< 0 for the main line, 1 in scripts, 2 in scripts of scripts
};

/// A laid-out part in its own coordinates: x from 0, y from its baseline.
struct Fragment {
    double width = 0, ascent = 0, descent = 0;
    std::vector<FormulaItem> items;
    std::vector<FormulaBox> boxes;  ///< the part's own box first
    bool italic = false;            ///< ends in an italic letter (scripts and accents shift right)
    bool tall = false;              ///< holds a fraction or a large operator: delimiters around it grow
    SpaceClass left = SpaceClass::Ord, right = SpaceClass::Ord;
};

void place(Fragment& into, const Fragment& part, double dx, double dy) {
    for (FormulaItem it : part.items) {
        it.origin += QPointF(dx, dy);
        it.line.translate(dx, dy);
        it.path.translate(dx, dy);
        into.items.push_back(std::move(it));
    }
    for (FormulaBox b : part.boxes) {
        b.rect.translate(dx, dy);
        b.baseline += dy;
        b.barY += dy;
        ++b.depth;
        into.boxes.push_back(std::move(b));
    }
}

/// Makes the fragment's own box the first one (call after placing the parts).
void finishBox(Fragment& f, Kind kind, const Style& st, const QString& text = {}) {
    FormulaBox b;
    b.kind = kind;
    b.rect = QRectF(0, -f.ascent, f.width, f.ascent + f.descent);
    b.fontSize = st.px;
    b.text = text;
    f.boxes.insert(f.boxes.begin(), b);
}

class Layouter {
public:
    explicit Layouter(const QFont& font) : m_base(font) {}

    QFont fontAt(double px, bool italic) const {
        QFont f = m_base;
        f.setPointSizeF(std::max(kMinPixels, px) * 0.75);  // 96 dpi: the pixel size asked for
        f.setItalic(italic);
        return f;
    }

    double basePixels() const {
        if (m_base.pixelSize() > 0) return m_base.pixelSize();
        return m_base.pointSizeF() > 0 ? m_base.pointSizeF() / 0.75 : 16.0;
    }

    /// Height of the maths axis (where fraction bars and the minus sign sit) above the baseline.
    double axis(const Style& st) const { return 0.5 * QFontMetricsF(fontAt(st.px, false)).xHeight() + 0.02 * st.px; }

    Fragment text(const QString& s, const QFont& font, double px, Kind kind = Kind::Atom) const {
        Fragment f;
        const QFontMetricsF fm(font);
        const QRectF tight = fm.tightBoundingRect(s);
        f.width = fm.horizontalAdvance(s);
        f.ascent = std::max(-tight.top(), 0.5 * fm.xHeight());
        f.descent = std::max(tight.bottom(), 0.0);
        FormulaItem it;
        it.kind = FormulaItem::Kind::Text;
        it.text = s;
        it.font = font;
        f.items.push_back(std::move(it));
        finishBox(f, kind, Style{px, 0}, s);
        return f;
    }

    Fragment lay(const FormulaNode& n, const Style& st) const {
        switch (n.kind) {
            case Kind::Row: return row(n, st);
            case Kind::Atom: return atom(n, st);
            case Kind::Space: {
                Fragment f;
                f.width = n.space * st.px;
                f.left = f.right = SpaceClass::None;
                finishBox(f, Kind::Space, st);
                return f;
            }
            case Kind::Scripts: return scripts(n, st);
            case Kind::Fraction: return fraction(n, st);
            case Kind::Root: return root(n, st);
            case Kind::Accent: return accent(n, st);
            case Kind::Fenced: return fenced(n, st);
        }
        return {};
    }

private:
    static SpaceClass classOf(AtomClass c) {
        switch (c) {
            case AtomClass::Function:
            case AtomClass::Large: return SpaceClass::Op;
            case AtomClass::Binary: return SpaceClass::Bin;
            case AtomClass::Relation: return SpaceClass::Rel;
            case AtomClass::Punctuation: return SpaceClass::Punct;
            case AtomClass::Open: return SpaceClass::Open;
            case AtomClass::Close: return SpaceClass::Close;
            default: return SpaceClass::Ord;
        }
    }

    /// Space in em between two neighbours of a row (TeX's table for text style; scripts keep only
    /// the thin spaces around operators).
    static double spaceBetween(SpaceClass a, SpaceClass b, int level) {
        if (a == SpaceClass::None || b == SpaceClass::None) return 0.0;
        const bool main = level == 0;
        if (b == SpaceClass::Op && (a == SpaceClass::Ord || a == SpaceClass::Close || a == SpaceClass::Op)) return kThin;
        if (a == SpaceClass::Op && (b == SpaceClass::Ord || b == SpaceClass::Op)) return kThin;
        if (a == SpaceClass::Bin || b == SpaceClass::Bin) return main ? kMedium : 0.0;
        if (b == SpaceClass::Rel && a != SpaceClass::Rel && a != SpaceClass::Open) return main ? kThick : 0.0;
        if (a == SpaceClass::Rel && b != SpaceClass::Rel && b != SpaceClass::Close && b != SpaceClass::Punct)
            return main ? kThick : 0.0;
        if (a == SpaceClass::Punct) return main ? kThin : 0.0;
        return 0.0;
    }

    Fragment row(const FormulaNode& n, const Style& st) const {
        std::vector<Fragment> parts;
        parts.reserve(n.children.size());
        for (const auto& c : n.children) parts.push_back(lay(c, st));
        // A binary operator with no left operand is unary (−t): ordinary, no space.
        SpaceClass prev = SpaceClass::None;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            Fragment& p = parts[i];
            if (p.left == SpaceClass::Bin) {
                const bool next = i + 1 < parts.size();
                if (prev == SpaceClass::None || prev == SpaceClass::Bin || prev == SpaceClass::Rel ||
                    prev == SpaceClass::Open || prev == SpaceClass::Punct || prev == SpaceClass::Op || !next)
                    p.left = p.right = SpaceClass::Ord;
            }
            if (p.left != SpaceClass::None) prev = p.right;
        }
        Fragment f;
        double x = 0;
        prev = SpaceClass::None;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const Fragment& p = parts[i];
            if (p.left != SpaceClass::None) x += spaceBetween(prev, p.left, st.level) * st.px;
            place(f, p, x, 0);
            x += p.width;
            f.ascent = std::max(f.ascent, p.ascent);
            f.descent = std::max(f.descent, p.descent);
            f.tall = f.tall || p.tall;
            if (p.left != SpaceClass::None) prev = p.right;
        }
        f.width = x;
        if (!parts.empty()) {
            f.left = parts.front().left;
            f.right = parts.back().right;
            f.italic = parts.back().italic;
        }
        finishBox(f, Kind::Row, st);
        return f;
    }

    Fragment atom(const FormulaNode& n, const Style& st) const {
        const QString s = QString::fromStdString(n.text);
        const bool italic = n.atom == AtomClass::Variable && s.size() <= 2;
        if (n.atom == AtomClass::Large) {
            // Set larger and centred on the axis.
            const double px = st.px * (st.level == 0 ? 1.35 : 1.1);
            Fragment g = text(s, fontAt(px, false), px);
            const QRectF tight = QFontMetricsF(fontAt(px, false)).tightBoundingRect(s);
            const double shift = -axis(st) - tight.center().y();  // move the glyph's centre onto the axis
            Fragment f;
            place(f, g, 0.05 * st.px, shift);
            f.boxes.erase(f.boxes.begin());
            f.width = g.width + 0.1 * st.px;
            f.ascent = -(tight.top() + shift);
            f.descent = tight.bottom() + shift;
            f.left = f.right = SpaceClass::Op;
            f.tall = st.level == 0;
            finishBox(f, Kind::Atom, st, s);
            f.boxes.front().fontSize = px;
            return f;
        }
        Fragment f = text(s, fontAt(st.px, italic), st.px);
        f.boxes.front().fontSize = st.px;
        f.italic = italic;
        f.left = f.right = classOf(n.atom);
        if (italic) f.width += 0.03 * st.px;  // italic correction before an upright neighbour
        return f;
    }

    Fragment scripts(const FormulaNode& n, const Style& st) const {
        const Fragment base = lay(n.children[0], st);
        const Style ss{std::max(kMinPixels, st.px * kScriptScale), st.level + 1};
        const bool hasSub = !n.children[1].isEmptyRow(), hasSup = !n.children[2].isEmptyRow();
        const Fragment sub = hasSub ? lay(n.children[1], ss) : Fragment{};
        const Fragment sup = hasSup ? lay(n.children[2], ss) : Fragment{};
        const bool large = n.children[0].kind == Kind::Atom && n.children[0].atom == AtomClass::Large;
        const double em = st.px;
        const double xh = QFontMetricsF(fontAt(st.px, false)).xHeight();
        double up = 0, down = 0;
        if (large) {
            up = base.ascent - 0.75 * sup.ascent;
            down = base.descent - 0.25 * sub.ascent;
        } else {
            up = std::max({0.40 * em, base.ascent - 0.28 * em, sup.descent + 0.25 * xh});
            down = std::max({hasSup ? 0.24 * em : 0.16 * em, base.descent + 0.05 * em, sub.ascent - 0.8 * xh});
        }
        if (hasSub && hasSup) {
            const double gap = (up - sup.descent) - (sub.ascent - down);
            if (gap < 0.12 * em) down += 0.12 * em - gap;
        }
        Fragment f;
        place(f, base, 0, 0);
        const double supX = base.width + (base.italic || large ? 0.06 * em : 0.0);
        const double subX = base.width - (large ? 0.1 * em : base.italic ? 0.03 * em : 0.0);
        if (hasSup) place(f, sup, supX, -up);
        if (hasSub) place(f, sub, subX, down);
        f.width = std::max({base.width, hasSup ? supX + sup.width : 0.0, hasSub ? subX + sub.width : 0.0}) + 0.04 * em;
        f.ascent = std::max(base.ascent, hasSup ? up + sup.ascent : 0.0);
        f.descent = std::max(base.descent, hasSub ? down + sub.descent : 0.0);
        f.tall = base.tall;
        // Spaced like its base: (τ)² = … spaces as (τ) = …, and an operator keeps its thin space.
        const auto keep = [](SpaceClass c) {
            return c == SpaceClass::Op || c == SpaceClass::Open || c == SpaceClass::Close ? c : SpaceClass::Ord;
        };
        f.left = keep(base.left);
        f.right = keep(base.right);
        finishBox(f, Kind::Scripts, st);
        return f;
    }

    Fragment fraction(const FormulaNode& n, const Style& st) const {
        const Style part{std::max(kMinPixels, st.px * (st.level == 0 ? kFractionScale : kScriptScale)), st.level + 1};
        const Fragment num = lay(n.children[0], part);
        const Fragment den = lay(n.children[1], part);
        const double em = st.px;
        const double rule = std::max(0.8, 0.055 * em);
        const double gap = 0.12 * em, pad = 0.08 * em;
        const double w = std::max(num.width, den.width) + 2 * pad;
        const double bar = -axis(st);
        Fragment f;
        const double numBase = bar - 0.5 * rule - gap - num.descent;
        const double denBase = bar + 0.5 * rule + gap + den.ascent;
        place(f, num, 0.5 * (w - num.width), numBase);
        place(f, den, 0.5 * (w - den.width), denBase);
        FormulaItem it;
        it.kind = FormulaItem::Kind::Rule;
        it.line = QLineF(0.5 * pad, bar, w - 0.5 * pad, bar);
        it.width = rule;
        f.items.push_back(it);
        f.width = w + 0.04 * em;
        f.ascent = -(numBase - num.ascent);
        f.descent = denBase + den.descent;
        f.tall = true;
        finishBox(f, Kind::Fraction, st);
        f.boxes.front().barY = bar;
        return f;
    }

    Fragment root(const FormulaNode& n, const Style& st) const {
        const Fragment r = lay(n.children[0], st);
        const double em = st.px;
        const double rule = std::max(0.8, 0.055 * em);
        const double gap = 0.12 * em;
        const double top = -(std::max(r.ascent, 0.7 * em) + gap + 0.5 * rule);
        const double bottom = r.descent + 0.08 * em;
        const double h = bottom - top;
        const double x0 = 0.04 * em;
        const QPointF a(x0, top + 0.58 * h), b(x0 + 0.12 * em, top + 0.52 * h), c(x0 + 0.32 * em, bottom);
        const QPointF d(c.x() + std::max(0.26 * em, 0.2 * h), top);
        const double inner = d.x() + 0.08 * em;
        const QPointF e(inner + r.width + 0.06 * em, top);
        Fragment f;
        FormulaItem sign;
        sign.kind = FormulaItem::Kind::Stroke;
        sign.width = rule;
        sign.path.moveTo(a);
        sign.path.lineTo(b);
        sign.path.lineTo(c);
        sign.path.lineTo(d);
        sign.path.lineTo(e);
        f.items.push_back(sign);
        // The descending stroke of a radical is heavier, as in printed roots.
        FormulaItem heavy;
        heavy.kind = FormulaItem::Kind::Stroke;
        heavy.width = 2.0 * rule;
        heavy.path.moveTo(b);
        heavy.path.lineTo(c);
        f.items.push_back(heavy);
        place(f, r, inner, 0);
        f.width = e.x() + 0.04 * em;
        f.ascent = -top + rule;
        f.descent = bottom + 0.5 * rule;
        f.tall = r.tall;
        finishBox(f, Kind::Root, st);
        return f;
    }

    Fragment accent(const FormulaNode& n, const Style& st) const {
        const Fragment base = lay(n.children[0], st);
        const double em = st.px;
        const double cx = 0.5 * base.width + (base.italic ? 0.06 * em : 0.0);
        const double y = -(base.ascent + 0.16 * em);
        const double thick = std::max(0.8, 0.055 * em);
        Fragment f;
        place(f, base, 0, 0);
        const auto dot = [&](double x) {
            FormulaItem it;
            it.kind = FormulaItem::Kind::Fill;
            const double r = std::max(0.7, 0.065 * em);
            it.path.addEllipse(QPointF(x, y), r, r);
            f.items.push_back(it);
        };
        FormulaItem stroke;
        stroke.kind = FormulaItem::Kind::Stroke;
        stroke.width = thick;
        const double hw = std::max(0.16 * em, 0.5 * base.width - 0.04 * em);
        switch (n.accent) {
            case core::AccentKind::Dot: dot(cx); break;
            case core::AccentKind::DDot:
                dot(cx - 0.12 * em);
                dot(cx + 0.12 * em);
                break;
            case core::AccentKind::Hat:
                stroke.path.moveTo(cx - 0.18 * em, y + 0.06 * em);
                stroke.path.lineTo(cx, y - 0.08 * em);
                stroke.path.lineTo(cx + 0.18 * em, y + 0.06 * em);
                break;
            case core::AccentKind::Bar:
                stroke.path.moveTo(cx - hw, y);
                stroke.path.lineTo(cx + hw, y);
                break;
            case core::AccentKind::Tilde:
                stroke.path.moveTo(cx - 0.2 * em, y + 0.03 * em);
                stroke.path.cubicTo(cx - 0.1 * em, y - 0.1 * em, cx + 0.1 * em, y + 0.1 * em, cx + 0.2 * em, y - 0.03 * em);
                break;
            case core::AccentKind::Vec:
                stroke.path.moveTo(cx - hw, y);
                stroke.path.lineTo(cx + hw, y);
                stroke.path.moveTo(cx + hw - 0.1 * em, y - 0.07 * em);
                stroke.path.lineTo(cx + hw, y);
                stroke.path.lineTo(cx + hw - 0.1 * em, y + 0.07 * em);
                break;
        }
        if (!stroke.path.isEmpty()) f.items.push_back(stroke);
        f.width = base.width;
        f.ascent = base.ascent + 0.26 * em;
        f.descent = base.descent;
        f.italic = base.italic;
        f.tall = base.tall;
        finishBox(f, Kind::Accent, st);
        return f;
    }

    /// A delimiter of height extent above and below the axis, as a filled outline.
    Fragment grownDelimiter(const QString& d, bool open, double extent, const Style& st) const {
        Fragment f;
        const double em = st.px;
        const double ax = -axis(st);
        const double top = ax - extent, bottom = ax + extent, h = bottom - top;
        const double thick = std::max(0.9, 0.07 * em);
        FormulaItem it;
        if (d == QLatin1String("(") || d == QLatin1String(")")) {
            const double w = std::clamp(0.12 * h, 0.22 * em, 0.5 * em);
            const double pad = 0.06 * em;
            // Outer and inner curves of a crescent, pointed at both tips.
            QPainterPath p;
            const double xr = pad + w, xl = pad;
            p.moveTo(xr, top);
            p.cubicTo(xl, top + 0.22 * h, xl, bottom - 0.22 * h, xr, bottom);
            p.cubicTo(xl + 1.6 * thick, bottom - 0.25 * h, xl + 1.6 * thick, top + 0.25 * h, xr, top);
            if (!open) p = QTransform(-1, 0, 0, 1, 2 * pad + w, 0).map(p);
            it.kind = FormulaItem::Kind::Fill;
            it.path = p;
            f.width = w + 2 * pad;
        } else if (d == QLatin1String("[") || d == QLatin1String("]")) {
            const double w = 0.25 * em, pad = 0.08 * em;
            QPainterPath p;
            const double xs = open ? pad + w : pad, xe = open ? pad : pad + w;
            p.moveTo(xs, top);
            p.lineTo(xe, top);
            p.lineTo(xe, bottom);
            p.lineTo(xs, bottom);
            it.kind = FormulaItem::Kind::Stroke;
            it.width = thick;
            it.path = p;
            f.width = w + 2 * pad;
        } else if (d == QLatin1String("|") || d == QStringLiteral("‖")) {
            QPainterPath p;
            const double pad = 0.1 * em;
            const int bars = d == QLatin1String("|") ? 1 : 2;
            for (int b = 0; b < bars; ++b) {
                p.moveTo(pad + b * 0.16 * em, top);
                p.lineTo(pad + b * 0.16 * em, bottom);
            }
            it.kind = FormulaItem::Kind::Stroke;
            it.width = thick;
            it.path = p;
            f.width = 2 * pad + (bars - 1) * 0.16 * em;
        } else {
            // Any other glyph, stretched vertically from its outline.
            const QFont font = fontAt(st.px, false);
            QPainterPath g;
            g.addText(0, 0, font, d);
            const QRectF r = g.boundingRect();
            if (r.height() > 0) {
                const double sy = h / r.height();
                const double sx = std::min(1.6, std::sqrt(sy));
                QTransform tr;
                tr.translate(0.06 * em, top);
                tr.scale(sx, sy);
                tr.translate(-r.left(), -r.top());
                g = tr.map(g);
            }
            it.kind = FormulaItem::Kind::Fill;
            it.path = g;
            f.width = g.boundingRect().width() + 0.12 * em;
        }
        f.items.push_back(it);
        f.ascent = -top;
        f.descent = bottom;
        return f;
    }

    Fragment fenced(const FormulaNode& n, const Style& st) const {
        const Fragment inner = lay(n.children[0], st);
        const QString open = QString::fromStdString(n.text), close = QString::fromStdString(n.close);
        const QFont font = fontAt(st.px, false);
        const QRectF paren = QFontMetricsF(font).tightBoundingRect(QStringLiteral("("));
        // Like TeX's \left … \right: delimiters grow around fractions and large operators (or
        // always, when the source asked), not around a mere exponent.
        const bool grow = (inner.tall || n.stretch) &&
                          (inner.ascent > -paren.top() * 1.04 || inner.descent > paren.bottom() * 1.04);
        const auto side = [&](const QString& d, bool isOpen) {
            if (d.isEmpty()) return Fragment{};
            if (!grow) {
                Fragment g = text(d, font, st.px);
                g.boxes.clear();
                return g;
            }
            const double ax = axis(st);
            const double extent = std::max(inner.ascent - ax, inner.descent + ax) + 0.08 * st.px;
            return grownDelimiter(d, isOpen, extent, st);
        };
        const Fragment l = side(open, true), r = side(close, false);
        Fragment f;
        place(f, l, 0, 0);
        place(f, inner, l.width, 0);
        place(f, r, l.width + inner.width, 0);
        f.width = l.width + inner.width + r.width;
        f.ascent = std::max({l.ascent, inner.ascent, r.ascent});
        f.descent = std::max({l.descent, inner.descent, r.descent});
        f.tall = inner.tall;
        f.left = SpaceClass::Open;  // no space after a function name: \exp(x)
        f.right = SpaceClass::Close;
        finishBox(f, Kind::Fenced, st);
        return f;
    }

    QFont m_base;
};

}  // namespace

FormulaLayout layoutFormula(const QString& source, const QFont& font) {
    Layouter lay(font);
    const Style st{lay.basePixels(), 0};
    FormulaLayout out;
    const core::Result<FormulaNode> tree = core::parseFormula(source.toStdString());
    Fragment f;
    if (tree) {
        f = lay.lay(*tree, st);
    } else {
        out.error = QString::fromStdString(tree.message());
        f = lay.text(source, lay.fontAt(st.px, false), st.px);
    }
    out.width = f.width;
    out.ascent = f.ascent;
    out.descent = f.descent;
    out.items = std::move(f.items);
    out.boxes = std::move(f.boxes);
    return out;
}

}  // namespace flowlab::ui
