#include "presenter/presenter_hud.hpp"

#include <QFontMetricsF>
#include <QPainter>
#include <QResizeEvent>
#include <QTextLayout>

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <cmath>

#include "formula/formula_painter.hpp"

namespace flowlab::ui {
namespace {

constexpr double kTitleRatio = 1.12;   // title size over body size
constexpr double kPadRatio = 0.35;     // padding over body size
constexpr double kGapRatio = 0.1;      // gap between rows over body size
constexpr double kShrinkStep = 0.94;   // the strip's scale shrinks by this factor per try
constexpr double kLastResortScale = 0.5;  // below scale 1 only when even one caption line does not fit
constexpr double kFormulaLines = 2.0;  // a tall formula (fractions) gets up to this many body lines
constexpr double kMinFormulaScale = 0.8;  // at text scale 1 a formula may be drawn this much smaller

QFont pixelFont(double px, bool bold) {
    QFont f;
    f.setPixelSize(std::max(8, int(std::lround(px))));
    f.setBold(bold);
    return f;
}

/// The caption wrapped at `width`; at most `maxLines` lines, the last elided when cut.
QStringList wrap(const QString& text, const QFont& font, double width, int maxLines, bool& cut) {
    QStringList lines;
    cut = false;
    if (text.isEmpty()) return lines;
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        if (lines.size() + 1 == maxLines && line.textStart() + line.textLength() < text.size()) {
            // The last line that fits takes the rest of the text, elided.
            cut = true;
            lines << QFontMetricsF(font).elidedText(text.mid(line.textStart()).simplified(), Qt::ElideRight, width);
            break;
        }
        lines << text.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    return lines;
}

/// How the strip may save room at one text scale.
struct Squeeze {
    bool beside = false;         // the formula on the title's row
    int maxLines = INT_MAX;      // caption lines
    double formulaScale = 1.0;   // the formula drawn down to this share of its size
};

/// The layout at the strip's scale `scale` (window height folded in as `unit`), at most `cap` high
/// where the squeeze allows it.
HudLayout layoutAt(const HudContent& c, int width, double unit, double scale, double cap, const Squeeze& q) {
    HudLayout l;
    l.scale = scale;
    const double body = PresenterHud::kBodyPixels * unit * scale;
    l.titleFont = pixelFont(body * kTitleRatio, true);
    l.bodyFont = pixelFont(body, false);
    const QFontMetricsF tfm(l.titleFont), bfm(l.bodyFont);
    const double pad = kPadRatio * body, gap = kGapRatio * body;
    const double inner = std::max(50.0, width - 2 * pad);

    double right = width - pad;  // the title row's right end, left of the step number
    if (!c.step.isEmpty()) {
        const double w = bfm.horizontalAdvance(c.step);
        l.stepOrigin = QPointF(right - w, 0);
        right -= w + pad;
    }
    // The formula's box: its natural height, at least one body line, at most kFormulaLines.
    QSizeF formula;
    double formulaH = 0, formulaW = 0;
    if (!c.formula.isEmpty()) {
        formula = formulaSize(c.formula, l.bodyFont);
        formulaH = std::max(bfm.height(), std::min(formula.height(), kFormulaLines * bfm.height()));
        formulaW = formula.width() * std::min(1.0, formulaH / std::max(1.0, formula.height()));
    }
    const double titleW = tfm.horizontalAdvance(c.title);
    l.formulaBesideTitle = q.beside && formulaH > 0;
    if (l.formulaBesideTitle) {
        const double room = right - 3 * pad - titleW;
        const double shrink = std::min(1.0, room / std::max(1.0, formulaW));
        if (shrink < q.formulaScale) {
            l.height = HUGE_VAL;  // no room on the title's row
            return l;
        }
        formulaW *= shrink;
        formulaH *= shrink;
    }

    double y = pad;
    const double row = l.formulaBesideTitle ? std::max(tfm.height(), formulaH) : tfm.height();
    l.title = l.formulaBesideTitle ? c.title : tfm.elidedText(c.title, Qt::ElideRight, std::max(10.0, right - pad));
    l.titleOrigin = QPointF(pad, y + (row - tfm.height()) / 2 + tfm.ascent());
    l.stepOrigin.setY(l.titleOrigin.y());
    if (l.formulaBesideTitle) l.formulaBox = QRectF(right - formulaW, y + (row - formulaH) / 2, formulaW, formulaH);
    y += row;
    l.captionLines = wrap(c.caption, l.bodyFont, inner, q.maxLines, l.captionCut);
    l.captionLineSpacing = bfm.lineSpacing();
    if (!l.captionLines.isEmpty()) {
        y += gap;
        l.captionOrigin = QPointF(pad, y + bfm.ascent());
        y += (l.captionLines.size() - 1) * bfm.lineSpacing() + bfm.height();
    }
    if (formulaH > 0 && !l.formulaBesideTitle) {
        y += gap;
        // Drawn smaller (drawFormula scales it down) when the squeeze allows and the cap asks.
        const double room = cap - y - pad;
        formulaH = std::max(q.formulaScale * formulaH, std::min(formulaH, room));
        l.formulaBox = QRectF(pad, y, inner, formulaH);
        y += formulaH;
    }
    l.height = std::ceil(y + pad);
    return l;
}

}  // namespace

HudLayout PresenterHud::layoutFor(const HudContent& c, int width, int windowHeight, double textScale) {
    // The window's height stands for the screen's: a full-screen 1080p window gives unit 1.
    const double unit = std::clamp(windowHeight / 1080.0, 0.4, 4.0);
    const double cap = kMaxHeightShare * windowHeight;
    const auto fits = [&](const HudLayout& l) { return l.height <= cap; };
    const auto first = [&](double e, std::initializer_list<Squeeze> tries, HudLayout* out) {
        for (const Squeeze& q : tries)
            if (HudLayout l = layoutAt(c, width, unit, e, cap, q); fits(l)) {
                *out = l;
                return true;
            }
        return false;
    };
    HudLayout l;
    // The user's scale first, shrinking towards 1; at each, stacked rows, then the formula
    // beside the title.
    for (double e = std::max(1.0, textScale);; e = std::max(1.0, e * kShrinkStep)) {
        if (first(e, {Squeeze{false}, Squeeze{true}}, &l)) return l;
        if (e == 1.0) break;
    }
    // At scale 1: a smaller formula, then the caption cut to two lines, then one.
    const double f = kMinFormulaScale;
    if (first(1.0, {Squeeze{true, INT_MAX, f}, Squeeze{false, INT_MAX, f}, Squeeze{true, 2, f}, Squeeze{false, 2, f},
                    Squeeze{true, 1, f}, Squeeze{false, 1, f}},
              &l))
        return l;
    // A window too small for even that: smaller text, as a last resort, clipped to the cap.
    for (double e = kShrinkStep; e >= kLastResortScale; e *= kShrinkStep)
        if (first(e, {Squeeze{false, 1, f}}, &l)) return l;
    l = layoutAt(c, width, unit, kLastResortScale, cap, Squeeze{false, 1, f});
    l.height = std::floor(cap);
    return l;
}

PresenterHud::PresenterHud(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presenterHud"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void PresenterHud::setContent(const HudContent& content) {
    m_content = content;
    refit();
}

void PresenterHud::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void PresenterHud::setTextScale(double scale) {
    m_textScale = scale;
    refit();
}

int PresenterHud::windowHeight() const {
    const QWidget* top = window();
    return top && top != this ? top->height() : 1080;
}

void PresenterHud::refit() {
    m_layout = layoutFor(m_content, width() > 0 ? width() : 1920, windowHeight(), m_textScale);
    const int h = int(m_layout.height);
    if (h != height()) setFixedHeight(h);
    update();
}

void PresenterHud::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (event->oldSize().width() != event->size().width()) refit();
}

void PresenterHud::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(rect(), m_theme.background);
    const HudLayout& l = m_layout;
    p.setPen(QPen(m_theme.overlayBorder, std::max(1.0, l.bodyFont.pixelSize() / kBodyPixels)));
    p.drawLine(QPointF(0, 0.5), QPointF(width(), 0.5));
    p.setClipRect(rect());
    if (!m_content.step.isEmpty()) {
        p.setFont(l.bodyFont);
        p.setPen(m_theme.textMuted);
        p.drawText(l.stepOrigin, m_content.step);
    }
    p.setFont(l.titleFont);
    p.setPen(m_theme.text);
    p.drawText(l.titleOrigin, l.title);
    p.setFont(l.bodyFont);
    for (int i = 0; i < l.captionLines.size(); ++i)
        p.drawText(l.captionOrigin + QPointF(0, i * l.captionLineSpacing), l.captionLines[i]);
    if (!l.formulaBox.isEmpty()) drawFormula(p, m_content.formula, l.formulaBox, l.bodyFont, m_theme.text);
}

}  // namespace flowlab::ui
