#pragma once

#include <QString>
#include <QWidget>

#include "view/theme.hpp"

namespace flowlab::ui {

/// The speaker notes over the plane, for presenting on one screen (N toggles it): the notes of
/// the current step and the title of the next, in a box at the bottom right.
class NotesOverlay : public QWidget {
    Q_OBJECT
public:
    explicit NotesOverlay(QWidget* parent = nullptr);

    void setNotes(const QString& notes, const QString& next);
    const QString& notes() const { return m_notes; }
    void setTheme(const Theme& theme);
    /// Sizes and places itself in its parent.
    void place();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_notes;
    QString m_next;
    Theme m_theme = Theme::dark();
};

/// A black screen over the whole window (B: the audience looks at the speaker).
class BlackScreen : public QWidget {
    Q_OBJECT
public:
    explicit BlackScreen(QWidget* parent = nullptr);

protected:
    void paintEvent(QPaintEvent* event) override;
};

}  // namespace flowlab::ui
