// The explorer window, offscreen: default scene, playback, layers, re-simulation, pin, settings.
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <QStatusBar>

#include <cmath>
#include <set>

#include "main/batch_runner.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/layers_panel.hpp"
#include "timeline/animation_clock.hpp"
#include "plane/plane_view.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;

using flowlab::ui::test::differingPixels;

namespace {

constexpr int kReadyTimeoutMs = 60000;

}  // namespace

class ExplorerWindowTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name, bool autoplay = false) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.autoplay = autoplay;
        return o;
    }

    static bool waitReady(MainWindow& w) {
        return QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kReadyTimeoutMs);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void opens_onTheDefaultScene() {
        MainWindow w(options(QStringLiteral("default")));
        w.resize(1200, 800);
        w.show();
        QVERIFY(waitReady(w));
        const ExplorerSettings& s = w.controller().settings();
        QCOMPARE(s.scene.base.spec, std::string("gaussian"));
        QCOMPARE(s.scene.target.spec, std::string("8gaussians"));
        QCOMPARE(int(s.scene.interpolant.family), int(flowlab::core::InterpolantFamily::Linear));
        QCOMPARE(int(s.scene.fieldMode), int(FieldMode::Exact));
        // Field frames arrive progressively from the playhead outwards; all of them soon.
        QTRY_COMPARE_WITH_TIMEOUT(w.controller().status().fieldFrames, FrameAssembler::kFieldIntervals + 1, kReadyTimeoutMs);
        const FrameData f = w.controller().frameAt(0.5);
        QVERIFY(f.tracks);
        QCOMPARE(f.tracks->particleCount(), s.scene.particles);
        QVERIFY(f.heatmap);
        QVERIFY(f.arrows);
        QVERIFY(w.controller().status().nfe > 0);
        // Generation ends near the target: a small energy distance (measured ≈ 0.005 with 1 500 points each).
        QVERIFY(w.controller().status().energyDistance >= 0.0);
        QVERIFY(w.controller().status().energyDistance < 0.05);
    }

    void autoplay_startsAndPlayAdvancesT() {
        MainWindow w(options(QStringLiteral("play"), true));
        w.show();
        QVERIFY(waitReady(w));
        QTRY_VERIFY_WITH_TIMEOUT(w.clock().isPlaying(), 5000);
        const double t0 = w.clock().t();
        const quint64 frames0 = w.view().framesPainted();
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(w.clock().t() - t0) > 0.02, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(w.view().framesPainted() > frames0 + 3, 5000);
        // Space pauses (the shortcut of the play action).
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.clock().isPlaying());
        const double paused = w.clock().t();
        QTest::qWait(200);
        QCOMPARE(w.clock().t(), paused);
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(w.clock().t() != paused);
    }

    void togglingALayer_changesTheRenderedImage() {
        MainWindow w(options(QStringLiteral("layers")));
        w.show();
        QVERIFY(waitReady(w));
        const QImage before = w.renderPlane(QSize(480, 320), 0.5);
        ExplorerSettings s = w.controller().settings();
        s.view.layers.particles = false;
        QVERIFY(w.applySettings(s));
        const QImage after = w.renderPlane(QSize(480, 320), 0.5);
        QVERIFY(differingPixels(before, after) > 500);
        // The panel shows the change.
        QVERIFY(!w.controller().settings().view.layers.particles);
    }

    void changingTheInterpolant_triggersANewSimulation() {
        MainWindow w(options(QStringLiteral("interp")));
        w.show();
        QVERIFY(waitReady(w));
        QSignalSpy finished(&w.controller(), &ExplorerController::simulationFinished);
        const auto tracksBefore = w.controller().frameAt(0.5).tracks;
        ExplorerSettings s = w.controller().settings();
        s.scene.interpolant.family = flowlab::core::InterpolantFamily::Trig;
        QVERIFY(w.applySettings(s));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kReadyTimeoutMs);
        const auto result = finished.last().at(0).value<SimulationResult>();
        QVERIFY(result.ok);
        const auto tracksAfter = w.controller().frameAt(0.5).tracks;
        QVERIFY(tracksAfter && tracksAfter != tracksBefore);
        QVERIFY(w.controller().frameAt(0.5).text.familyName.startsWith(QStringLiteral("trig")));
    }

    void invalidCombination_isRefusedAndKeepsTheScene() {
        MainWindow w(options(QStringLiteral("invalid")));
        w.show();
        QVERIFY(waitReady(w));
        ExplorerSettings s = w.controller().settings();
        s.scene.base = flowlab::core::DensitySource::fromSpec("8gaussians");
        s.scene.interpolant.family = flowlab::core::InterpolantFamily::Vp;  // needs the base N(0, I)
        QVERIFY(!w.applySettings(s));
        QVERIFY(!w.controller().status().error.isEmpty());
        QCOMPARE(w.controller().settings().scene.base.spec, std::string("gaussian"));
        s.scene.interpolant.family = flowlab::core::InterpolantFamily::Linear;
        s.scene.target = flowlab::core::DensitySource::fromSpec("mixture:/no/such/file.json");
        QVERIFY(!w.applySettings(s));
        QCOMPARE(w.controller().settings().scene.target.spec, std::string("8gaussians"));
    }

    void clickingThePlane_pinsAFanOfPaths() {
        MainWindow w(options(QStringLiteral("pin")));
        w.resize(1000, 700);
        w.show();
        QVERIFY(waitReady(w));
        QVERIFY(!w.controller().frameAt(0.5).fan);
        QTest::mouseClick(&w.view(), Qt::LeftButton, {}, w.view().rect().center() + QPoint(30, -20));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().frameAt(0.5).fan != nullptr, kReadyTimeoutMs);
        const auto fan = w.controller().frameAt(0.5).fan;
        QVERIFY(!fan->sde.empty());
        QCOMPARE(fan->ode.size(), fan->times.size());
        QTest::mouseClick(&w.view(), Qt::RightButton);
        QVERIFY(!w.controller().frameAt(0.5).fan);
    }

    void restoredEulerMaruyamaAtEpsilon100_simulatesOnTheTargetAndDrawsTwice() {
        // The crash loop of the report: the default scene with Euler–Maruyama at ε = 100 (the
        // slider's maximum) stored in the settings; every start restored it and crashed in the
        // trail drawing. Now the sampler sub-steps, so the particles stay finite and reach the
        // target, and two starts in a row draw every frame.
        MainWindowOptions o = options(QStringLiteral("eps100"));
        {
            QSettings store(o.settingsPath, QSettings::IniFormat);
            store.setValue(QStringLiteral("scene/solver"), QStringLiteral("em"));
            store.setValue(QStringLiteral("scene/epsilon"), 100.0);
            store.setValue(QStringLiteral("view/layers/trails"), true);
            store.setValue(QStringLiteral("view/layers/trajectories"), true);
        }
        o.restoreSettings = true;
        for (int start = 0; start < 2; ++start) {
            MainWindow w(o);
            w.resize(900, 600);
            w.show();
            QVERIFY(waitReady(w));
            QCOMPARE(w.controller().settings().scene.epsilon, 100.0);
            QCOMPARE(int(w.controller().settings().scene.solver), int(flowlab::core::SolverKind::EulerMaruyama));
            QVERIFY2(w.controller().status().error.isEmpty(), qPrintable(w.controller().status().error));
            const FrameData f = w.controller().frameAt(1.0);
            QVERIFY(f.tracks);
            std::vector<float> xy;
            for (const double t : {0.0, 0.5, 0.9, 1.0}) {
                f.tracks->positionsAt(t, xy);
                QVERIFY(!xy.empty());
                for (const float v : xy) QVERIFY2(std::isfinite(v) && std::abs(v) < 9.0f, qPrintable(QString::number(v)));
            }
            // Correct particles, not merely finite ones: as close to the target as the default run.
            QTRY_VERIFY_WITH_TIMEOUT(w.controller().status().energyDistance >= 0.0, kReadyTimeoutMs);
            QVERIFY(w.controller().status().energyDistance < 0.05);
            for (const double t : {0.1, 0.5, 0.95, 1.0}) QVERIFY(!w.renderPlane(QSize(480, 320), t).isNull());
            w.close();  // saves ε = 100 again for the second start
        }
    }

    void invalidStoredSettings_areResetWithANoticeInTheStatusBar() {
        MainWindowOptions o = options(QStringLiteral("garbage"));
        {
            QSettings store(o.settingsPath, QSettings::IniFormat);
            store.setValue(QStringLiteral("scene/epsilon"), QStringLiteral("nan"));
            store.setValue(QStringLiteral("scene/steps"), QStringLiteral("many"));
        }
        o.restoreSettings = true;
        MainWindow w(o);
        w.show();
        const QString notice = w.statusBar()->currentMessage();
        QVERIFY2(notice.contains(QStringLiteral("scene/epsilon")) && notice.contains(QStringLiteral("scene/steps")),
                 qPrintable(notice));
        QCOMPARE(w.controller().settings().scene.epsilon, ExplorerSettings{}.scene.epsilon);
        QVERIFY(waitReady(w));
    }

    void settings_persistAcrossWindows() {
        MainWindowOptions o = options(QStringLiteral("persist"));
        {
            MainWindow w(o);
            ExplorerSettings s = w.controller().settings();
            s.view.theme = QStringLiteral("light");
            s.scene.particles = 3000;
            s.view.layers.bridge = true;
            QVERIFY(w.applySettings(s));
            w.close();  // saves
        }
        o.restoreSettings = true;
        MainWindow again(o);
        QCOMPARE(again.controller().settings().view.theme, QStringLiteral("light"));
        QCOMPARE(again.controller().settings().scene.particles, 3000);
        QVERIFY(again.controller().settings().view.layers.bridge);
    }

    void screenshotMode_writesANonBlankPng() {
        MainWindowOptions o = options(QStringLiteral("shot"));
        o.persistSettings = false;
        MainWindow w(o);
        w.show();
        GuiOptions g;
        g.screenshotPath = m_dir.filePath(QStringLiteral("shot.png"));
        g.size = QSize(900, 600);
        g.t = 0.75;
        BatchRunner runner(w, g);
        QSignalSpy done(&runner, &BatchRunner::finished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, kReadyTimeoutMs);
        QCOMPARE(done.first().at(0).toInt(), 0);
        const QImage img(g.screenshotPath);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), g.size);
        std::set<QRgb> colors;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3) colors.insert(img.pixel(x, y));
        QVERIFY(colors.size() > 200);
        QCOMPARE(w.clock().t(), 0.75);
    }
};

QTEST_MAIN(ExplorerWindowTest)
#include "explorer_window_test.moc"
