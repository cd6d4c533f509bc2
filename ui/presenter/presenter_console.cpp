#include "presenter/presenter_console.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace flowlab::ui {

PresenterConsole::PresenterConsole(QWidget* parent) : QWidget(parent, Qt::Window) {
    setObjectName(QStringLiteral("presenterConsole"));
    setWindowTitle(tr("FlowLab — presenter console"));
    auto* layout = new QVBoxLayout(this);
    m_step = new QLabel(this);
    m_title = new QLabel(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_notes = new QTextBrowser(this);
    QFont notesFont = m_notes->font();
    notesFont.setPointSizeF(notesFont.pointSizeF() * 1.5);
    m_notes->setFont(notesFont);
    m_next = new QLabel(this);
    m_next->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    const auto button = [&](const QString& text, void (PresenterConsole::*signal)()) {
        auto* b = new QPushButton(text, this);
        b->setFocusPolicy(Qt::NoFocus);  // the keys stay the presenter's
        connect(b, &QPushButton::clicked, this, signal);
        buttons->addWidget(b);
    };
    button(tr("◀ Previous"), &PresenterConsole::previousRequested);
    button(tr("Play / pause"), &PresenterConsole::playRequested);
    button(tr("Next ▶"), &PresenterConsole::nextRequested);
    button(tr("Black screen"), &PresenterConsole::blackRequested);
    button(tr("Leave (Esc)"), &PresenterConsole::leaveRequested);
    layout->addWidget(m_step);
    layout->addWidget(m_title);
    layout->addWidget(m_notes, 1);
    layout->addWidget(m_next);
    layout->addLayout(buttons);
    resize(900, 600);
}

void PresenterConsole::setContent(const QString& step, const QString& title, const QString& notes, const QString& next) {
    m_step->setText(step);
    m_title->setText(title);
    m_notes->setPlainText(notes.isEmpty() ? tr("(no notes for this step)") : notes);
    m_next->setText(next.isEmpty() ? tr("Last step.") : tr("Next: %1").arg(next));
}

QString PresenterConsole::notesText() const { return m_notes->toPlainText(); }

QString PresenterConsole::nextText() const { return m_next->text(); }

}  // namespace flowlab::ui
