#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace flowlab::ui {

/// The presenter's console on the laptop screen while the projector shows the plane: the
/// current step, its speaker notes, the next step, and buttons for what the keys do.
class PresenterConsole : public QWidget {
    Q_OBJECT
public:
    explicit PresenterConsole(QWidget* parent = nullptr);

    void setContent(const QString& step, const QString& title, const QString& notes, const QString& next);
    QString notesText() const;
    /// "Next: …" or "Last step." (for tests).
    QString nextText() const;

signals:
    void nextRequested();
    void previousRequested();
    void playRequested();
    void blackRequested();
    void leaveRequested();

private:
    QLabel* m_step = nullptr;
    QLabel* m_title = nullptr;
    QTextBrowser* m_notes = nullptr;
    QLabel* m_next = nullptr;
};

}  // namespace flowlab::ui
