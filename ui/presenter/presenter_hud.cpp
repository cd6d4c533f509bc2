#include "presenter/presenter_hud.hpp"

#include <QFontMetricsF>
#include <QPainter>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>

#include "formula/formula_painter.hpp"

namespace flowlab::ui {
namespace {
constexpr double kTitleRatio = 1.12;  // title size over body size
constexpr double kPadRatio = 0.45;    // padding over body size
QFont pixelFont(double px, bool bold) {
    QFont f;
    f.setPixelSize(std::max(8, int(std::lround(px))));
    f.setBold(bold);
    return f;
}
}  // namespace

PresenterHud::PresenterHud(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presenterHud"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void PresenterHud::setContent(const HudContent& content) {
    m_content = content;
    relayout();
    update();
}

void PresenterHud::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void PresenterHud::setTextScale(double scale) {
    m_textScale = scale;
    relayout();
    update();
}

double PresenterHud::unit() const {
    // The window's height stands for the screen's: a full-screen 1080p window gives 1.
    const QWidget* top = window();
    const double h = top ? top->height() : 1080.0;
    return std::clamp(h / 1080.0, 0.4, 4.0) * m_textScale;
}

QFont PresenterHud::titleFont() const { return pixelFont(kBodyPixels * kTitleRatio * unit(), true); }
QFont PresenterHud::bodyFont() const { return pixelFont(kBodyPixels * unit(), false); }

int PresenterHud::neededHeight(int width) const {
    const QFontMetricsF tfm(titleFont()), bfm(bodyFont());
    const double pad = kPadRatio * kBodyPixels * unit();
    double h = 2 * pad + tfm.height();
    if (!m_content.caption.isEmpty()) {
        const QRectF r = bfm.boundingRect(QRectF(0, 0, std::max(50.0, width - 2 * pad), 1e6), Qt::TextWordWrap,
                                          m_content.caption);
        h += std::min(r.height(), 2 * bfm.lineSpacing()) + 0.25 * pad;
    }
    if (!m_content.formula.isEmpty())
        h += std::max(bfm.height(), std::min(formulaSize(m_content.formula, bodyFont()).height(), 2 * bfm.height())) + 0.25 * pad;
    return int(std::ceil(h));
}

void PresenterHud::relayout() {
    const int h = neededHeight(width() > 0 ? width() : 1920);
    if (h != height()) setFixedHeight(h);
}

void PresenterHud::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (event->oldSize().width() != event->size().width()) relayout();
}

void PresenterHud::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(rect(), m_theme.background);
    p.setPen(QPen(m_theme.overlayBorder, std::max(1.0, unit())));
    p.drawLine(QPointF(0, 0.5), QPointF(width(), 0.5));
    const QFont tf = titleFont(), bf = bodyFont();
    const QFontMetricsF tfm(tf), bfm(bf);
    const double pad = kPadRatio * kBodyPixels * unit();
    double y = pad;
    double right = width() - pad;
    if (!m_content.step.isEmpty()) {
        p.setFont(bf);
        p.setPen(m_theme.textMuted);
        const double w = bfm.horizontalAdvance(m_content.step);
        p.drawText(QPointF(right - w, y + tfm.ascent()), m_content.step);
        right -= w + pad;
    }
    p.setFont(tf);
    p.setPen(m_theme.text);
    p.drawText(QPointF(pad, y + tfm.ascent()), tfm.elidedText(m_content.title, Qt::ElideRight, std::max(10.0, right - pad)));
    y += tfm.height();
    if (!m_content.caption.isEmpty()) {
        y += 0.25 * pad;
        p.setFont(bf);
        p.setPen(m_theme.text);
        const QRectF box(pad, y, width() - 2 * pad, 2 * bfm.lineSpacing());
        p.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, m_content.caption);
        const QRectF used = bfm.boundingRect(QRectF(0, 0, box.width(), 1e6), Qt::TextWordWrap, m_content.caption);
        y += std::min(used.height(), box.height());
    }
    if (!m_content.formula.isEmpty()) {
        y += 0.25 * pad;
        // Typeset (ui/formula); a tall formula (fractions) gets up to two lines, then is scaled down.
        const double h = std::max(bfm.height(), std::min(formulaSize(m_content.formula, bf).height(), 2 * bfm.height()));
        drawFormula(p, m_content.formula, QRectF(pad, y, width() - 2 * pad, h), bf, m_theme.text);
    }
}

}  // namespace flowlab::ui
