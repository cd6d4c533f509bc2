// The learned mode: Train switches to the network and the loss plot fills; arrows and particles
// follow the network while it trains; Stop ends the run and brings back the full particle set;
// Reset throws the network away.
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "field/field_grid.hpp"
#include "field/learned_field.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/nfe_curve_dialog.hpp"
#include "main/straightness_dialog.hpp"
#include "metrics/path_straightness.hpp"
#include "train/component_plan.hpp"
#include "main/training_race_dialog.hpp"
#include "metrics/learning_curve.hpp"
#include "metrics/nfe_curve.hpp"
#include "panel/curve_plot.hpp"
#include "main/training_controller.hpp"
#include "panel/training_panel.hpp"
#include "state/scene_description.hpp"
#include "timeline/animation_clock.hpp"
#include "train/threading.hpp"
#include "train/trainer.hpp"
#include "worker/training_worker.hpp"

using namespace flowlab::ui;

namespace {
constexpr int kTimeoutMs = 120000;
/// ρ_t-weighted relative error of the arrows vs the exact b at t = ½: measured 1.000 untrained,
/// 0.285 after 300 steps and 0.072 after 3000 (3×64 network, gaussian → 8gaussians).
constexpr double kMaxTrainedArrowError = 0.2;

/// The arrows the controller shows at t, once the field frame of the current source is there.
std::shared_ptr<const VectorGrid> arrowsOnceReady(const ExplorerController& c, double t) {
    if (!QTest::qWaitFor([&] { return c.isReady(t); }, kTimeoutMs)) return nullptr;
    return c.frameAt(t).arrows;
}

/// The velocity of `field` at the centres of the arrow grid, as the arrows store it.
flowlab::core::Points velocityOnGrid(const flowlab::core::FieldSource& field, double t, const flowlab::core::GridSpec& spec) {
    auto g = flowlab::core::evaluateOnGrid(field, t, spec, flowlab::core::kVelocity);
    return g ? g->values.velocity : flowlab::core::Points();
}

flowlab::core::Points toPoints(const VectorGrid& g) {
    flowlab::core::Points p(Eigen::Index(g.vx.size()), 2);
    for (std::size_t i = 0; i < g.vx.size(); ++i) p.row(Eigen::Index(i)) << g.vx[i], g.vy[i];
    return p;
}

/// sqrt(Σ w|a − b|² / Σ w|b|²) with w = ρ_t at the grid points: the error where the mass is.
double weightedRelativeError(const flowlab::core::Points& a, const flowlab::core::Points& b, const Eigen::VectorXd& w) {
    const Eigen::VectorXd d = (a - b).rowwise().squaredNorm(), n = b.rowwise().squaredNorm();
    return std::sqrt(w.dot(d) / w.dot(n));
}
/// A window on `settings`, neither restoring nor playing.
MainWindowOptions windowOptions(const QString& settingsPath, const ExplorerSettings& settings) {
    MainWindowOptions o;
    o.settingsPath = settingsPath;
    o.restoreSettings = false;
    o.autoplay = false;
    o.initialSettings = settings;
    return o;
}
}  // namespace

class LearnedModeTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void couplingCombo_setsTheScenesCouplingAndMakesItLearned() {
        TrainingPanel panel;
        ExplorerSettings s;
        s.scene.fieldMode = flowlab::core::FieldMode::Exact;
        panel.load(s);
        auto* combo = panel.findChild<QComboBox*>(QStringLiteral("coupling"));
        QVERIFY(combo);
        for (int i = 0; i < combo->count(); ++i) QVERIFY(!combo->itemData(i, Qt::ToolTipRole).toString().isEmpty());
        combo->setCurrentIndex(combo->findData(int(flowlab::core::CouplingKind::MinibatchOt)));
        panel.store(s);
        QCOMPARE(int(s.scene.coupling.kind), int(flowlab::core::CouplingKind::MinibatchOt));
        // No exact field under a coupling: the method becomes learned, and the scene is valid.
        QCOMPARE(int(s.scene.fieldMode), int(flowlab::core::FieldMode::Learned));
        QCOMPARE(QString::fromStdString(s.scene.validate()), QString());
        combo->setCurrentIndex(combo->findData(int(flowlab::core::CouplingKind::Independent)));
        panel.store(s);
        QCOMPARE(int(s.scene.coupling.kind), int(flowlab::core::CouplingKind::Independent));
        // A coupling of mixture components keeps its exact field: an exact method stays exact,
        // and the combo says which couplings are learned only.
        s.scene.fieldMode = flowlab::core::FieldMode::Exact;
        combo->setCurrentIndex(combo->findData(int(flowlab::core::CouplingKind::ComponentOt)));
        QVERIFY(combo->currentText().contains(QStringLiteral("exact field")));
        panel.store(s);
        QCOMPARE(int(s.scene.coupling.kind), int(flowlab::core::CouplingKind::ComponentOt));
        QCOMPARE(int(s.scene.fieldMode), int(flowlab::core::FieldMode::Exact));
        QCOMPARE(QString::fromStdString(s.scene.validate()), QString());
        // The method line on the frame names the coupling.
        QVERIFY2(describeScene(s.scene, ArrowField::Velocity).method.startsWith(QStringLiteral("exact (components-ot) field")),
                 qPrintable(describeScene(s.scene, ArrowField::Velocity).method));
        QVERIFY(combo->itemText(combo->findData(int(flowlab::core::CouplingKind::MinibatchOt))).contains(QStringLiteral("learned only")));
        // A reflow coupling from a scene file is shown and kept.
        s.scene.coupling = *flowlab::core::parseCoupling("reflow:parent.model");
        panel.load(s);
        QVERIFY(combo->currentText().contains(QStringLiteral("parent.model")));
        panel.store(s);
        QCOMPARE(s.scene.coupling.reflowModel, std::string("parent.model"));
    }

    void trainStopReset_followTheNetwork() {
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(QStringLiteral("learned.ini"));
        o.restoreSettings = false;
        o.autoplay = false;
        ExplorerSettings s;
        s.scene.particles = 4000;
        s.training.width = 32;
        s.training.depth = 2;
        s.training.stepsPerRun = 1000000;  // runs until stopped
        o.initialSettings = s;
        MainWindow w(o);
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs));

        QSignalSpy errors(&w.trainingWorker(), &TrainingWorker::errorMeasured);
        QSignalSpy finished(&w.trainingWorker(), &TrainingWorker::finished);
        w.startTraining();
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(FieldMode::Learned));
        QTRY_VERIFY_WITH_TIMEOUT(w.trainingPanel().plottedPoints() >= 10, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().learnedField() != nullptr, kTimeoutMs);
        QVERIFY(w.trainingWorker().isTraining());
        // While it trains, the particles are the live subset integrated with the network.
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().frameAt(0.5).tracks &&
                                     w.controller().frameAt(0.5).tracks->particleCount() == ExplorerController::kLiveParticles,
                                 kTimeoutMs);
        QVERIFY(w.controller().frameAt(0.5).text.method.contains(QStringLiteral("learned")));

        const int pointsBeforeStop = w.trainingPanel().plottedPoints();
        w.stopTraining();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
        QVERIFY(finished.first().at(1).toBool());  // stopped, not completed
        QVERIFY(finished.first().at(2).toString().isEmpty());
        QVERIFY(!w.trainingWorker().isTraining());
        QVERIFY(w.trainingPanel().plottedPoints() >= pointsBeforeStop);
        // The error against the exact field is measured at the end of a run.
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, kTimeoutMs);
        const double error = errors.last().at(1).toDouble();
        QVERIFY(std::isfinite(error) && error > 0.0);
        // After the run the whole particle set follows the final network.
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().frameAt(0.5).tracks &&
                                     w.controller().frameAt(0.5).tracks->particleCount() == 4000,
                                 kTimeoutMs);
        QVERIFY(w.controller().status().error.isEmpty());

        w.resetTraining();
        QCOMPARE(w.trainingPanel().plottedPoints(), 0);
    }

    // In learned mode the arrows are the network's field on the arrow grid: not the exact field,
    // not an untrained network's, and closer to the exact field the longer the network trains.
    void learnedArrows_followTheNetwork_andApproachExactAsItTrains() {
        namespace core = flowlab::core;
        ExplorerController c;
        ExplorerSettings s;
        s.scene.fieldMode = FieldMode::Learned;
        s.scene.particles = 200;
        s.view.layers.heatmap = false;
        s.view.layers.streamlines = false;
        s.view.layers.arrows = true;
        QVERIFY(c.apply(s));
        constexpr double t = 0.5;

        // Snapshots of one run: untrained, early, trained (small network, one thread).
        core::setTorchThreads(1);
        core::setBlasThreads(1);
        core::TrainerOptions o = s.training.trainerOptions(s.scene.seed);
        o.network.width = 64;
        o.network.depth = 3;
        o.steps = 3000;
        o.progressEvery = 100;
        o.threads = 1;
        auto trainer = core::Trainer::create(*c.base(), *c.target(), s.scene.interpolant, o);
        QVERIFY2(trainer.ok(), trainer.ok() ? "" : trainer.message().c_str());
        std::vector<std::shared_ptr<const core::LearnedField>> nets = {
            std::make_shared<core::LearnedField>(trainer->snapshot())};
        auto summary = trainer->run([&](const core::TrainProgress& p) {
            if (p.step == 300) nets.push_back(std::make_shared<core::LearnedField>(trainer->snapshot()));
            return true;
        });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.message().c_str());
        nets.push_back(std::make_shared<core::LearnedField>(trainer->snapshot()));
        QCOMPARE(int(nets.size()), 3);

        std::vector<core::Points> arrows;
        std::vector<double> errors;
        core::GridSpec spec;
        Eigen::VectorXd density;
        core::Points exact;
        for (const auto& net : nets) {
            c.setLearnedField(net);
            const auto shown = arrowsOnceReady(c, t);
            QVERIFY(shown && !shown->empty());
            if (arrows.empty()) {
                spec = shown->spec;
                exact = velocityOnGrid(*c.exactField(), t, spec);
                auto g = core::evaluateOnGrid(*c.exactField(), t, spec, core::kLogDensity);
                QVERIFY(g.ok());
                density = g->values.logDensity.array().exp();
            }
            const core::Points a = toPoints(*shown);
            // The arrows are this network's field (float32 storage).
            const core::Points own = velocityOnGrid(*net, t, spec);
            QCOMPARE(own.rows(), a.rows());
            QVERIFY2((a - own).cwiseAbs().maxCoeff() <= 1e-5 * (1.0 + own.cwiseAbs().maxCoeff()),
                     qPrintable(QStringLiteral("arrows differ from the network by %1").arg((a - own).cwiseAbs().maxCoeff())));
            arrows.push_back(a);
            errors.push_back(weightedRelativeError(a, exact, density));
        }
        qInfo("arrow error vs exact (ρ_t-weighted): untrained %.3f, 300 steps %.3f, 3000 steps %.3f", errors[0],
              errors[1], errors[2]);
        // Not the exact field, not the untrained network's.
        QVERIFY(errors[2] > 1e-3);
        QVERIFY(weightedRelativeError(arrows[2], arrows[0], density) > 0.5);
        // Closer to exact as training goes, and close at the end.
        QVERIFY(errors[0] > errors[1]);
        QVERIFY(errors[1] > errors[2]);
        QVERIFY2(errors[2] < kMaxTrainedArrowError, qPrintable(QString::number(errors[2])));
        QVERIFY(errors[0] > 2 * kMaxTrainedArrowError);
    }

    // The second time axis: the Training panel's step scrubber shows any kept snapshot — the
    // explorer then integrates exactly that network (its arrows are that snapshot's field) while
    // t moves on its own — and its right end follows the newest network again.
    void stepScrubber_showsAnEarlierNetwork_andFollowsTrainingAgainAtTheEnd() {
        namespace core = flowlab::core;
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(QStringLiteral("scrub.ini"));
        o.restoreSettings = false;
        o.autoplay = false;
        ExplorerSettings s;
        s.scene.particles = 1000;
        s.view.layers.heatmap = false;
        s.view.layers.arrows = true;
        s.training.width = 32;
        s.training.depth = 2;
        s.training.stepsPerRun = 600;
        o.initialSettings = s;
        MainWindow w(o);
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs));
        QSignalSpy finished(&w.trainingWorker(), &TrainingWorker::finished);
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
        const core::SnapshotHistory& h = w.trainingController().history();
        // The spy counts on the worker's thread; the snapshots reach the controller through the
        // event loop, in order, so the last one's arrival means all of them are in.
        QTRY_VERIFY_WITH_TIMEOUT(h.size() > 0 && h.newest().step == 600, kTimeoutMs);
        QVERIFY2(h.size() >= 2, qPrintable(QString::number(h.size())));
        QCOMPARE(h.newest().step, 600);
        QCOMPARE(w.trainingPanel().historyIndex(), int(h.size()) - 1);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().learnedField() == h.newest().field, kTimeoutMs);
        // The error against the exact field is plotted against the step.
        QTRY_VERIFY_WITH_TIMEOUT(w.trainingPanel().plottedErrors() >= 1, kTimeoutMs);

        w.trainingPanel().scrubHistory(0);
        QCOMPARE(w.controller().learnedField(), h.at(0).field);
        constexpr double t = 0.5;
        const auto early = arrowsOnceReady(w.controller(), t);
        QVERIFY(early && !early->empty());
        const core::Points own = velocityOnGrid(*h.at(0).field, t, early->spec);
        const core::Points shown = toPoints(*early);
        QVERIFY((shown - own).cwiseAbs().maxCoeff() <= 1e-5 * (1.0 + own.cwiseAbs().maxCoeff()));
        const core::Points newest = velocityOnGrid(*h.newest().field, t, early->spec);
        QVERIFY((shown - newest).cwiseAbs().maxCoeff() > 1e-3);
        // The whole particle set, integrated with that network.
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().frameAt(t).tracks && w.controller().frameAt(t).tracks->particleCount() == 1000,
                                 kTimeoutMs);

        w.trainingPanel().scrubHistory(int(h.size()) - 1);
        QCOMPARE(w.controller().learnedField(), h.newest().field);
        // Reset forgets the history with the network.
        w.resetTraining();
        QCOMPARE(w.trainingPanel().historyIndex(), -1);
        QVERIFY(w.trainingController().history().size() <= 1);  // only the fresh untrained one
    }

    // Analysis → Error vs NFE runs core::nfeCurve on its worker for the window's scene: run()
    // returns at once, and the plotted points (per solver, NFE against the chosen metric) and the
    // exported CSV are the core curve of the same options; Cancel ends a run.
    void nfeCurveDialog_plotsTheCoreCurveOfTheScene_andExportsItsCsv() {
        namespace core = flowlab::core;
        ExplorerSettings s;
        s.scene.particles = 500;
        MainWindow w(windowOptions(m_dir.filePath(QStringLiteral("nfe.ini")), s));
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs));
        NfeCurveDialog* d = w.showNfeCurve();
        QVERIFY(d);
        d->findChild<QLineEdit*>()->setText(QStringLiteral("2,4,8"));
        d->findChild<QSpinBox*>()->setValue(150);
        for (int i = 0; i < d->solverList().count(); ++i) {
            QListWidgetItem* item = d->solverList().item(i);
            const bool wanted = item->text() == QStringLiteral("euler") || item->text() == QStringLiteral("rk4");
            item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
        }
        auto options = d->options();
        QVERIFY2(options, options ? "" : options.message().c_str());
        QCOMPARE(options->seed, w.controller().settings().scene.seed);
        QCOMPARE(int(options->solvers.size()), 2);

        QSignalSpy finished(d, &NfeCurveDialog::finished);
        d->run();
        QVERIFY(d->isRunning());  // the GUI thread does not wait for the curve
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

        const auto exact = w.controller().exactField();
        auto curve = core::nfeCurve(*d->field(), exact->interpolant(), exact->base(), exact->target(), *options);
        QVERIFY(curve);
        QCOMPARE(d->plot().curveCount(), 2);
        auto expectPlotted = [&](double core::NfeCurvePoint::*metric) {
            for (int c = 0; c < 2; ++c) {
                const CurveSeries shown = d->plot().drawn(c);
                std::vector<double> x, y;
                for (const auto& p : curve->points)
                    if (QString::fromStdString(core::toString(p.solver)) == shown.name) {
                        x.push_back(double(p.nfe));
                        y.push_back(p.*metric);
                    }
                QCOMPARE(int(x.size()), 3);
                QVERIFY(shown.x == x);
                QVERIFY(shown.y == y);
            }
        };
        expectPlotted(&core::NfeCurvePoint::energyDistance);
        d->setMetric(NfeCurveDialog::Metric::SlicedW2);
        expectPlotted(&core::NfeCurvePoint::slicedW2);
        const QString path = m_dir.filePath(QStringLiteral("nfe.csv"));
        QVERIFY(d->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toStdString(), core::nfeCurveCsv(curve->points, "exact"));

        // Cancel: a long run ends at once with a message, and nothing new is plotted.
        QSignalSpy again(d, &NfeCurveDialog::finished);
        d->findChild<QSpinBox*>()->setValue(100000);
        d->run();
        d->cancel();
        QCOMPARE(again.count(), 1);
        QVERIFY(!again.first().at(0).toBool());
        // The worker hears Cancel inside the reference ODE and the distances (core::nfeCurve
        // reports from every step and block), not after a whole 100 000-particle run: on a loaded
        // CI machine that took 231 s before; now it takes milliseconds, 20 s is a wide margin.
        QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 20000);
        QCOMPARE(d->curve().points.size(), curve->points.size());
    }

    // Analysis → Straightness measures each checked method on its worker from the same base draws:
    // the plotted integrand and the totals are core::measurePaths' for the same field, start and
    // solver (the worker's blocks change only the order of the sums); component OT is straighter
    // than independent pairs; the CSV has the CLI's columns per method; Cancel ends a run.
    void straightnessDialog_plotsCoreMeasurePathsPerMethod_andExportsItsCsv() {
        namespace core = flowlab::core;
        ExplorerSettings s;
        s.scene.particles = 300;
        s.scene.base = core::DensitySource::fromSpec("8gaussians");
        s.scene.target = core::DensitySource::fromSpec("25gaussians");
        MainWindow w(windowOptions(m_dir.filePath(QStringLiteral("straight.ini")), s));
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs));
        StraightnessDialog* d = w.showStraightness();
        QVERIFY(d);
        d->findChild<QSpinBox*>(QStringLiteral("straightnessSteps"))->setValue(8);
        d->findChild<QSpinBox*>(QStringLiteral("straightnessParticles"))->setValue(250);
        const auto methods = d->chosenMethods();
        QCOMPARE(int(methods.size()), 2);  // independent and component OT by default
        QCOMPARE(int(methods[1].coupling.kind), int(core::CouplingKind::ComponentOt));
        auto options = d->samplerOptions();
        QVERIFY(options);
        QSignalSpy finished(d, &StraightnessDialog::finished);
        d->run();
        QVERIFY(d->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

        const auto exact = w.controller().exactField();
        QCOMPARE(d->plot().curveCount(), 2);
        std::vector<double> straightness;
        for (int k = 0; k < 2; ++k) {
            auto field = core::exactFieldFor(methods[std::size_t(k)].coupling, exact->base(), exact->target(),
                                             exact->interpolant());
            QVERIFY(field);
            auto stats = core::measurePaths(*field, exact->interpolant(), d->startPoints(), *options);
            QVERIFY2(stats, stats ? "" : stats.message().c_str());
            const CurveSeries shown = d->plot().drawn(k);
            QCOMPARE(shown.name, methods[std::size_t(k)].name);
            QVERIFY(shown.x == stats->times);
            QCOMPARE(shown.y.size(), stats->deviation.size());
            for (std::size_t i = 0; i < shown.y.size(); ++i)
                QVERIFY(std::abs(shown.y[i] - stats->deviation[i]) <= 1e-12 * (1 + stats->deviation[i]));
            const core::PathStats& r = d->results()[std::size_t(k)].stats;
            QVERIFY(std::abs(r.straightness - stats->straightness) <= 1e-12 * (1 + stats->straightness));
            QVERIFY(std::abs(r.pathLength - stats->pathLength) <= 1e-12 * (1 + stats->pathLength));
            QCOMPARE(r.particles, 250);
            QVERIFY(d->totalsText().contains(methods[std::size_t(k)].name + QStringLiteral(": straightness")));
            straightness.push_back(stats->straightness);
        }
        QVERIFY2(straightness[1] < 0.5 * straightness[0], qPrintable(d->totalsText()));

        const QString path = m_dir.filePath(QStringLiteral("straight.csv"));
        QVERIFY(d->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.front(), QStringLiteral("method,t,deviation,speed"));
        QCOMPARE(int(lines.size()), 1 + 2 * 9);
        QVERIFY(lines[1].startsWith(QLatin1Char('"') + methods[0].name + QStringLiteral("\",")));

        QSignalSpy again(d, &StraightnessDialog::finished);
        d->findChild<QSpinBox*>(QStringLiteral("straightnessParticles"))->setValue(200000);
        d->run();
        d->cancel();
        QCOMPARE(again.count(), 1);
        QVERIFY(!again.first().at(0).toBool());
        // The worker hears Cancel inside the reference ODE and the distances (core::nfeCurve
        // reports from every step and block), not after a whole 100 000-particle run: on a loaded
        // CI machine that took 231 s before; now it takes milliseconds, 20 s is a wide margin.
        QTRY_VERIFY_WITH_TIMEOUT(!d->isRunning(), 20000);
        QCOMPARE(d->results()[0].stats.particles, 250);
    }

    // Analysis → Training race trains the methods round-robin on its worker and plots each
    // network's error against the exact field per step as it comes: the curves are exactly
    // core::learningCurve's for the same options trained one method after another (what
    // `flowlab-cli learning-curve` runs), so taking turns changes nothing.
    void trainingRace_curvesEqualTheLearningCurveOfTheSameSeedAndSteps() {
        namespace core = flowlab::core;
        ExplorerSettings s;
        s.scene.particles = 500;
        s.training.width = 16;
        s.training.depth = 2;
        s.training.batchSize = 64;
        MainWindow w(windowOptions(m_dir.filePath(QStringLiteral("race.ini")), s));
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs));
        TrainingRaceDialog* d = w.showTrainingRace();
        QVERIFY(d);
        d->findChild<QLineEdit*>(QStringLiteral("raceMethods"))->setText(QStringLiteral("fm-ot,vp"));
        d->findChild<QSpinBox*>(QStringLiteral("raceSteps"))->setValue(120);
        d->findChild<QSpinBox*>(QStringLiteral("raceEvery"))->setValue(40);
        d->findChild<QSpinBox*>(QStringLiteral("raceSamples"))->setValue(100);
        auto methods = d->methods();
        auto options = d->options();
        QVERIFY(methods && options);
        QVERIFY(options->interleaved);
        QCOMPARE(options->trainer.seed, w.controller().settings().scene.seed);
        QCOMPARE(options->trainer.network.width, 16);

        QSignalSpy finished(d, &TrainingRaceDialog::finished);
        d->start();
        QVERIFY(d->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTimeoutMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));

        core::LearningCurveOptions oneAfterAnother = *options;
        oneAfterAnother.interleaved = false;
        const auto exact = w.controller().exactField();
        auto curve = core::learningCurve(exact->base(), exact->target(), *methods, oneAfterAnother);
        QVERIFY2(curve, curve ? "" : curve.message().c_str());
        QCOMPARE(d->plot().curveCount(), 2);
        for (int c = 0; c < 2; ++c) {
            const CurveSeries shown = d->plot().drawn(c);
            QCOMPARE(shown.name.toStdString(), (*methods)[std::size_t(c)].name);
            std::vector<double> steps, errors;
            for (const auto& p : curve->points)
                if (p.method == (*methods)[std::size_t(c)].name) {
                    steps.push_back(p.step);
                    errors.push_back(p.fieldError);
                }
            QVERIFY((steps == std::vector<double>{40, 80, 120}));
            QVERIFY(shown.x == steps);
            QVERIFY2(shown.y == errors, qPrintable(QString::number(shown.y.empty() ? -1 : shown.y.back(), 'g', 17) +
                                                   QStringLiteral(" vs ") +
                                                   QString::number(errors.back(), 'g', 17)));
        }
        // The race's own points carry the same energy distances, in turns of K steps.
        QCOMPARE(d->points().size(), curve->points.size());
        QCOMPARE(d->points()[0].method, std::string("fm-ot"));
        QCOMPARE(d->points()[1].method, std::string("vp"));
        for (const auto& p : d->points()) {
            const auto same = std::find_if(curve->points.begin(), curve->points.end(), [&](const auto& q) {
                return q.method == p.method && q.step == p.step;
            });
            QVERIFY(same != curve->points.end());
            QCOMPARE(p.energyDistance, same->energyDistance);
        }
    }
};

QTEST_MAIN(LearnedModeTest)
#include "learned_mode_test.moc"
