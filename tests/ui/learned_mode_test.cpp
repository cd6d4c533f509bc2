// The learned mode: Train switches to the network and the loss plot fills; arrows and particles
// follow the network while it trains; Stop ends the run and brings back the full particle set;
// Reset throws the network away.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/training_panel.hpp"
#include "timeline/animation_clock.hpp"
#include "worker/training_worker.hpp"

using namespace flowlab::ui;

namespace {
constexpr int kTimeoutMs = 120000;
}

class LearnedModeTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

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
};

QTEST_MAIN(LearnedModeTest)
#include "learned_mode_test.moc"
