#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include "common/result.hpp"
#include "state/explorer_settings.hpp"

class QSettings;
class QTimer;

namespace flowlab::ui {

/// How a SceneDocument autosaves.
struct SceneDocumentOptions {
    bool autosave = true;             ///< false: no autosave file and no session marker
    QString autosaveFolder;           ///< empty = QStandardPaths::AppDataLocation
    int autosaveIntervalMs = 30000;   ///< periodic autosave while there are unsaved changes
    int autosaveDelayMs = 2000;       ///< autosave this long after the last change
    static constexpr int kMaxRecent = 8;
};

/// The scene file behind the explorer window: its path, whether the settings differ from what
/// was last opened or saved (the modified marker), the recent files (kept in a QSettings) and
/// the autosave of the current scene (atomic writes through core::saveSceneFile), with a session
/// marker that tells whether the previous session ended cleanly. Owns no widgets.
class SceneDocument : public QObject {
    Q_OBJECT
public:
    SceneDocument(QSettings& store, const SceneDocumentOptions& options = {}, QObject* parent = nullptr);

    QString path() const { return m_path; }
    /// The file name, or "Untitled" before the first save.
    QString displayName() const;
    bool isModified() const { return m_modified; }
    /// Whether the scene itself (densities, method, run) differs from its clean state, not only
    /// the view (camera, layers, theme): a lesson step asks before dropping only this.
    bool sceneChanged() const { return m_modified && !(m_current.scene == m_clean.scene); }

    /// Reads a scene file as settings (settings not in a scene keep those of `current`).
    /// Nothing changes here; the error names the file and the problem.
    core::Result<ExplorerSettings> read(const QString& path, const ExplorerSettings& current) const;
    /// Saves `settings` atomically to `path`, then treats it as the document's file.
    core::Status save(const QString& path, const ExplorerSettings& settings);
    /// Makes `settings` the unmodified state of `path` (empty = untitled), e.g. after opening.
    void setClean(const QString& path, const ExplorerSettings& settings);
    /// The current settings changed: updates the modified flag and schedules an autosave.
    void noteSettings(const ExplorerSettings& settings);

    QStringList recentFiles() const;
    void clearRecentFiles();

    QString autosavePath() const;
    /// Writes the current settings to autosavePath() now.
    core::Status autosaveNow();
    /// Marks the session as running; returns true when the previous one did not end cleanly
    /// and left an autosave behind.
    bool beginSession();
    /// Marks a clean end and removes the autosave.
    void endSession();

signals:
    void modifiedChanged(bool modified);
    void pathChanged(const QString& path);
    void recentFilesChanged();
    /// An autosave failed (the message names the file); nothing else changed.
    void autosaveFailed(const QString& message);

private:
    void setModified(bool modified);
    void addRecent(const QString& path);

    QSettings& m_store;
    SceneDocumentOptions m_options;
    QString m_path;
    ExplorerSettings m_clean;
    ExplorerSettings m_current;
    bool m_modified = false;
    bool m_autosavePending = false;
    QTimer* m_periodic = nullptr;
    QTimer* m_debounce = nullptr;
};

}  // namespace flowlab::ui
