#pragma once

#include <QWidget>

#include <functional>
#include <vector>

#include "io/json.hpp"
#include "lesson/lesson.hpp"

class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace flowlab::ui {

class LessonController;

/// The lesson editor (a dock): the steps of the lesson in order; add the window's current state
/// as a step, remove, reorder, edit a step's title, caption, formula and notes, save. Every edit
/// goes through LessonController::setSteps, so a step that could not be shown is refused; saving
/// is atomic (a failure keeps both the file and the edits).
class LessonEditor : public QWidget {
    Q_OBJECT
public:
    /// `showError` reports a refused edit or a failed save (title, message).
    LessonEditor(LessonController& lessons, std::function<void(const QString&, const QString&)> showError,
                 QWidget* parent = nullptr);

    /// The selected step (−1: none).
    int selectedStep() const;
    void selectStep(int index);
    /// Adds the window's current state after the selected step (or at the end) and selects it.
    bool addCurrentState(const QString& title = {});
    bool removeStep(int index);
    /// Moves step `from` to position `to`.
    bool moveStep(int from, int to);
    /// Sets the texts of step `index`.
    bool setStepText(int index, const QString& title, const QString& caption, const QString& formula, const QString& notes);
    /// Saves to `path` (empty: the lesson's own path, else asks for one).
    bool saveTo(const QString& path = {});

private:
    void reload();
    std::vector<core::JsonValue> allScenes() const;
    /// Takes edited steps with the scenes they show; reports a refusal.
    bool commit(std::vector<core::LessonStep> steps, const std::vector<core::JsonValue>& scenes);
    void loadFields();
    void storeFields();
    void report(const QString& message);

    LessonController& m_lessons;
    std::function<void(const QString&, const QString&)> m_showError;
    QLineEdit* m_lessonTitle = nullptr;
    QListWidget* m_list = nullptr;
    QLineEdit* m_title = nullptr;
    QPlainTextEdit* m_caption = nullptr;
    QLineEdit* m_formula = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    bool m_loading = false;
};

}  // namespace flowlab::ui
