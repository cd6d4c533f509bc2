// Issue 16: a scene that parses but whose densities cannot be built (tests/corpus/hostile/scenes:
// an unknown preset, a missing image or mixture, a non-PSD mixture, a dimension mismatch, an
// empty raster, a scene: chain, bad image options). `flowlab --scene … --screenshot` fails with
// the reason instead of screenshotting the default scene; File → Open scene reports it and
// keeps the previous scene.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "state/scene_export.hpp"

using namespace flowlab::ui;

namespace {

/// file name → a word the refusal must contain (tests/corpus/hostile/scenes/expected.txt).
QList<QPair<QString, QString>> corpusScenes() {
    QList<QPair<QString, QString>> list;
    QFile f(QStringLiteral(FLOWLAB_SOURCE_DIR "/tests/corpus/hostile/scenes/expected.txt"));
    if (!f.open(QIODevice::ReadOnly)) return list;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.split('\t');
        if (parts.size() == 2) list.append({QString::fromUtf8(parts[0]), QString::fromUtf8(parts[1])});
    }
    return list;
}

QString scenePath(const QString& name) {
    return QStringLiteral(FLOWLAB_SOURCE_DIR "/tests/corpus/hostile/scenes/") + name;
}

}  // namespace

class HostileSceneTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_errors;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY(corpusScenes().size() >= 8);
    }

    void screenshotOfAnUnbuildableScene_exitsWithTheReason() {
        for (const auto& [name, reason] : corpusScenes()) {
            const QString shot = m_dir.filePath(name + QStringLiteral(".png"));
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(FLOWLAB_GUI_PATH),
                    {QStringLiteral("--scene"), scenePath(name), QStringLiteral("--screenshot"), shot,
                     QStringLiteral("--settings"), m_dir.filePath(QStringLiteral("gui.ini"))});
            QVERIFY(p.waitForFinished(60000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 2,
                     qPrintable(name + QStringLiteral(": exit ") + QString::number(p.exitCode()) + QStringLiteral(" ") + err));
            QVERIFY2(err.contains(reason), qPrintable(name + QStringLiteral(": ") + err));
            QVERIFY2(!QFile::exists(shot), qPrintable(name + QStringLiteral(": a screenshot was written")));
        }
    }

    void openingAnUnbuildableScene_reportsWhyAndKeepsThePreviousOne() {
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(QStringLiteral("window.ini"));
        o.restoreSettings = false;
        o.persistSettings = false;
        o.autoplay = false;
        o.askUnsaved = [](const QString&) { return QMessageBox::Discard; };
        o.showError = [this](const QString&, const QString& message) { m_errors.push_back(message); };
        MainWindow w(o);
        ExplorerSettings s = w.controller().settings();
        s.scene.base = flowlab::core::DensitySource::fromSpec("moons");
        s.scene.target = flowlab::core::DensitySource::fromSpec("checkerboard");
        QVERIFY(w.applySettings(s));
        const ExplorerSettings before = w.controller().settings();
        for (const auto& [name, reason] : corpusScenes()) {
            m_errors.clear();
            QVERIFY2(!w.openScene(scenePath(name)), qPrintable(name));
            QCOMPARE(m_errors.size(), 1);
            QVERIFY2(m_errors.first().contains(reason), qPrintable(name + QStringLiteral(": ") + m_errors.first()));
            QVERIFY2(sameScene(w.controller().settings(), before), qPrintable(name));
        }
    }
};

QTEST_MAIN(HostileSceneTest)
#include "hostile_scene_test.moc"
