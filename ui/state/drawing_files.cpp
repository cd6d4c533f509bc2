#include "state/drawing_files.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace flowlab::ui {
namespace {

const QRegularExpression& namePattern() {
    // drawing-N.json is how earlier versions named them (no role, no session).
    static const QRegularExpression re(QStringLiteral("^drawing-(?:(base|target)-([0-9a-z]+)-)?([0-9]+)\\.json$"));
    return re;
}

/// The file a reference names: a SPEC scene:FILE#part gives FILE, a path itself.
QString referencedFile(const QString& ref) {
    QString path = ref;
    if (path.startsWith(QLatin1String("scene:"))) {
        path = path.mid(6);
        const qsizetype hash = path.lastIndexOf(QLatin1Char('#'));
        if (hash >= 0) path.truncate(hash);
    }
    return path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
}

}  // namespace

DrawingFiles::DrawingFiles(QString folder, QString session) : m_folder(std::move(folder)), m_session(std::move(session)) {
    if (m_session.isEmpty()) {
        // Time and a random part: two editors started in the same millisecond still differ.
        m_session = QString::number(QDateTime::currentMSecsSinceEpoch(), 36) +
                    QString::number(QRandomGenerator::global()->bounded(36 * 36 * 36), 36);
    }
}

QString DrawingFiles::nextPath(DensityRole role) {
    return QDir(m_folder).filePath(QStringLiteral("drawing-%1-%2-%3.json")
                                       .arg(role == DensityRole::Base ? QStringLiteral("base") : QStringLiteral("target"),
                                            m_session)
                                       .arg(++m_serial));
}

bool DrawingFiles::isDrawingFile(const QString& fileName) { return namePattern().match(fileName).hasMatch(); }

QString DrawingFiles::displayName(const QString& fileName) {
    const auto match = namePattern().match(fileName);
    return match.hasMatch() ? QCoreApplication::translate("DrawingFiles", "Drawing %1").arg(match.captured(3)) : QString();
}

QStringList DrawingFiles::prune(const QStringList& referenced, const QDateTime& now) const {
    QStringList keep;
    for (const QString& r : referenced)
        if (const QString f = referencedFile(r); !f.isEmpty()) keep << f;
    QStringList deleted;
    const QFileInfoList files = QDir(m_folder).entryInfoList({QStringLiteral("drawing-*.json")}, QDir::Files);
    for (const QFileInfo& info : files) {
        const auto match = namePattern().match(info.fileName());
        if (!match.hasMatch() || keep.contains(info.absoluteFilePath())) continue;
        const bool mine = !match.captured(2).isEmpty() && match.captured(2) == m_session;
        const bool stale = info.lastModified().secsTo(now) > kForeignGraceSeconds;
        if ((mine || stale) && QFile::remove(info.absoluteFilePath())) deleted << info.absoluteFilePath();
    }
    return deleted;
}

}  // namespace flowlab::ui
