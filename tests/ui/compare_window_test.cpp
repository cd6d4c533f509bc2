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
#include "view/frame_renderer.hpp"
#include "view/overlay_placement.hpp"
#include "view/theme.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
using flowlab::core::InterpolantFamily;

namespace {

constexpr int kReadyTimeoutMs = 120000;
constexpr double kMaxLegendShare = 0.03;  // of the displayed mass under a panel's legend (as the single view's test)
constexpr int kParticles = 3000;  // per panel: enough for the readout's 1 000-point clouds and its noise floor

/// The text heights of a frame as `view` paints it at its size, its data layers off so that only
/// the overlay is drawn: the caption's title line ("HHHH → HHHH", capitals: its cap height), the
/// t readout's digits, and the legend box's height (0 when the view draws none).
struct TextHeights {
    int caption = 0, readout = 0;
    double legend = 0;
};

TextHeights textHeights(const PlaneView& view) {
    FrameData f = view.shownFrame();
    const bool legend = f.layers.legend;
    f.layers = LayerVisibility{};
    f.layers.heatmap = f.layers.grid = f.layers.arrows = f.layers.trails = f.layers.particles = f.layers.pinned = false;
    f.layers.legend = legend;
    f.text.baseName = f.text.targetName = QStringLiteral("HHHH");
    f.text.formula.clear();
    f.text.method.clear();
    FrameRenderer r;
    const QImage image = r.renderImage(view.size(), f);
    const auto firstBand = [&](QRectF box) {
        // Inside the box's border: ink against the box's own fill, taken beside the text.
        const QImage inside = image.copy(box.toRect().adjusted(3, 3, -3, -3));
        const auto bands = test::inkBands(inside, inside.pixelColor(0, inside.height() / 2));
        return bands.empty() ? 0 : bands.front();
    };
    TextHeights h;
    h.caption = firstBand(r.lastOverlay().caption);
    h.readout = firstBand(r.lastOverlay().time);
    h.legend = r.lastOverlay().legend.height();
    return h;
}

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

    void fourPanels_textKeepsTheSingleViewsSize_andTheLegendLeavesTheMass() {
        // At 1920×1080 a 2×2 panel is a quarter of the area: its text used to shrink with it
        // (about half the single view's). It must be at least the single view's size at 1×.
        MainWindow w(options(QStringLiteral("text")));
        w.resize(1920, 1080);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.controller().settings().view.textScale, 1.0);
        w.clock().setT(1.0);
        QVERIFY(waitAllReady(w));
        const QSize singleSize = w.view().size();
        const TextHeights single = textHeights(w.view());
        QVERIFY(single.caption > 0 && single.readout > 0 && single.legend > 0);
        FrameRenderer r;
        const QImage singleLegend = r.renderLegend(singleSize, w.view().shownFrame());
        QVERIFY(!singleLegend.isNull());
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 4);
        w.clock().setT(1.0);
        QVERIFY(waitAllReady(w));
        QCoreApplication::processEvents();
        for (int i = 0; i < 4; ++i) {
            const TextHeights panel = textHeights(area.view(i));
            qInfo("panel %d (%dx%d): caption cap height %d px, readout digits %d px; single view (%dx%d): %d, %d",
                  i + 1, area.view(i).width(), area.view(i).height(), panel.caption, panel.readout, singleSize.width(),
                  singleSize.height(), single.caption, single.readout);
            // Pixel fonts round to whole pixels: one pixel of slack.
            QVERIFY2(panel.caption >= single.caption - 1, qPrintable(QString::number(panel.caption)));
            QVERIFY2(panel.readout >= single.readout - 1, qPrintable(QString::number(panel.readout)));
            // The legend is not drawn over a panel's data: the panels share one below them.
            QCOMPARE(panel.legend, 0.0);
            FrameData f = area.view(i).shownFrame();
            r.renderImage(area.view(i).size(), f);
            QVERIFY(r.lastOverlay().legend.isEmpty());
            QCOMPARE(massShare(f, area.view(i).size(), r.lastOverlay().legend), 0.0);
        }
        // The shared legend: the single view's legend at its size, outside every panel.
        auto* legend = area.findChild<QLabel*>(QStringLiteral("compareLegend"));
        QVERIFY(legend && legend->isVisible());
        const QImage shared = area.legendImage();
        qInfo("shared legend %dx%d px, the single view's %dx%d px", shared.width(), shared.height(), singleLegend.width(),
              singleLegend.height());
        QVERIFY2(shared.height() >= singleLegend.height() - 2, qPrintable(QString::number(shared.height())));
        QVERIFY(shared.width() >= singleLegend.width() - 2);
        const QRect legendRect(legend->mapTo(&area, QPoint(0, 0)), legend->size());
        for (int i = 0; i < 4; ++i)
            QVERIFY(!legendRect.intersects(QRect(area.view(i).mapTo(&area, QPoint(0, 0)), area.view(i).size())));
        // Back to one panel: the plane draws its own legend again.
        trigger(w, QStringLiteral("compareLayout1"));
        QCOMPARE(area.panelCount(), 1);
        QVERIFY(!legend->isVisible());
        QVERIFY(textHeights(w.view()).legend > 0);
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
