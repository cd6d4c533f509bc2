// Persisted settings: a round trip keeps everything; garbage falls back to defaults.
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "density/presets.hpp"
#include "state/settings_store.hpp"

using namespace flowlab::ui;

class SettingsStoreTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void roundTrip_keepsEverything() {
        ExplorerSettings s;
        s.scene.base = flowlab::core::DensitySource::fromSpec("moons");
        s.scene.target = flowlab::core::DensitySource::fromSpec("checkerboard");
        s.scene.interpolant.family = flowlab::core::InterpolantFamily::Trig;
        s.scene.interpolant.gamma = flowlab::core::GammaKind::ABrownian;
        s.scene.interpolant.gammaA = 0.3;
        s.scene.interpolant.sigmaMin = 0.02;
        s.scene.interpolant.vpBetaMin = 0.3;  // every parameter of every family persists
        s.scene.interpolant.vpBetaMax = 14.0;
        s.scene.interpolant.veSigmaMin = 0.05;
        s.scene.interpolant.veSigmaMax = 6.0;
        s.scene.solver = flowlab::core::SolverKind::StochasticHeun;
        s.scene.epsilon = 2.5;
        s.scene.epsilonKind = flowlab::core::EpsilonKind::Taper;
        s.scene.particles = 1234;
        s.scene.seed = 77;
        s.scene.direction = Direction::Encode;
        s.view.layers.bridge = true;
        s.view.layers.heatmap = false;
        s.view.colorMode = ColorMode::Start;
        s.view.arrowField = ArrowField::Score;
        s.view.theme = QStringLiteral("light");
        s.view.camera.centerX = 1.5;
        s.view.camera.halfExtent = 3.0;
        s.playback.loopMode = LoopMode::Bounce;
        // The image part of the scene model persists too (issue 12).
        s.scene.data = "fashion-mnist";
        s.scene.size = 14;
        s.scene.exactImages = 321;
        s.scene.models = {"a.flowlab", "/b/c.flowlab"};
        s.scene.classLabel = 2;
        s.scene.guidance = 3.5;
        s.scene.rows = 4;
        s.scene.columns = 6;
        {
            QSettings store(m_dir.filePath(QStringLiteral("a.ini")), QSettings::IniFormat);
            saveExplorerSettings(store, s);
        }
        QSettings store(m_dir.filePath(QStringLiteral("a.ini")), QSettings::IniFormat);
        const ExplorerSettings r = loadExplorerSettings(store);
        QVERIFY(r.scene == s.scene);
        QVERIFY(r.view.layers == s.view.layers);
        QCOMPARE(int(r.view.colorMode), int(s.view.colorMode));
        QCOMPARE(int(r.view.arrowField), int(s.view.arrowField));
        QCOMPARE(r.view.theme, s.view.theme);
        QVERIFY(r.view.camera == s.view.camera);
        QCOMPARE(int(r.playback.loopMode), int(s.playback.loopMode));
        // An image scene comes back as one.
        s.scene.kind = flowlab::core::SceneKind::Images;
        s.scene.direction = Direction::Generate;
        {
            QSettings store(m_dir.filePath(QStringLiteral("b.ini")), QSettings::IniFormat);
            saveExplorerSettings(store, s);
        }
        QSettings images(m_dir.filePath(QStringLiteral("b.ini")), QSettings::IniFormat);
        QVERIFY(loadExplorerSettings(images).scene == s.scene);
    }

    void garbage_fallsBackToDefaults() {
        QSettings store(m_dir.filePath(QStringLiteral("b.ini")), QSettings::IniFormat);
        store.setValue(QStringLiteral("scene/steps"), QStringLiteral("many"));
        store.setValue(QStringLiteral("scene/epsilon"), -5);
        store.setValue(QStringLiteral("scene/particles"), 1e12);
        store.setValue(QStringLiteral("scene/family"), QStringLiteral("banana"));
        store.setValue(QStringLiteral("view/theme"), QStringLiteral("neon"));
        store.setValue(QStringLiteral("view/layers/heatmap"), QStringLiteral("perhaps"));
        store.setValue(QStringLiteral("view/camera/halfExtent"), 0);
        const ExplorerSettings r = loadExplorerSettings(store);
        const ExplorerSettings d;
        QCOMPARE(r.scene.steps, d.scene.steps);
        QCOMPARE(r.scene.epsilon, d.scene.epsilon);
        QCOMPARE(r.scene.particles, d.scene.particles);
        QCOMPARE(int(r.scene.interpolant.family), int(d.scene.interpolant.family));
        QCOMPARE(r.view.theme, QStringLiteral("dark"));
        QCOMPARE(r.view.layers.heatmap, d.view.layers.heatmap);
        QCOMPARE(r.view.camera.halfExtent, d.view.camera.halfExtent);
    }

    void impossibleScene_fallsBackToTheDefaultScene() {
        QSettings store(m_dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
        // Each value is fine alone, but VP does not take a γ.
        store.setValue(QStringLiteral("scene/family"), QStringLiteral("vp"));
        store.setValue(QStringLiteral("scene/gamma"), QStringLiteral("brownian"));
        store.setValue(QStringLiteral("view/theme"), QStringLiteral("light"));
        SettingsLoadReport report;
        const ExplorerSettings r = loadExplorerSettings(store, &report);
        QVERIFY(r.scene == ExplorerSettings{}.scene);
        QCOMPARE(r.view.theme, QStringLiteral("light"));
        // The user is told, with the reason.
        QVERIFY(!report.clean());
        QVERIFY(report.notice().contains(QStringLiteral("default scene")));
        QVERIFY(!report.sceneProblem.isEmpty());
    }

    void epsilon100WithEulerMaruyama_isRestoredAsStoredWithoutANotice() {
        // The crash loop: ε at the slider's maximum came back on every start. It is a valid
        // value (the sampler sub-steps it), so it is kept, and nothing is reported.
        QSettings store(m_dir.filePath(QStringLiteral("d.ini")), QSettings::IniFormat);
        store.setValue(QStringLiteral("scene/solver"), QStringLiteral("em"));
        store.setValue(QStringLiteral("scene/epsilon"), 100.0);
        SettingsLoadReport report;
        const ExplorerSettings r = loadExplorerSettings(store, &report);
        QCOMPARE(r.scene.epsilon, 100.0);
        QCOMPARE(int(r.scene.solver), int(flowlab::core::SolverKind::EulerMaruyama));
        QVERIFY2(report.clean(), qPrintable(report.notice()));
        QVERIFY(report.notice().isEmpty());
    }

    void garbageValues_areResetAndEveryKeyIsNamedInTheNotice() {
        const QString values[] = {QStringLiteral("nan"), QStringLiteral("inf"), QStringLiteral("1e400"),
                                  QStringLiteral("-5"), QStringLiteral("1e5"), QStringLiteral("abc"), QString()};
        int i = 0;
        for (const QString& eps : values) {
            QSettings store(m_dir.filePath(QStringLiteral("e%1.ini").arg(i++)), QSettings::IniFormat);
            store.setValue(QStringLiteral("scene/epsilon"), eps);
            store.setValue(QStringLiteral("scene/solver"), QStringLiteral("warp-drive"));
            store.setValue(QStringLiteral("view/layers/trails"), QStringLiteral("perhaps"));
            store.setValue(QStringLiteral("view/theme"), QStringLiteral("neon"));
            store.setValue(QStringLiteral("view/particleSize"), QStringLiteral("1e308"));
            SettingsLoadReport report;
            const ExplorerSettings r = loadExplorerSettings(store, &report);
            const ExplorerSettings d;
            QCOMPARE(r.scene.epsilon, d.scene.epsilon);
            QCOMPARE(int(r.scene.solver), int(d.scene.solver));
            QCOMPARE(r.view.layers.trails, d.view.layers.trails);
            QCOMPARE(r.view.particleSize, d.view.particleSize);
            for (const char* key : {"scene/epsilon", "scene/solver", "view/layers/trails", "view/theme", "view/particleSize"}) {
                QVERIFY2(report.rejected.contains(QLatin1String(key)), key);
                QVERIFY2(report.notice().contains(QLatin1String(key)), qPrintable(report.notice()));
            }
            QCOMPARE(report.rejected.size(), 5);
        }
    }

    // One density model: an embedded raster (a drawing from a scene file) and an embedded mixture
    // persist as they are, entry by entry, with their names; a damaged one falls back with a notice.
    void embeddedDensities_persistExactly_andADamagedOneFallsBack() {
        flowlab::core::Raster raster = flowlab::core::Raster::zeros(5, 4, -3, 3, -2, 2);
        for (std::size_t i = 0; i < raster.values.size(); ++i) raster.values[i] = 0.1 * double(i % 7) + 1.0 / 3.0;
        ExplorerSettings s;
        s.scene.base = flowlab::core::DensitySource::fromMixture(flowlab::core::makePreset("moons").value());
        s.scene.base.name = "moons (base)";
        s.scene.base.maxComponents = 12;
        s.scene.target = flowlab::core::DensitySource::fromRaster(raster);
        s.scene.target.name = "Drawing 3";
        s.scene.target.conversion.maxComponents = 9;
        {
            QSettings store(m_dir.filePath(QStringLiteral("embedded.ini")), QSettings::IniFormat);
            saveExplorerSettings(store, s);
        }
        {
            QSettings store(m_dir.filePath(QStringLiteral("embedded.ini")), QSettings::IniFormat);
            SettingsLoadReport report;
            const ExplorerSettings r = loadExplorerSettings(store, &report);
            QVERIFY2(report.clean(), qPrintable(report.notice()));
            QVERIFY(r.scene.base == s.scene.base);
            QVERIFY(r.scene.target == s.scene.target);
            QCOMPARE(int(r.scene.target.kind), int(flowlab::core::DensitySource::Kind::Raster));
            QVERIFY(r.scene.target.raster.values == raster.values);  // every value to the last bit
        }
        QSettings store(m_dir.filePath(QStringLiteral("embedded.ini")), QSettings::IniFormat);
        store.setValue(QStringLiteral("scene/target"), QStringLiteral("embedded:{\"raster\": {\"width\": 2"));
        SettingsLoadReport report;
        const ExplorerSettings r = loadExplorerSettings(store, &report);
        QVERIFY(r.scene.target == ExplorerSettings{}.scene.target);
        QVERIFY(report.rejected.contains(QStringLiteral("scene/target")));
    }

    void missingValues_fallBackSilently() {
        QSettings store(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        SettingsLoadReport report;
        const ExplorerSettings r = loadExplorerSettings(store, &report);
        QVERIFY(r.scene == ExplorerSettings{}.scene);
        QVERIFY(report.clean());
    }

    void roundTrip_reportsNothing() {
        {
            QSettings store(m_dir.filePath(QStringLiteral("f.ini")), QSettings::IniFormat);
            saveExplorerSettings(store, ExplorerSettings{});
        }
        QSettings store(m_dir.filePath(QStringLiteral("f.ini")), QSettings::IniFormat);
        SettingsLoadReport report;
        loadExplorerSettings(store, &report);
        QVERIFY2(report.clean(), qPrintable(report.notice()));
    }
};

QTEST_MAIN(SettingsStoreTest)
#include "settings_store_test.moc"
