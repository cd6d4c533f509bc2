#include "presenter/notes_overlay.hpp"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace flowlab::ui {

NotesOverlay::NotesOverlay(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presenterNotes"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    hide();
}

void NotesOverlay::setNotes(const QString& notes, const QString& next) {
    m_notes = notes;
    m_next = next;
    update();
}

void NotesOverlay::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void NotesOverlay::place() {
    if (!parentWidget()) return;
    const QRect area = parentWidget()->rect();
    const int w = std::max(200, area.width() * 2 / 5), h = std::max(120, area.height() * 2 / 5);
    setGeometry(area.right() - w - area.width() / 60, area.bottom() - h - area.height() / 60, w, h);
    raise();
}

void NotesOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(m_theme.overlayBorder, 1.5));
    p.setBrush(m_theme.overlayBackground);
    p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 10, 10);
    QFont body;
    body.setPixelSize(std::max(12, height() / 14));
    const double pad = body.pixelSize() * 0.7;
    p.setFont(body);
    p.setPen(m_theme.text);
    const QRectF text = QRectF(rect()).adjusted(pad, pad, -pad, -pad - 1.4 * body.pixelSize());
    p.drawText(text, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
               m_notes.isEmpty() ? tr("(no notes for this step)") : m_notes);
    p.setPen(m_theme.textMuted);
    p.drawText(QRectF(pad, height() - pad - 1.3 * body.pixelSize(), width() - 2 * pad, 1.3 * body.pixelSize()),
               Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(body).elidedText(m_next.isEmpty() ? tr("last step") : tr("next: %1").arg(m_next),
                                              Qt::ElideRight, width() - 2 * pad));
}

BlackScreen::BlackScreen(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presenterBlack"));
    hide();
}

void BlackScreen::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::black);  // a black screen is black in every theme
}

}  // namespace flowlab::ui
