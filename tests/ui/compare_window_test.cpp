// The comparison layouts inside the explorer window, offscreen: panels, one clock, linked
// pan/zoom, per-panel methods through the docks, shared densities, the marginal-agreement readout.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/method_panel.hpp"
#include "timeline/animation_clock.hpp"
#include "plane/plane_view.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
using flowlab::core::InterpolantFamily;

namespace {

constexpr int kReadyTimeoutMs = 120000;
constexpr int kParticles = 3000;  // per panel: enough for the readout's 1 000-point clouds and its noise floor

}  // namespace

class CompareWindowTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.persistSettings = false;
        o.workerThreads = 0;
        ExplorerSettings s;
        s.scene.particles = kParticles;
        o.initialSettings = s;
        return o;
    }

    static bool waitAllReady(MainWindow& w) {
        return QTest::qWaitFor([&] { return w.compareArea().isReady(w.clock().t()); }, kReadyTimeoutMs);
    }

    static void trigger(MainWindow& w, const QString& action) {
        auto* a = w.findChild<QAction*>(action);
        QVERIFY2(a, qPrintable(action));
        a->trigger();
        w.clock().pause();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void presetEpsilons_fourPanelsShareDensitiesSeedAndClock() {
        MainWindow w(options(QStringLiteral("eps")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 4);
        QCOMPARE(area.layoutCells(), 4);
        const double eps[] = {0.0, 0.5, 2.0, 8.0};
        for (int i = 0; i < 4; ++i) {
            const SceneSettings& s = area.controller(i).settings().scene;
            QCOMPARE(s.epsilon, eps[i]);
            QCOMPARE(s.base.spec, w.controller().settings().scene.base.spec);
            QCOMPARE(s.target.spec, w.controller().settings().scene.target.spec);
            QCOMPARE(s.seed, w.controller().settings().scene.seed);  // common random numbers
            QCOMPARE(s.particles, kParticles);
        }
        QVERIFY(waitAllReady(w));
        // Re-simulate panel 1 alone (its own ε); the others have nothing new to report meanwhile.
        ExplorerSettings first = w.controller().settings();
        first.scene.epsilon = 0.25;
        QVERIFY(w.applySettings(first));
        QVERIFY(waitAllReady(w));
        QCOMPARE(area.controller(1).settings().scene.epsilon, 0.5);
        // Once every panel is simulated, no header still says it is simulating (panel 1 included).
        for (int i = 0; i < 4; ++i) {
            auto* header = area.findChild<QToolButton*>(QStringLiteral("compareHeader%1").arg(i + 1));
            QVERIFY(header);
            QVERIFY2(!header->text().contains(QStringLiteral("simulating")), qPrintable(header->text()));
        }
        // One clock: every panel shows the time the clock was set to.
        for (double t : {0.37, 0.81}) {
            w.clock().setT(t);
            for (int i = 0; i < 4; ++i) QCOMPARE(area.view(i).frame().t, t);
        }
        // The frames differ (different ε gives different paths), so the panels are not copies.
        QVERIFY(area.view(0).frame().tracks != area.view(3).frame().tracks);
    }

    void sameMarginalsForEveryEpsilon_butNotForAnotherPath() {
        MainWindow w(options(QStringLiteral("agree")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        QVERIFY(waitAllReady(w));
        w.clock().setT(0.5);
        w.compareArea().updateAgreement();
        MarginalAgreement a = w.compareArea().agreement();
        QCOMPARE(int(a.distance.size()), 4);
        QVERIFY(std::isfinite(a.noise) && a.noise > 0.0);
        qInfo("ε = 0.5, 2, 8 vs ε = 0 at t = 0.5: energy distance %.5f %.5f %.5f, noise floor %.5f", a.distance[1],
              a.distance[2], a.distance[3], a.noise);
        for (int i = 1; i < 4; ++i) {
            QVERIFY2(a.distance[i] <= CompareArea::kSameWithinNoise * a.noise,
                     qPrintable(QStringLiteral("panel %1: %2 vs noise %3").arg(i + 1).arg(a.distance[i]).arg(a.noise)));
        }
        const QLabel* readout = w.compareArea().findChild<QLabel*>(QStringLiteral("compareAgreement"));
        QVERIFY(readout && readout->isVisibleTo(&w));
        QVERIFY(readout->text().contains(QStringLiteral("same")));
        QVERIFY(!readout->text().contains(QStringLiteral("differs")));

        // Flow matching and VP diffusion share the end points, not the marginals in between.
        trigger(w, QStringLiteral("comparePreset_fm-vs-vp"));
        QCOMPARE(w.compareArea().panelCount(), 2);
        QVERIFY(waitAllReady(w));
        w.clock().setT(0.5);
        w.compareArea().updateAgreement();
        a = w.compareArea().agreement();
        qInfo("VP vs flow matching at t = 0.5: energy distance %.5f, noise floor %.5f", a.distance[1], a.noise);
        QVERIFY2(a.distance[1] > 10.0 * a.noise,
                 qPrintable(QStringLiteral("%1 vs noise %2").arg(a.distance[1]).arg(a.noise)));
        QVERIFY(readout->text().contains(QStringLiteral("differs")));
    }

    void panAndZoomAreLinked() {
        MainWindow w(options(QStringLiteral("camera")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_ode-vs-sde"));
        QVERIFY(waitAllReady(w));
        const Camera before = w.controller().settings().view.camera;
        PlaneView& second = w.compareArea().view(1);
        const QPointF at(second.width() * 0.3, second.height() * 0.4);
        QWheelEvent wheel(at, second.mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&second, &wheel);
        const Camera after = w.compareArea().controller(1).settings().view.camera;
        QVERIFY(after != before);
        QVERIFY(after.halfExtent < before.halfExtent);  // zoomed in
        QCOMPARE(w.controller().settings().view.camera, after);
        // The first panel shows the new camera on its next frame too.
        QTRY_COMPARE(w.view().frame().camera, after);
    }

    void selectedPanel_isWhatTheDocksEdit() {
        MainWindow w(options(QStringLiteral("select")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_ode-vs-sde"));
        CompareArea& area = w.compareArea();
        const SceneSettings first = area.controller(0).settings().scene;
        const double eps1 = area.controller(1).settings().scene.epsilon;
        area.select(1);
        QCOMPARE(area.selected(), 1);
        // The docks show panel 2's method: its SDE solver.
        auto* family = w.methodPanel().findChildren<QComboBox*>().value(0);
        QVERIFY(family);
        const int trig = family->findData(int(InterpolantFamily::Trig));
        QVERIFY(trig >= 0);
        family->setCurrentIndex(trig);
        emit family->activated(trig);
        // Only panel 2 changed its interpolant; its sampler and everything shared stayed.
        QCOMPARE(int(area.controller(1).settings().scene.interpolant.family), int(InterpolantFamily::Trig));
        QCOMPARE(area.controller(1).settings().scene.epsilon, eps1);
        QCOMPARE(int(area.controller(1).settings().scene.solver), int(flowlab::core::SolverKind::StochasticHeun));
        QVERIFY(area.controller(0).settings().scene == first);
        QVERIFY(area.panels()[1].label.contains(QStringLiteral("trig")));
        // Back on panel 1 the docks show its linear interpolant again.
        area.select(0);
        QCOMPARE(family->currentData().toInt(), int(InterpolantFamily::Linear));
    }

    void densitiesAndSeedAreShared_methodsKept() {
        MainWindow w(options(QStringLiteral("shared")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_interpolants"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 3);
        QCOMPARE(area.layoutCells(), 4);
        ExplorerSettings s = w.controller().settings();
        s.scene.target = flowlab::core::DensitySource::fromSpec("moons");
        s.scene.seed = 42;
        QVERIFY(w.applySettings(s));
        const InterpolantFamily families[] = {InterpolantFamily::Linear, InterpolantFamily::Trig, InterpolantFamily::EncDec};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(area.controller(i).settings().scene.target.spec, std::string("moons"));
            QCOMPARE(area.controller(i).settings().scene.seed, std::uint64_t(42));
            QCOMPARE(int(area.controller(i).settings().scene.interpolant.family), int(families[i]));
        }
        // Resample (a new shared seed) reaches every panel too.
        w.controller().resample();
        for (int i = 1; i < 3; ++i) QCOMPARE(area.controller(i).settings().scene.seed, std::uint64_t(43));
    }

    void layoutSwitch_addsCopiesAndReturnsToOnePanel() {
        MainWindow w(options(QStringLiteral("layout")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("compareLayout2"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 2);
        QVERIFY(sameMethod(area.controller(1).settings().scene, area.controller(0).settings().scene));
        trigger(w, QStringLiteral("compareLayout4"));
        QCOMPARE(area.panelCount(), 4);
        trigger(w, QStringLiteral("compareLayout1"));
        QCOMPARE(area.panelCount(), 1);
        const QLabel* readout = area.findChild<QLabel*>(QStringLiteral("compareAgreement"));
        QVERIFY(readout && !readout->isVisibleTo(&w));
        QVERIFY(waitAllReady(w));
        QVERIFY(!w.renderPlane(QSize(320, 200), 0.5).isNull());
    }
};

QTEST_MAIN(CompareWindowTest)
#include "compare_window_test.moc"
