#include "lesson/lesson_editor.hpp"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "lesson/lesson_controller.hpp"

namespace flowlab::ui {

LessonEditor::LessonEditor(LessonController& lessons, std::function<void(const QString&, const QString&)> showError,
                           QWidget* parent)
    : QWidget(parent), m_lessons(lessons), m_showError(std::move(showError)) {
    setObjectName(QStringLiteral("lessonEditor"));
    auto* layout = new QVBoxLayout(this);
    m_lessonTitle = new QLineEdit(this);
    m_lessonTitle->setPlaceholderText(tr("Lesson title"));
    layout->addWidget(m_lessonTitle);
    m_list = new QListWidget(this);
    layout->addWidget(m_list, 1);
    auto* rows = new QHBoxLayout;
    const auto button = [&](const QString& text, const QString& tip, auto slot) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, slot);
        rows->addWidget(b);
        return b;
    };
    button(tr("Add"), tr("Add the window's current state as a step after the selected one."), [this] { addCurrentState(); });
    button(tr("Remove"), tr("Remove the selected step."), [this] { removeStep(selectedStep()); });
    button(tr("Up"), tr("Move the selected step up."), [this] { moveStep(selectedStep(), selectedStep() - 1); });
    button(tr("Down"), tr("Move the selected step down."), [this] { moveStep(selectedStep(), selectedStep() + 1); });
    button(tr("Show"), tr("Show the selected step in the window."), [this] { m_lessons.goTo(selectedStep()); });
    layout->addLayout(rows);
    auto* form = new QFormLayout;
    m_title = new QLineEdit(this);
    m_caption = new QPlainTextEdit(this);
    m_caption->setMaximumHeight(70);
    m_formula = new QLineEdit(this);
    m_formula->setPlaceholderText(QStringLiteral("x_t = \\alpha(t) x_0 + \\beta(t) x_1 + \\gamma(t) z"));
    m_notes = new QPlainTextEdit(this);
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("Caption"), m_caption);
    form->addRow(tr("Formula"), m_formula);
    form->addRow(tr("Notes"), m_notes);
    layout->addLayout(form, 1);
    auto* files = new QHBoxLayout;
    auto* save = new QPushButton(tr("Save"), this);
    auto* saveAs = new QPushButton(tr("Save as…"), this);
    files->addStretch(1);
    files->addWidget(save);
    files->addWidget(saveAs);
    layout->addLayout(files);
    connect(save, &QPushButton::clicked, this, [this] { saveTo(); });
    connect(saveAs, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the lesson"), QStringLiteral("lesson.json"),
                                                          tr("FlowLab lessons (*.json)"));
        if (!path.isEmpty()) saveTo(path);
    });

    connect(m_list, &QListWidget::currentRowChanged, this, [this] { loadFields(); });
    connect(m_title, &QLineEdit::editingFinished, this, &LessonEditor::storeFields);
    connect(m_formula, &QLineEdit::editingFinished, this, &LessonEditor::storeFields);
    connect(m_caption, &QPlainTextEdit::textChanged, this, &LessonEditor::storeFields);
    connect(m_notes, &QPlainTextEdit::textChanged, this, &LessonEditor::storeFields);
    connect(m_lessonTitle, &QLineEdit::editingFinished, this, [this] { m_lessons.setTitle(m_lessonTitle->text()); });
    connect(&m_lessons, &LessonController::lessonChanged, this, &LessonEditor::reload);
    connect(&m_lessons, &LessonController::stepChanged, this, [this](int index) { selectStep(index); });
    reload();
}

std::vector<core::JsonValue> LessonEditor::allScenes() const {
    std::vector<core::JsonValue> scenes;
    for (int i = 0; i < m_lessons.count(); ++i) scenes.push_back(m_lessons.stepScene(i));
    return scenes;
}

int LessonEditor::selectedStep() const { return m_list->currentRow(); }

void LessonEditor::selectStep(int index) {
    if (index >= 0 && index < m_list->count()) m_list->setCurrentRow(index);
}

void LessonEditor::report(const QString& message) {
    if (m_showError) m_showError(tr("Lesson"), message);
}

void LessonEditor::reload() {
    if (m_loading) return;  // our own edit: the list item was renamed in place
    m_loading = true;
    const int row = m_list->currentRow();
    m_lessonTitle->setText(QString::fromStdString(m_lessons.lesson().title));
    m_list->clear();
    for (int i = 0; i < m_lessons.count(); ++i)
        m_list->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(QString::fromStdString(m_lessons.step(i)->title)));
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    m_loading = false;
    loadFields();
}

void LessonEditor::loadFields() {
    if (m_loading) return;
    m_loading = true;
    const core::LessonStep* st = m_lessons.step(selectedStep());
    m_title->setText(st ? QString::fromStdString(st->title) : QString());
    m_caption->setPlainText(st ? QString::fromStdString(st->caption) : QString());
    m_formula->setText(st ? QString::fromStdString(st->formula) : QString());
    m_notes->setPlainText(st ? QString::fromStdString(st->notes) : QString());
    for (QWidget* w : {static_cast<QWidget*>(m_title), static_cast<QWidget*>(m_caption), static_cast<QWidget*>(m_formula),
                       static_cast<QWidget*>(m_notes)})
        w->setEnabled(st != nullptr);
    m_loading = false;
}

void LessonEditor::storeFields() {
    if (m_loading || selectedStep() < 0) return;
    setStepText(selectedStep(), m_title->text(), m_caption->toPlainText(), m_formula->text(), m_notes->toPlainText());
}

bool LessonEditor::commit(std::vector<core::LessonStep> steps, const std::vector<core::JsonValue>& scenes) {
    QString error;
    if (m_lessons.setStepsShowing(std::move(steps), scenes, &error)) return true;
    report(error);
    return false;
}

bool LessonEditor::addCurrentState(const QString& title) {
    std::vector<core::LessonStep> steps = m_lessons.lesson().steps;
    std::vector<core::JsonValue> scenes = allScenes();
    const int at = selectedStep() < 0 ? int(steps.size()) : selectedStep() + 1;
    steps.insert(steps.begin() + at, m_lessons.captureStep(title.isEmpty() ? tr("Step %1").arg(at + 1) : title));
    scenes.insert(scenes.begin() + at, m_lessons.currentScene());
    if (!commit(std::move(steps), scenes)) return false;
    selectStep(at);
    return true;
}

bool LessonEditor::removeStep(int index) {
    std::vector<core::LessonStep> steps = m_lessons.lesson().steps;
    if (index < 0 || index >= int(steps.size())) return false;
    std::vector<core::JsonValue> scenes = allScenes();
    steps.erase(steps.begin() + index);
    scenes.erase(scenes.begin() + index);
    if (!commit(std::move(steps), scenes)) return false;
    selectStep(std::min(index, m_lessons.count() - 1));
    return true;
}

bool LessonEditor::moveStep(int from, int to) {
    std::vector<core::LessonStep> steps = m_lessons.lesson().steps;
    const int n = int(steps.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return false;
    std::vector<core::JsonValue> scenes = allScenes();
    core::LessonStep moved = steps[std::size_t(from)];
    core::JsonValue movedScene = scenes[std::size_t(from)];
    steps.erase(steps.begin() + from);
    scenes.erase(scenes.begin() + from);
    steps.insert(steps.begin() + to, std::move(moved));
    scenes.insert(scenes.begin() + to, std::move(movedScene));
    if (!commit(std::move(steps), scenes)) return false;
    selectStep(to);
    return true;
}

bool LessonEditor::setStepText(int index, const QString& title, const QString& caption, const QString& formula,
                               const QString& notes) {
    std::vector<core::LessonStep> steps = m_lessons.lesson().steps;
    if (index < 0 || index >= int(steps.size())) return false;
    core::LessonStep& st = steps[std::size_t(index)];
    if (title.trimmed().isEmpty()) return false;  // every step keeps a title; the field shows the edit
    st.title = title.toStdString();
    st.caption = caption.toStdString();
    st.formula = formula.toStdString();
    st.notes = notes.toStdString();
    QString error;
    m_loading = true;  // keep the cursor in the field being typed in
    const bool ok = m_lessons.setSteps(std::move(steps), &error);
    m_loading = false;
    if (!ok) report(error);
    if (auto* item = m_list->item(index)) item->setText(QStringLiteral("%1. %2").arg(index + 1).arg(title));
    return ok;
}

bool LessonEditor::saveTo(const QString& path) {
    QString target = path.isEmpty() ? m_lessons.path() : path;
    if (target.isEmpty())
        target = QFileDialog::getSaveFileName(this, tr("Save the lesson"), QStringLiteral("lesson.json"),
                                              tr("FlowLab lessons (*.json)"));
    if (target.isEmpty()) return false;
    m_lessons.setTitle(m_lessonTitle->text());
    QString error;
    if (!m_lessons.save(target, &error)) {
        report(tr("Could not save %1: %2").arg(target, error));
        return false;
    }
    return true;
}

}  // namespace flowlab::ui
