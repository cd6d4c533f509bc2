// Scenes in the explorer window: save → open round trip, malformed files, the modified marker,
// the unsaved-changes prompt, recent files and the autosave.
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "scene/scene.hpp"
#include "state/scene_description.hpp"
#include "state/scene_export.hpp"
#include "state/scene_import.hpp"

using namespace flowlab::ui;

class SceneDocumentTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_errors;
    QList<QString> m_questions;
    QMessageBox::StandardButton m_answer = QMessageBox::Discard;

    MainWindowOptions options(const QString& name) {
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(name + QStringLiteral(".ini"));
        o.restoreSettings = false;
        o.autoplay = false;
        o.askUnsaved = [this](const QString& q) {
            m_questions.push_back(q);
            return m_answer;
        };
        o.showError = [this](const QString&, const QString& message) { m_errors.push_back(message); };
        return o;
    }

    /// Settings that differ from the defaults in every part a scene holds.
    static ExplorerSettings edited(ExplorerSettings s) {
        s.scene.base = flowlab::core::DensitySource::fromSpec("moons");
        s.scene.target = flowlab::core::DensitySource::fromSpec("checkerboard");
        s.scene.interpolant.family = flowlab::core::InterpolantFamily::Trig;
        s.scene.steps = 37;
        s.scene.particles = 2500;
        s.scene.seed = 42;
        s.scene.solver = flowlab::core::SolverKind::Rk4;
        s.view.layers.bridge = true;
        s.view.layers.grid = false;
        s.view.theme = QStringLiteral("light");
        s.view.arrowField = ArrowField::Score;
        s.view.colorMode = ColorMode::Start;
        s.view.camera.centerX = 1.25;
        s.view.camera.centerY = -0.5;
        s.view.camera.halfExtent = 3.5;
        return s;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void init() {
        m_errors.clear();
        m_questions.clear();
        m_answer = QMessageBox::Discard;
    }

    void saveThenOpen_throughTheWindow_givesIdenticalSettings() {
        const QString path = m_dir.filePath(QStringLiteral("roundtrip.json"));
        ExplorerSettings saved;
        {
            MainWindow w(options(QStringLiteral("rt-a")));
            QVERIFY(w.applySettings(edited(w.controller().settings())));
            saved = w.controller().settings();
            QVERIFY(w.saveScene(path));
            QVERIFY(m_errors.isEmpty());
        }
        MainWindow other(options(QStringLiteral("rt-b")));
        QVERIFY(!sameScene(other.controller().settings(), saved));
        QVERIFY(other.openScene(path));
        const ExplorerSettings& opened = other.controller().settings();
        QVERIFY(sameScene(opened, saved));
        QCOMPARE(opened.scene.base.spec, std::string("moons"));
        QCOMPARE(opened.scene.steps, 37);
        QCOMPARE(opened.scene.seed, std::uint64_t(42));
        QCOMPARE(opened.view.camera, saved.view.camera);
        QCOMPARE(opened.view.theme, QStringLiteral("light"));
        QVERIFY(!other.document().isModified());
        QCOMPARE(other.document().path(), QFileInfo(path).absoluteFilePath());
        QVERIFY(other.windowTitle().startsWith(QStringLiteral("roundtrip.json")));
    }

    void saveThenOpen_embeddedDensity_resolvesToTheSameMixture() {
        // A density read from a shipped scene (scene:FILE#target) is copied into the saved file.
        const QString shipped = QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes/noise-to-8gaussians.json");
        ExplorerSettings s;
        s.scene.target = flowlab::core::DensitySource::fromSpec(QStringLiteral("scene:%1#target").arg(shipped).toStdString());
        auto scene = sceneFromSettings(s);
        QVERIFY2(scene.ok(), scene.ok() ? "" : scene.message().c_str());
        const QString path = m_dir.filePath(QStringLiteral("embedded.json"));
        QVERIFY(flowlab::core::saveSceneFile(*scene, path.toStdString()).ok());
        auto reread = loadSceneSettings(path.toStdString());
        QVERIFY(reread.ok());
        auto again = sceneFromSettings(*reread);
        QVERIFY(again.ok());
        auto a = flowlab::core::resolveScene(*scene);
        auto b = flowlab::core::resolveScene(*again);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->target.size(), b->target.size());
        QVERIFY(a->target.size() > 0);
        // Same law: equal means and covariances (to rounding of the JSON round trip).
        constexpr double kTolerance = 1e-12;
        QVERIFY((a->target.mean() - b->target.mean()).norm() < kTolerance);
        QVERIFY((a->target.covariance() - b->target.covariance()).norm() < kTolerance);
    }

    // One density model from file to window and back: an embedded raster stays the raster it was
    // (not a reference to the file), so the window keeps it after the file is gone, names it in
    // the caption, and saves it back entry for entry.
    void embeddedRaster_staysEmbedded_outlivesItsFile_andSavesBackUnchanged() {
        flowlab::core::Raster raster = flowlab::core::Raster::zeros(16, 12, -4, 4, -3, 3);
        for (int r = 3; r < 9; ++r)
            for (int c = 2; c < 14; ++c) raster.at(c, r) = 0.25 + 0.05 * double((r * 16 + c) % 5);
        flowlab::core::Scene scene;
        scene.target = flowlab::core::DensitySource::fromRaster(raster);
        scene.target.conversion.maxComponents = 24;
        const QString path = m_dir.filePath(QStringLiteral("drawn.json"));
        QVERIFY(flowlab::core::saveSceneFile(scene, path.toStdString()).ok());

        MainWindow w(options(QStringLiteral("embedded-raster")));
        QVERIFY(w.openScene(path));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().target() != nullptr, 20000);
        const flowlab::core::DensitySource held = w.controller().settings().scene.target;
        QCOMPARE(int(held.kind), int(flowlab::core::DensitySource::Kind::Raster));
        QVERIFY(held.raster.values == raster.values);
        QCOMPARE(held.conversion.maxComponents, 24);
        QCOMPARE(QString::fromStdString(held.name), QStringLiteral("drawn (target)"));
        QCOMPARE(describeScene(w.controller().settings().scene, ArrowField::Velocity).targetName,
                 QStringLiteral("drawn (target)"));
        QVERIFY(w.controller().target());
        QCOMPARE(int(w.controller().target()->size()), 24);

        QVERIFY(QFile::remove(path));
        const QString copy = m_dir.filePath(QStringLiteral("drawn-again.json"));
        QVERIFY(w.saveScene(copy));
        auto reread = flowlab::core::loadSceneFile(copy.toStdString());
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.message().c_str());
        QVERIFY(reread->target == held);
        QVERIFY(reread->base == scene.base);
    }

    void malformedFile_isReported_andLeavesTheSettingsUnchanged() {
        MainWindow w(options(QStringLiteral("bad")));
        QVERIFY(w.applySettings(edited(w.controller().settings())));
        const ExplorerSettings before = w.controller().settings();
        const QString path = m_dir.filePath(QStringLiteral("truncated.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"flowlab-scene\", \"version\": 1, \"base\": ");
        f.close();
        m_answer = QMessageBox::Discard;
        QVERIFY(!w.openScene(path));
        QCOMPARE(m_errors.size(), 1);
        QVERIFY(m_errors.first().contains(QStringLiteral("truncated.json")));
        QVERIFY(sameScene(w.controller().settings(), before));
        QVERIFY(w.document().path().isEmpty());
        // A missing file likewise.
        QVERIFY(!w.openScene(m_dir.filePath(QStringLiteral("missing.json"))));
        QCOMPARE(m_errors.size(), 2);
        QVERIFY(sameScene(w.controller().settings(), before));
    }

    void modifiedFlag_setOnChange_clearedOnSave() {
        MainWindow w(options(QStringLiteral("modified")));
        QVERIFY(!w.document().isModified());
        QVERIFY(!w.isWindowModified());
        ExplorerSettings s = w.controller().settings();
        s.scene.particles = 1234;
        QVERIFY(w.applySettings(s));
        QVERIFY(w.document().isModified());
        QVERIFY(w.isWindowModified());
        QVERIFY(w.saveScene(m_dir.filePath(QStringLiteral("modified.json"))));
        QVERIFY(!w.document().isModified());
        QVERIFY(!w.isWindowModified());
        // Back to the saved values: not modified.
        s.scene.particles = 999;
        QVERIFY(w.applySettings(s));
        QVERIFY(w.document().isModified());
        s.scene.particles = 1234;
        QVERIFY(w.applySettings(s));
        QVERIFY(!w.document().isModified());
        QVERIFY(w.document().recentFiles().contains(QFileInfo(m_dir.filePath(QStringLiteral("modified.json"))).absoluteFilePath()));
    }

    void close_withUnsavedChanges_asks_andCancelKeepsTheWindow() {
        MainWindow w(options(QStringLiteral("close")));
        w.show();
        ExplorerSettings s = w.controller().settings();
        s.scene.steps = 55;
        QVERIFY(w.applySettings(s));
        m_answer = QMessageBox::Cancel;
        QVERIFY(!w.close());
        QCOMPARE(m_questions.size(), 1);
        QVERIFY(w.isVisible());
        QVERIFY(w.document().isModified());
        // Opening another scene asks too; Cancel keeps the current one.
        QVERIFY(!w.openScene(QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes/noise-to-8gaussians.json")));
        QCOMPARE(m_questions.size(), 2);
        QCOMPARE(w.controller().settings().scene.steps, 55);
        m_answer = QMessageBox::Discard;
        QVERIFY(w.close());
    }

    void autosave_writesALoadableScene_andAnUncleanSessionIsDetected() {
        QTemporaryDir folder;
        QSettings store(m_dir.filePath(QStringLiteral("autosave.ini")), QSettings::IniFormat);
        SceneDocumentOptions o;
        o.autosaveFolder = folder.path();
        ExplorerSettings s = edited(ExplorerSettings{});
        {
            SceneDocument doc(store, o);
            QVERIFY(!doc.beginSession());
            doc.setClean({}, ExplorerSettings{});
            doc.noteSettings(s);
            QVERIFY(doc.isModified());
            QVERIFY(doc.autosaveNow().ok());
            // No endSession: as if FlowLab crashed.
        }
        SceneDocument next(store, o);
        QVERIFY(next.beginSession());
        auto restored = next.read(next.autosavePath(), ExplorerSettings{});
        QVERIFY(restored.ok());
        QVERIFY(sameScene(*restored, s));
        next.endSession();
        QVERIFY(!QFile::exists(next.autosavePath()));
        SceneDocument clean(store, o);
        QVERIFY(!clean.beginSession());
    }
};

QTEST_MAIN(SceneDocumentTest)
#include "scene_document_test.moc"
