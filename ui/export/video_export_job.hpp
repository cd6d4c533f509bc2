#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

#include "export/video_render.hpp"
#include "state/compare_layout.hpp"
#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// One video export on its own thread: settings and options are copied in, renderVideo (or
/// renderCompareVideo for a compare layout) runs there, and progress and the outcome come back as queued signals. cancel() is thread-safe and
/// leaves no file. Destroying the job cancels and waits for the thread.
class VideoExportJob : public QObject {
    Q_OBJECT
public:
    VideoExportJob(ExplorerSettings settings, VideoRenderOptions options, QString path, QObject* parent = nullptr);
    ~VideoExportJob() override;

    /// Exports these panels side by side (renderCompareVideo, with the settings' view) instead of
    /// the settings' scene; empty (the default) exports the scene. Call before start().
    void setComparePanels(std::vector<ComparePanel> panels) { m_panels = std::move(panels); }
    /// Starts the export (once).
    void start();
    /// Asks the export to stop; finished(false, "cancelled") follows.
    void cancel() { m_cancel.store(true); }
    bool isRunning() const { return m_thread && m_thread->isRunning(); }
    const QString& path() const { return m_path; }

signals:
    /// Frames done of total, in the current stage (0 = preparing, 1 = rendering, 2 = finishing).
    void progress(int stage, int done, int total);
    /// The outcome: on success `message` summarises the export; otherwise it says why it failed.
    void finished(bool ok, const QString& message);

private:
    ExplorerSettings m_settings;
    VideoRenderOptions m_options;
    std::vector<ComparePanel> m_panels;
    QString m_path;
    std::atomic<bool> m_cancel{false};
    QThread* m_thread = nullptr;
};

}  // namespace flowlab::ui
