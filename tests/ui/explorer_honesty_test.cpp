// What the explorer shows is what it computed: while it re-simulates the plane keeps the previous
// picture and words (veiled, "simulating…"); Train never leaves a sampler that cannot run; a
// fallback of the pinned fan to the exact field is named; a worker exception ends "simulating…";
// drawings read "Drawing N", and undoing in the density editor adds no entries to the Target list.
#include <QComboBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <stdexcept>

#include "density/presets.hpp"
#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/brush_panel.hpp"
#include "panel/density_panel.hpp"
#include "state/scene_description.hpp"
#include "timeline/animation_clock.hpp"
#include "view/frame_renderer.hpp"
#include "plane/plane_view.hpp"
#include "worker/training_worker.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
using flowlab::core::SolverKind;

using flowlab::ui::test::differingPixels;

namespace {

constexpr int kTimeoutMs = 120000;

/// A field whose every evaluation throws, as a buggy source might: the worker must report it.
class ThrowingField final : public flowlab::core::FieldSource {
public:
    int dim() const override { return 2; }
    unsigned provides() const override {
        return flowlab::core::kVelocity | flowlab::core::kScore | flowlab::core::kDivergence | flowlab::core::kDenoiser;
    }
    flowlab::core::Status evaluate(double, const flowlab::core::Points&, unsigned, flowlab::core::FieldValues&) const override {
        throw std::runtime_error("boom");
    }
    std::string label() const override { return "throwing"; }
};

}  // namespace

class ExplorerHonestyTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.persistSettings = false;
        o.showError = [](const QString&, const QString&) {};
        ExplorerSettings s;
        s.scene.particles = 2000;
        s.training.width = 16;
        s.training.depth = 1;
        s.training.stepsPerRun = 60;
        o.initialSettings = s;
        return o;
    }

    static bool waitReady(MainWindow& w) {
        return QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kTimeoutMs);
    }

    static QComboBox* targetBox(MainWindow& w) {
        for (QComboBox* c : w.densityPanel().findChildren<QComboBox*>())
            if (c->currentData().toString().toStdString() == w.controller().settings().scene.target.spec) return c;
        return nullptr;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void whileResimulating_theFrameKeepsThePreviousPictureAndWords_veiled() {
        MainWindow w(options(QStringLiteral("stale")));
        w.resize(1200, 800);
        w.show();
        QVERIFY(waitReady(w));
        const double t = w.clock().t();
        const FrameData before = w.controller().frameAt(t);
        QVERIFY(before.tracks && before.heatmap && before.arrows);
        QVERIFY(!before.stale);
        QCOMPARE(before.text.targetName, QStringLiteral("8gaussians"));

        ExplorerSettings s = w.controller().settings();
        s.scene.target = flowlab::core::DensitySource::fromSpec("moons");
        QVERIFY(w.applySettings(s));
        // No event has been processed: nothing new is computed yet.
        const FrameData during = w.controller().frameAt(t);
        QVERIFY(during.stale);
        QCOMPARE(during.tracks, before.tracks);
        QCOMPARE(during.text.targetName, before.text.targetName);  // the old caption with the old particles
        QCOMPARE(during.text.method, before.text.method);
        QVERIFY2(during.text.notice.contains(QStringLiteral("simulating")), qPrintable(during.text.notice));
        QVERIFY(during.heatmap && during.arrows);  // the layers stay until new ones arrive
        // The renderer veils a stale frame.
        FrameRenderer renderer;
        FrameData crisp = during;
        crisp.stale = false;
        const QSize size(320, 240);
        QVERIFY(differingPixels(renderer.renderImage(size, during), renderer.renderImage(size, crisp)) > size.width() * size.height() / 2);
        // FLOWLAB_TEST_SCREENSHOT=/path.png also saves the stale frame at the window's size.
        if (const QString shot = qEnvironmentVariable("FLOWLAB_TEST_SCREENSHOT"); !shot.isEmpty())
            QVERIFY(renderer.renderImage(w.view().size(), during).save(shot));

        QVERIFY(waitReady(w));
        const FrameData after = w.controller().frameAt(t);
        QVERIFY(!after.stale);
        QCOMPARE(after.text.targetName, QStringLiteral("moons"));
        QVERIFY(after.tracks && after.tracks != before.tracks);
    }

    void train_withAnSdeSolver_asksAndNeverLeavesAnError() {
        MainWindowOptions o = options(QStringLiteral("train-sde"));
        o.initialSettings->scene.solver = SolverKind::StochasticHeun;
        QStringList questions;
        bool accept = false;
        o.confirmTrainingFix = [&](const QString& q) {
            questions << q;
            return accept;
        };
        MainWindow w(o);
        w.show();
        QVERIFY(waitReady(w));
        // Refused: nothing changes, nothing trains.
        w.startTraining();
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions[0].contains(QStringLiteral("ODE")), qPrintable(questions[0]));
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(FieldMode::Exact));
        QCOMPARE(int(w.controller().settings().scene.solver), int(SolverKind::StochasticHeun));
        QVERIFY(!w.trainingWorker().isTraining());
        // Accepted: the learned field with the ODE, which the b-network can drive.
        accept = true;
        QSignalSpy finished(&w.trainingWorker(), &TrainingWorker::finished);
        w.startTraining();
        QCOMPARE(questions.size(), 2);
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(FieldMode::Learned));
        QCOMPARE(int(w.controller().settings().scene.solver), int(SolverKind::Heun));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kTimeoutMs);
        QVERIFY(finished.last().at(2).toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().learnedField() && w.controller().isReady(w.clock().t()), kTimeoutMs);
        QVERIFY2(w.controller().status().error.isEmpty(), qPrintable(w.controller().status().error));
        const FrameData f = w.controller().frameAt(w.clock().t());
        QVERIFY(!f.text.noticeIsError);
        QVERIFY(f.tracks && f.tracks->particleCount() > 0);
    }

    void train_onAOneSidedSde_trainsAFieldThatGivesBoth() {
        MainWindowOptions o = options(QStringLiteral("train-vp"));
        o.initialSettings->scene.interpolant.family = flowlab::core::InterpolantFamily::Vp;
        o.initialSettings->scene.solver = SolverKind::StochasticHeun;
        o.initialSettings->training.target = flowlab::core::TrainTarget::Denoiser;  // gives s but no b
        QStringList questions;
        o.confirmTrainingFix = [&](const QString& q) {
            questions << q;
            return true;
        };
        MainWindow w(o);
        w.startTraining();
        QCOMPARE(questions.size(), 1);
        // A b-network of a one-sided family gives the score too: the SDE stays.
        QCOMPARE(int(w.controller().settings().training.target), int(flowlab::core::TrainTarget::Velocity));
        QCOMPARE(int(w.controller().settings().scene.solver), int(SolverKind::StochasticHeun));
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(FieldMode::Learned));
        // Nothing to fix with the ODE: no question.
        MainWindowOptions ode = options(QStringLiteral("train-ode"));
        ode.confirmTrainingFix = [&](const QString& q) {
            questions << q;
            return true;
        };
        MainWindow v(ode);
        v.startTraining();
        QCOMPARE(questions.size(), 1);
        QCOMPARE(int(v.controller().settings().scene.fieldMode), int(FieldMode::Learned));
    }

    void learnedFan_withoutALearnedScore_saysItUsesTheExactField() {
        MainWindowOptions o = options(QStringLiteral("fan"));
        o.initialSettings->scene.epsilon = 1.0;  // the fan's SDE paths need the score
        MainWindow w(o);
        w.show();
        QVERIFY(waitReady(w));
        w.controller().pin(QPointF(0.5, 0.5), 0.3);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().frameAt(0.3).fan != nullptr, kTimeoutMs);
        QVERIFY(w.controller().frameAt(0.3).text.fanSource.isEmpty());  // the exact mode: nothing to say
        ExplorerSettings s = w.controller().settings();
        s.scene.fieldMode = FieldMode::Learned;  // builds an untrained b-network
        QVERIFY(w.applySettings(s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().learnedField() && w.controller().isReady(w.clock().t()), kTimeoutMs);
        const FrameData f = w.controller().frameAt(0.3);
        QVERIFY(f.fan);
        QCOMPARE(f.text.fanSource, QStringLiteral("exact field (no learned score)"));
        // The legend shows it: the frame renders differently with and without the note.
        FrameData unlabelled = f;
        unlabelled.text.fanSource.clear();
        FrameRenderer renderer;
        const QSize size(900, 700);
        QVERIFY(differingPixels(renderer.renderImage(size, f), renderer.renderImage(size, unlabelled)) > 0);
    }

    void learnedWithAnSdeSolver_saysWhatToDo_insteadOfFailing() {
        MainWindowOptions o = options(QStringLiteral("learned-sde"));
        o.initialSettings->scene.solver = SolverKind::StochasticHeun;
        o.initialSettings->scene.epsilon = 1.0;
        MainWindow w(o);
        w.show();
        QVERIFY(waitReady(w));
        QVERIFY(w.controller().status().error.isEmpty());
        ExplorerSettings s = w.controller().settings();
        s.scene.fieldMode = FieldMode::Learned;  // as the method panel does: an untrained b-network, no score
        QVERIFY(w.applySettings(s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().learnedField() != nullptr, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().status().error.isEmpty(), kTimeoutMs);
        const QString error = w.controller().status().error;
        QVERIFY2(error.contains(QStringLiteral("train s")) && error.contains(QStringLiteral("ODE solver")), qPrintable(error));
        QVERIFY(!w.controller().status().simulating);
        QVERIFY(w.controller().frameAt(0.5).text.noticeIsError);
        // Choosing an ODE solver, as the message says, runs on the network and clears the error.
        s = w.controller().settings();
        s.scene.solver = SolverKind::Heun;
        QVERIFY(w.applySettings(s));
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller().status().simulating && w.controller().isReady(0.5), kTimeoutMs);
        QVERIFY2(w.controller().status().error.isEmpty(), qPrintable(w.controller().status().error));
    }

    void learnedStart_beforeTheNetworkExists_labelsTheExactArrowsAndFan() {
        MainWindowOptions o = options(QStringLiteral("learned-start"));
        o.initialSettings->scene.fieldMode = FieldMode::Learned;
        MainWindow w(o);
        w.controller().pin(QPointF(0.5, 0.5), 0.3);
        // No event processed yet: no network, so the arrows and the fan would use the exact field.
        QVERIFY(!w.controller().learnedField());
        const FrameText text = w.controller().frameAt(0.3).text;
        QVERIFY2(text.arrowLabel.contains(QStringLiteral("exact (no network yet)")), qPrintable(text.arrowLabel));
        QCOMPARE(text.fanSource, QStringLiteral("exact field (no network yet)"));
    }

    void workerException_endsSimulating_withAnError() {
        ExplorerController c;
        ExplorerSettings s;
        s.scene.particles = 500;
        s.scene.fieldMode = FieldMode::Learned;
        s.view.layers.heatmap = s.view.layers.arrows = s.view.layers.streamlines = false;
        QVERIFY(c.apply(s));
        c.setLearnedField(std::make_shared<ThrowingField>());
        QVERIFY(c.status().simulating);
        QTRY_VERIFY_WITH_TIMEOUT(!c.status().simulating, kTimeoutMs);
        QVERIFY2(c.status().error.contains(QStringLiteral("boom")), qPrintable(c.status().error));
        QVERIFY(c.frameAt(0.5).text.noticeIsError);
    }

    void drawings_areNamedDrawingN() {
        QCOMPARE(densityDisplayName(QStringLiteral("scene:/tmp/d/drawing-target-mx4ol7v7pm6-2.json#target")),
                 QStringLiteral("Drawing 2"));
        QCOMPARE(densityDisplayName(QStringLiteral("mixture:/tmp/d/drawing-base-abc-11.json")), QStringLiteral("Drawing 11"));
        // Other files keep their own names.
        QCOMPARE(densityDisplayName(QStringLiteral("scene:/tmp/d/lecture.json#target")), QStringLiteral("lecture (target)"));
        QCOMPARE(densityDisplayName(QStringLiteral("mixture:/tmp/d/drawing.json")), QStringLiteral("drawing.json"));
    }

    void paintingAndUndo_showDrawingNames_andAddNoListEntries() {
        MainWindow w(options(QStringLiteral("paint")));
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QComboBox* box = targetBox(w);
        QVERIFY(box);
        const int entries = box->count();
        w.brushPanel().paint(DensityRole::Target);
        std::string spec = w.controller().settings().scene.target.spec;
        for (const QPointF at : {QPointF(0.0, 0.0), QPointF(1.0, -1.0), QPointF(-1.5, 0.5)}) {
            w.densityEditor().beginStroke(at);
            w.densityEditor().endStroke();
            QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.target.spec != spec, 20000);
            spec = w.controller().settings().scene.target.spec;
        }
        for (int undo = 0; undo < 2; ++undo) {
            w.densityEditor().undoStack()->undo();
            QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.target.spec != spec, 20000);
            spec = w.controller().settings().scene.target.spec;
        }
        // One entry for the drawing, however many strokes and undos made it.
        QCOMPARE(box->count(), entries + 1);
        QVERIFY2(box->currentText().startsWith(QStringLiteral("Drawing ")), qPrintable(box->currentText()));
        QCOMPARE(box->currentData().toString(), QString::fromStdString(spec));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(w.clock().t()), kTimeoutMs);
        const FrameData f = w.controller().frameAt(w.clock().t());
        QVERIFY2(f.text.targetName.startsWith(QStringLiteral("Drawing ")), qPrintable(f.text.targetName));
    }
};

QTEST_MAIN(ExplorerHonestyTest)
#include "explorer_honesty_test.moc"
