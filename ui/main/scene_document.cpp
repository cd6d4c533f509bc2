#include "main/scene_document.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include "scene/scene.hpp"
#include "state/scene_export.hpp"
#include "state/scene_import.hpp"

namespace flowlab::ui {
namespace {

const char* kRecentKey = "scenes/recent";
const char* kRunningKey = "session/running";

}  // namespace

SceneDocument::SceneDocument(QSettings& store, const SceneDocumentOptions& options, QObject* parent)
    : QObject(parent), m_store(store), m_options(options) {
    m_periodic = new QTimer(this);
    m_periodic->setInterval(m_options.autosaveIntervalMs);
    connect(m_periodic, &QTimer::timeout, this, [this] {
        if (m_autosavePending) autosaveNow();
    });
    m_periodic->start();
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(m_options.autosaveDelayMs);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (m_autosavePending) autosaveNow();
    });
}

QString SceneDocument::displayName() const {
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

core::Result<ExplorerSettings> SceneDocument::read(const QString& path, const ExplorerSettings& current) const {
    return loadSceneSettings(path.toStdString(), current);
}

core::Status SceneDocument::save(const QString& path, const ExplorerSettings& settings) {
    auto scene = sceneFromSettings(settings, QFileInfo(path).completeBaseName().toStdString());
    if (!scene) return core::Error{path.toStdString() + ": " + scene.message()};
    if (auto st = core::saveSceneFile(*scene, path.toStdString()); !st) return st;
    setClean(path, settings);
    return {};
}

void SceneDocument::setClean(const QString& path, const ExplorerSettings& settings) {
    m_clean = settings;
    m_current = settings;
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (absolute != m_path) {
        m_path = absolute;
        emit pathChanged(m_path);
    }
    if (!m_path.isEmpty()) addRecent(m_path);
    setModified(false);
}

void SceneDocument::noteSettings(const ExplorerSettings& settings) {
    if (sameScene(settings, m_current)) return;
    m_current = settings;
    setModified(!sameScene(settings, m_clean));
    if (!m_options.autosave) return;
    m_autosavePending = true;
    m_debounce->start();
}

void SceneDocument::setModified(bool modified) {
    if (modified == m_modified) return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

QStringList SceneDocument::recentFiles() const {
    QStringList out;
    for (const QString& f : m_store.value(QLatin1String(kRecentKey)).toStringList())
        if (QFileInfo::exists(f)) out.push_back(f);
    return out;
}

void SceneDocument::clearRecentFiles() {
    m_store.remove(QLatin1String(kRecentKey));
    emit recentFilesChanged();
}

void SceneDocument::addRecent(const QString& path) {
    QStringList list = m_store.value(QLatin1String(kRecentKey)).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > SceneDocumentOptions::kMaxRecent) list.removeLast();
    m_store.setValue(QLatin1String(kRecentKey), list);
    emit recentFilesChanged();
}

QString SceneDocument::autosavePath() const {
    const QString folder = m_options.autosaveFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                               : m_options.autosaveFolder;
    return QDir(folder).filePath(QStringLiteral("autosave.flowlab.json"));
}

core::Status SceneDocument::autosaveNow() {
    m_autosavePending = false;
    const QString path = autosavePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto scene = sceneFromSettings(m_current, "autosave");
    core::Status st = scene ? core::saveSceneFile(*scene, path.toStdString())
                            : core::Status(core::Error{path.toStdString() + ": " + scene.message()});
    if (!st) emit autosaveFailed(QString::fromStdString(st.message()));
    return st;
}

bool SceneDocument::beginSession() {
    if (!m_options.autosave) return false;
    const bool unclean = m_store.value(QLatin1String(kRunningKey), false).toBool() && QFileInfo::exists(autosavePath());
    m_store.setValue(QLatin1String(kRunningKey), true);
    m_store.sync();
    return unclean;
}

void SceneDocument::endSession() {
    if (!m_options.autosave) return;
    m_debounce->stop();
    m_autosavePending = false;
    QFile::remove(autosavePath());
    m_store.setValue(QLatin1String(kRunningKey), false);
    m_store.sync();
}

}  // namespace flowlab::ui
