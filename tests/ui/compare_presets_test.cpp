// The one-click comparisons from any prior state, and the window layout around them: every
// preset opened after every γ, family and solver gives panels named for the preset's methods,
// all with particles and no error; comparisons leave the docks alone; View → Reset layout brings
// them back; the window keeps a minimum size at which nothing overlaps.
#include <QAction>
#include <QDockWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <functional>
#include <map>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "state/compare_layout.hpp"
#include "timeline/animation_clock.hpp"
#include "plane/plane_view.hpp"
#include "sampler/score_sde_samplers.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
using flowlab::core::GammaKind;
using flowlab::core::InterpolantFamily;
using flowlab::core::SolverKind;

namespace {

constexpr int kReadyTimeoutMs = 120000;
constexpr int kParticles = 300;  // small: the loop opens 5 presets after 24 prior states
constexpr int kSteps = 40;

/// What a preset's panels must be: a word of each header, and what each panel's method is.
struct PresetExpectation {
    const char* action;
    std::vector<QString> headerWords;
    std::function<bool(int panel, const SceneSettings&)> methodOk;
};

std::vector<PresetExpectation> expectations() {
    const auto family = [](std::vector<InterpolantFamily> families) {
        return [families](int i, const SceneSettings& s) {
            return s.interpolant.family == families[std::size_t(i)] && s.interpolant.gamma == GammaKind::Zero &&
                   s.solver == SolverKind::Heun && s.langevinSteps == 0;
        };
    };
    return {
        {"comparePreset_ode-vs-sde",
         {QStringLiteral("ODE"), QStringLiteral("SDE")},
         [](int i, const SceneSettings& s) {
             return s.solver == (i == 0 ? SolverKind::Heun : SolverKind::StochasticHeun) && s.langevinSteps == 0;
         }},
        {"comparePreset_fm-vs-vp",
         {QStringLiteral("flow matching"), QStringLiteral("VP")},
         family({InterpolantFamily::FmOt, InterpolantFamily::Vp})},
        {"comparePreset_interpolants",
         {QStringLiteral("linear"), QStringLiteral("trigonometric"), QStringLiteral("encoder")},
         family({InterpolantFamily::Linear, InterpolantFamily::Trig, InterpolantFamily::EncDec})},
        {"comparePreset_epsilons",
         {QStringLiteral("ε = 0 "), QStringLiteral("ε = 0.5"), QStringLiteral("ε = 2"), QStringLiteral("ε = 8")},
         [](int i, const SceneSettings& s) {
             const double eps[] = {0.0, 0.5, 2.0, 8.0};
             return s.solver == SolverKind::StochasticHeun && s.epsilon == eps[i] &&
                    s.epsilonKind == flowlab::core::EpsilonKind::Constant && s.langevinSteps == 0;
         }},
        {"comparePreset_score-sde",
         {QStringLiteral("DDPM"), QStringLiteral("DDIM"), QStringLiteral("reverse-diffusion"), QStringLiteral("ODE")},
         [](int i, const SceneSettings& s) {
             const SolverKind solvers[] = {SolverKind::Ddpm, SolverKind::Ddim, SolverKind::ReverseDiffusion, SolverKind::Heun};
             return s.interpolant.family == InterpolantFamily::Vp && s.solver == solvers[i] && s.langevinSteps == 0;
         }},
    };
}

/// The prior states: every γ (on the linear family), every family, every solver, and one with
/// everything at once (learned field, a corrector, a tapered ε, a γ with its own a).
std::vector<std::pair<QString, SceneSettings>> priorStates(const SceneSettings& start) {
    std::vector<std::pair<QString, SceneSettings>> states;
    for (const std::string& name : flowlab::core::gammaKindNames()) {
        SceneSettings s = start;
        s.interpolant.gamma = *flowlab::core::parseGammaKind(name);
        states.emplace_back(QStringLiteral("γ = %1").arg(QString::fromStdString(name)), s);
    }
    for (const std::string& name : flowlab::core::interpolantFamilyNames()) {
        SceneSettings s = start;
        s.interpolant.family = *flowlab::core::parseInterpolantFamily(name);
        states.emplace_back(QStringLiteral("family %1").arg(QString::fromStdString(name)), s);
    }
    for (const std::string& name : flowlab::core::solverKindNames()) {
        SceneSettings s = start;
        s.solver = *flowlab::core::parseSolverKind(name);
        // The score-SDE samplers run on their own families only (a linear scene would be refused).
        if (s.solver == SolverKind::Smld) s.interpolant.family = InterpolantFamily::Ve;
        else if (flowlab::core::isScoreSdeSampler(s.solver)) s.interpolant.family = InterpolantFamily::Vp;
        states.emplace_back(QStringLiteral("solver %1").arg(QString::fromStdString(name)), s);
    }
    SceneSettings messy = start;
    messy.interpolant.family = InterpolantFamily::Trig;
    messy.interpolant.gamma = GammaKind::ABrownian;
    messy.interpolant.gammaA = 2.0;
    messy.fieldMode = FieldMode::Learned;
    messy.solver = SolverKind::EulerMaruyama;
    messy.epsilonKind = flowlab::core::EpsilonKind::Taper;
    messy.epsilon = 3.0;
    messy.langevinSteps = 2;
    states.emplace_back(QStringLiteral("learned trig, a-brownian γ, tapered ε, corrector"), messy);
    return states;
}

}  // namespace

class ComparePresetsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.persistSettings = false;
        o.workerThreads = 0;
        ExplorerSettings s;
        s.scene.particles = kParticles;
        s.scene.steps = kSteps;
        s.training.width = 16;
        s.training.depth = 1;
        o.initialSettings = s;
        return o;
    }

    static QAction* action(MainWindow& w, const QString& name) { return w.findChild<QAction*>(name); }

    static QString header(MainWindow& w, int panel) {
        auto* h = w.compareArea().findChild<QToolButton*>(QStringLiteral("compareHeader%1").arg(panel + 1));
        return h ? h->text() : QStringLiteral("<no header>");
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void everyPreset_afterEveryGammaFamilyAndSolver_fillsItsPanels() {
        MainWindow w(options(QStringLiteral("presets")));
        w.resize(1400, 900);
        w.show();
        const SceneSettings start = w.controller().settings().scene;
        int opened = 0;
        for (const auto& [stateName, prior] : priorStates(start)) {
            for (const PresetExpectation& e : expectations()) {
                const QString where = QStringLiteral("%1 after %2").arg(QLatin1String(e.action), stateName);
                w.setCompareLayout(1);
                ExplorerSettings s = w.controller().settings();
                s.scene = prior;
                QVERIFY2(w.applySettings(s), qPrintable(where + QStringLiteral(": the prior state was refused")));
                QAction* a = action(w, QLatin1String(e.action));
                QVERIFY2(a, e.action);
                a->trigger();
                w.clock().pause();
                CompareArea& area = w.compareArea();
                QCOMPARE(area.panelCount(), int(e.headerWords.size()));
                for (int i = 0; i < area.panelCount(); ++i) {
                    const SceneSettings& m = area.controller(i).settings().scene;
                    QVERIFY2(e.methodOk(i, m), qPrintable(where + QStringLiteral(": panel %1 has another method").arg(i + 1)));
                    QVERIFY2(m.fieldMode == FieldMode::Exact, qPrintable(where));
                    QCOMPARE(m.target.spec, start.target.spec);
                    QCOMPARE(m.particles, kParticles);
                }
                QVERIFY2(QTest::qWaitFor([&] { return area.isReady(w.clock().t()); }, kReadyTimeoutMs), qPrintable(where));
                for (int i = 0; i < area.panelCount(); ++i) {
                    const QString h = header(w, i);
                    const QString msg = where + QStringLiteral(", panel %1: ").arg(i + 1) + h;
                    QVERIFY2(h.contains(e.headerWords[std::size_t(i)]), qPrintable(msg));
                    QVERIFY2(!h.contains(QStringLiteral("⚠")) && !h.contains(QStringLiteral("simulating")), qPrintable(msg));
                    QVERIFY2(area.controller(i).status().error.isEmpty(),
                             qPrintable(msg + QStringLiteral(" — ") + area.controller(i).status().error));
                    const FrameData f = area.view(i).frame();
                    QVERIFY2(f.tracks && f.tracks->particleCount() == kParticles, qPrintable(msg));
                    QVERIFY2(!f.stale, qPrintable(msg));
                }
                ++opened;
            }
        }
        qInfo("opened %d comparisons", opened);
    }

    void aPresetThatCannotRunHere_saysWhy_andChangesNothing() {
        MainWindow w(options(QStringLiteral("refuse")));
        w.show();
        ExplorerSettings s = w.controller().settings();
        s.scene.base = flowlab::core::DensitySource::fromSpec("moons");  // flow matching and VP start from N(0, I)
        s.scene.interpolant.gamma = GammaKind::Brownian;
        QVERIFY(w.applySettings(s));
        const SceneSettings before = w.controller().settings().scene;
        QVERIFY(!w.runComparison(ComparePreset::FlowMatchingVsVp));
        QCOMPARE(w.compareArea().panelCount(), 1);
        QVERIFY(w.controller().settings().scene == before);
        const QString message = w.statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("N(0, I)")) && message.contains(QStringLiteral("Flow matching")),
                 qPrintable(message));
        // The presets that need no particular base still open on it.
        QVERIFY(w.runComparison(ComparePreset::Interpolants));
        QCOMPARE(w.compareArea().panelCount(), 3);
    }

    void openingAComparison_keepsTheDocks_andResetLayoutRestoresThem() {
        MainWindow w(options(QStringLiteral("docks")));
        w.resize(1280, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCoreApplication::processEvents();
        const QSize windowSize = w.size();
        std::map<QString, int> widths;
        // The six panels (Scene, Densities, …); the lesson editor's dock is hidden until asked for
        // (Lesson menu), and the image tools' docks exist only in image scenes.
        QList<QDockWidget*> docks = w.findChildren<QDockWidget*>();
        docks.removeIf([](QDockWidget* d) {
            return QStringList{QStringLiteral("Lesson editor"), QStringLiteral("Sample inspector"), QStringLiteral("PCA view"),
                               QStringLiteral("Inpainting"), QStringLiteral("Latent morph")}
                .contains(d->objectName());
        });
        QCOMPARE(docks.size(), 6);
        for (QDockWidget* d : docks) {
            QVERIFY(d->isVisible());
            widths[d->objectName()] = d->width();
        }
        // A γ = Brownian state first: the state that used to break the presets.
        ExplorerSettings s = w.controller().settings();
        s.scene.interpolant.gamma = GammaKind::Brownian;
        QVERIFY(w.applySettings(s));
        for (const char* preset : {"comparePreset_interpolants", "comparePreset_epsilons", "comparePreset_fm-vs-vp"}) {
            action(w, QLatin1String(preset))->trigger();
            w.clock().pause();
            // Long headers ("… · simulating… 40 %") while it simulates, then the finished ones.
            for (int round = 0; round < 2; ++round) {
                QCoreApplication::processEvents();
                QTest::qWait(50);
                for (QDockWidget* d : docks) {
                    const QString msg = QStringLiteral("%1 after %2: width %3, was %4")
                                            .arg(d->objectName(), QLatin1String(preset)).arg(d->width())
                                            .arg(widths[d->objectName()]);
                    QVERIFY2(d->isVisible(), qPrintable(msg));
                    QVERIFY2(d->width() >= widths[d->objectName()] - 2, qPrintable(msg));
                }
                // Nor does the window grow to make room (off screen it could).
                QVERIFY2(w.size() == windowSize, qPrintable(QStringLiteral("%1 × %2").arg(w.width()).arg(w.height())));

                QVERIFY(QTest::qWaitFor([&] { return w.compareArea().isReady(w.clock().t()); }, kReadyTimeoutMs));
            }
        }

        // A panel whose method is refused carries the (long) reason in its header: the header
        // elides it rather than widening the panels and squeezing the docks.
        ExplorerSettings bad = w.compareArea().panelSettings(1);
        bad.scene.interpolant.family = InterpolantFamily::FmOt;
        bad.scene.interpolant.gamma = GammaKind::Brownian;
        QVERIFY(!w.compareArea().setPanelMethod(1, bad.scene));
        QVERIFY2(header(w, 1).contains(QStringLiteral("⚠")), qPrintable(header(w, 1)));
        QCoreApplication::processEvents();
        QTest::qWait(50);
        QCOMPARE(w.size(), windowSize);
        for (QDockWidget* d : docks) {
            const QString msg = QStringLiteral("%1 with a refused panel: width %2, was %3")
                                    .arg(d->objectName()).arg(d->width()).arg(widths[d->objectName()]);
            QVERIFY2(d->isVisible() && d->width() >= widths[d->objectName()] - 2, qPrintable(msg));
        }

        // Close one dock, float another, move a third: Reset layout puts them all back.
        std::map<QString, Qt::DockWidgetArea> areas;
        for (QDockWidget* d : docks) areas[d->objectName()] = w.dockWidgetArea(d);
        docks[0]->close();
        docks[1]->setFloating(true);
        w.addDockWidget(areas[docks[2]->objectName()] == Qt::LeftDockWidgetArea ? Qt::RightDockWidgetArea
                                                                               : Qt::LeftDockWidgetArea,
                        docks[2]);
        QVERIFY(!docks[0]->isVisible());
        QAction* reset = action(w, QStringLiteral("resetLayout"));
        QVERIFY(reset);
        reset->trigger();
        QCoreApplication::processEvents();
        for (QDockWidget* d : docks) {
            QVERIFY2(d->isVisible(), qPrintable(d->objectName()));
            QVERIFY2(!d->isFloating(), qPrintable(d->objectName()));
            QCOMPARE(w.dockWidgetArea(d), areas[d->objectName()]);
        }
    }

    void tinyWindow_keepsItsMinimumSize_andNothingOverlaps() {
        MainWindow w(options(QStringLiteral("tiny")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(120, 90);
        QCoreApplication::processEvents();
        QVERIFY2(w.width() >= MainWindow::kMinimumWidth && w.height() >= MainWindow::kMinimumHeight,
                 qPrintable(QStringLiteral("%1 × %2").arg(w.width()).arg(w.height())));
        // The plane keeps a usable size, and no dock lies over the plane area.
        QVERIFY2(w.view().width() >= 200 && w.view().height() >= 150,
                 qPrintable(QStringLiteral("plane %1 × %2").arg(w.view().width()).arg(w.view().height())));
        const QRect central = w.centralWidget()->geometry();
        for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
            if (!d->isVisible() || d->isFloating()) continue;
            QVERIFY2(!d->geometry().intersects(central), qPrintable(d->objectName()));
            QVERIFY2(d->width() > 0 && d->height() > 0, qPrintable(d->objectName()));
        }
    }
};

QTEST_MAIN(ComparePresetsTest)
#include "compare_presets_test.moc"
