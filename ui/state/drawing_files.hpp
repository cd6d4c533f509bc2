#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "state/image_import.hpp"

namespace flowlab::ui {

/// The converted drawings of one density editor in a folder (normally <AppData>/drawings):
/// names for new files, and the clean-up of those nothing uses any more. A file is named
/// drawing-<role>-<session>-<serial>.json, so an editor can tell its own files from those of
/// earlier sessions (or of other editors); drawing-<serial>.json of earlier versions count as
/// another session's.
class DrawingFiles {
public:
    /// Files of other sessions younger than this are kept: another FlowLab may still show them.
    static constexpr qint64 kForeignGraceSeconds = 24 * 3600;

    /// `folder` must exist; `session` distinguishes this editor's files (a fresh id when empty).
    explicit DrawingFiles(QString folder, QString session = {});

    const QString& folder() const { return m_folder; }
    const QString& session() const { return m_session; }

    /// The path of the next converted drawing of `role` (a new serial each call).
    QString nextPath(DensityRole role);

    /// Deletes every drawing file not named in `referenced` (file paths or SPECs such as
    /// scene:FILE#target) that is this session's, or another session's and older than the grace
    /// period (`now` is the clock, for tests). Other files in the folder are never touched.
    /// Returns the deleted paths.
    QStringList prune(const QStringList& referenced, const QDateTime& now = QDateTime::currentDateTimeUtc()) const;

    /// True for a file name this class creates (any session).
    static bool isDrawingFile(const QString& fileName);
    /// The name a person reads for such a file: "Drawing 2" for drawing-target-<session>-2.json;
    /// empty for any other file name.
    static QString displayName(const QString& fileName);

private:
    QString m_folder;
    QString m_session;
    int m_serial = 0;
};

}  // namespace flowlab::ui
