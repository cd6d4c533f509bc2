#pragma once

#include <QString>
#include <QWidget>

#include <functional>

#include "common/result.hpp"

class QLabel;
class QProgressBar;
class QPushButton;

namespace flowlab::ui {

/// The Run / Cancel / Export CSV… buttons, progress bar and status line of the analysis dialogs
/// (error vs NFE, straightness): one look and one rule for what is enabled while a run works.
class RunStrip : public QWidget {
    Q_OBJECT
public:
    explicit RunStrip(QWidget* parent = nullptr);

    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    /// Export CSV…: asks for a file named like `suggestedName` and hands the path to `write`,
    /// then says in the status line what happened.
    void onExport(const QString& title, const QString& suggestedName,
                  std::function<core::Status(const QString& path)> write);
    /// Run stays enabled (a new run supersedes the running one); Cancel only while busy; Export
    /// only when idle with something to export.
    void setBusy(bool busy, bool canExport);
    /// The progress bar at `fraction` ∈ [0, 1].
    void setProgress(double fraction);
    void setStatus(const QString& text);
    QString status() const;

private:
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace flowlab::ui
