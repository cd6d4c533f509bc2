// Image mode in the explorer window (issue 12): the scene kind switch, the grid of samples along
// t, common random numbers, memorisation of the exact field, scene files and --screenshot. On
// the procedural shapes at 8×8 pixels so every case stays fast.
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "export/video_render.hpp"
#include "field/unet_field.hpp"
#include "images/image_inspector.hpp"
#include "images/memorisation.hpp"
#include "scene/image_scene.hpp"
#include "train/image_trainer.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/image_tools_docks.hpp"
#include "main/training_controller.hpp"
#include "panel/training_panel.hpp"
#include "presenter/presenter_controller.hpp"
#include "worker/image_training_worker.hpp"
#include "panel/image_scene_panel.hpp"
#include "plane/plane_view.hpp"
#include "presenter/presenter_controller.hpp"
#include "presenter/presenter_hud.hpp"
#include "timeline/animation_clock.hpp"
#include "view/frame_renderer.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
namespace core = flowlab::core;

namespace {

constexpr int kWaitMs = 60000;

/// A small image scene: shapes at 8×8 pixels, 200 training images, a 3×4 grid, 30 steps.
ExplorerSettings shapesSettings() { return test::shapesScene(3, 4, 30, 3, 200); }

/// A tiny U-Net (8 channels, batch 16) trained `steps` steps per press of Train.
ExplorerSettings trainingSettings(int steps) {
    ExplorerSettings s = shapesSettings();
    s.training.unetChannels = 8;
    s.training.imageBatch = 16;
    s.training.stepsPerRun = steps;
    return s;
}

/// A Fréchet distance that costs little: a classifier of 20 steps, 16 samples of 2 Heun steps.
ImageQualityOptions cheapQuality(int classifierSteps = 20) {
    ImageQualityOptions q;
    q.classifierSteps = classifierSteps;
    q.samples = 16;
    q.sampleSteps = 2;
    q.intervalMs = 0;
    return q;
}

/// A worker request on the shapes at 8×8 pixels, one report every 5 steps.
ImageTrainingRequest workerRequest(int steps) {
    ImageTrainingRequest rq;
    rq.images.data = "shapes";
    rq.images.size = 8;
    rq.baseChannels = 8;
    rq.training = trainingSettings(steps).training.trainerOptions(3);
    rq.training.batchSize = 16;
    rq.training.progressEvery = 5;
    rq.quality = cheapQuality(0);
    rq.moreSteps = steps;
    return rq;
}

/// The grid's stored states and those of `tracks` are the same numbers.
bool sameStates(const ImageTracks& a, const ImageTracks& b) { return a.times == b.times && a.states == b.states; }

/// Σ |a − b| over the last state of two grids.
double endDifference(const ImageTracks& a, const ImageTracks& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < a.states.back().size(); ++i) d += std::abs(a.states.back()[i] - b.states.back()[i]);
    return d;
}

bool waitForGrid(ExplorerController& c) {
    return QTest::qWaitFor([&] { return c.isReady(0.5); }, kWaitMs);
}

QImage render(const ExplorerController& c, double t) {
    FrameRenderer r;
    return r.renderImage(QSize(640, 480), c.frameAt(t));
}

}  // namespace

class ImageModeTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void switchingSceneKind_showsTheGridThenThePlaneAgain() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        QVERIFY(!w.controller().settings().scene.isImages());
        // The user picks "Images" in the Scene dock's kind box.
        QComboBox* kind = w.imageScenePanel().kindBox();
        kind->setCurrentIndex(kind->findData(int(core::SceneKind::Images)));
        emit kind->activated(kind->currentIndex());
        QVERIFY(w.controller().settings().scene.isImages());
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        QVERIFY(w.controller().frameAt(0.5).images != nullptr);
        QCOMPARE(w.controller().imageTracks()->sampleCount(), w.controller().settings().scene.sampleCount());
        kind->setCurrentIndex(kind->findData(int(core::SceneKind::Densities)));
        emit kind->activated(kind->currentIndex());
        QVERIFY(!w.controller().settings().scene.isImages());
        QVERIFY(w.controller().frameAt(0.5).images == nullptr);
    }

    void grid_advancesWithT() {
        ExplorerController c;
        QVERIFY(c.apply(shapesSettings()));
        QVERIFY2(waitForGrid(c), qPrintable(c.status().error));
        const auto tracks = c.imageTracks();
        QVERIFY(tracks->stateAt(0.2) < tracks->stateAt(0.9));
        const QImage a = render(c, 0.2), b = render(c, 0.9);
        QVERIFY(test::differingPixels(a, b) > a.width() * a.height() / 20);
        // Between two recorded states the picture is the nearest one's (stored states, replayed).
        const double dt = tracks->times[1] - tracks->times[0];
        QCOMPARE(render(c, tracks->times[10]), render(c, tracks->times[10] + 0.2 * dt));
    }

    void changingEpsilon_changesTheGridButNotTheStartNoise() {
        ExplorerController c;
        ExplorerSettings s = shapesSettings();
        s.scene.solver = core::SolverKind::EulerMaruyama;
        s.scene.epsilonKind = core::EpsilonKind::Taper;
        s.scene.epsilon = 0.25;
        QVERIFY(c.apply(s));
        QVERIFY2(waitForGrid(c), qPrintable(c.status().error));
        const auto first = c.imageTracks();
        s.scene.epsilon = 1.0;
        QVERIFY(c.apply(s));
        QVERIFY2(waitForGrid(c), qPrintable(c.status().error));
        const auto second = c.imageTracks();
        QVERIFY(first != second);
        QVERIFY(first->states.front() == second->states.front());  // the same noise at t = 0
        double change = 0.0;
        for (std::size_t i = 0; i < first->states.back().size(); ++i)
            change += std::abs(first->states.back()[i] - second->states.back()[i]);
        QVERIFY(change > 1.0);
    }

    void exactFieldAtT1_showsTrainingImages() {
        ExplorerController c;
        ExplorerSettings s = shapesSettings();
        s.scene.solver = core::SolverKind::Rk4;
        s.scene.steps = 60;
        QVERIFY(c.apply(s));
        QVERIFY2(waitForGrid(c), qPrintable(c.status().error));
        const auto scene = c.imageScene();
        QVERIFY(scene && !scene->learned);
        core::Points end(c.imageTracks()->sampleCount(), c.imageTracks()->dim());
        for (int i = 0; i < end.rows(); ++i) end.row(i) = c.sampleTrajectory(i).bottomRows(1);
        auto report = core::memorisationReport(end, scene->data->train, &scene->data->test);
        QVERIFY(report.ok());
        // Each sample's nearest training image is ≈ 0 away; an unseen image is far from all.
        QVERIFY2(report->medianDistance < 0.05 * report->testMedianDistance,
                 qPrintable(QString::number(report->medianDistance)));
    }

    void presenterMode_gridFillsTheScreen_squareWholePixelTilesClearOfTheHud() {
        // 64 samples on a 1920×1080 projector: as 8×8 the grid was a square of the plane's
        // height, about a quarter of the plane; re-flowed into the best column count it fills it.
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        w.resize(1920, 1080);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ExplorerSettings s = shapesSettings();
        s.scene.rows = s.scene.columns = 8;
        s.scene.size = 16;
        QVERIFY(w.applySettings(s));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        w.clock().setT(1.0);
        w.presenter().enter(nullptr, false);
        QVERIFY(w.presenter().isPresenting() && w.height() == 1080);
        QCoreApplication::processEvents();
        const QImage shot = w.grab().toImage();
        QCOMPARE(shot.size(), QSize(1920, 1080));
        PlaneView& view = w.view();
        const QRect plane(view.mapTo(&w, QPoint(0, 0)), view.size());
        const ImageGridLayout layout = FrameRenderer::imageGridLayout(view.size(), view.shownFrame());
        const QRect grid = layout.grid.translated(plane.topLeft());
        QCOMPARE(layout.count, 64);
        QCOMPARE(layout.tileWidth * layout.scale, layout.tileHeight * layout.scale);  // square, whole pixels
        // That rectangle is what is drawn: every tile holds ink, a ring just outside the grid
        // (left, right, below) is the background.
        const QColor background = shot.pixelColor(plane.left() + 2, plane.bottom() - 2);
        const auto differs = [&](int x, int y) {
            const QColor c = shot.pixelColor(x, y);
            return std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
                       std::abs(c.blue() - background.blue()) > 24;
        };
        for (int i = 0; i < 64; ++i) {
            const QRect tile = layout.tileRect(i).translated(plane.topLeft());
            int ink = 0;
            for (int y = tile.top(); y <= tile.bottom(); y += 2)
                for (int x = tile.left(); x <= tile.right(); x += 2) ink += differs(x, y) ? 1 : 0;
            QVERIFY2(ink > 0, qPrintable(QStringLiteral("tile %1 is blank").arg(i)));
        }
        for (int y = grid.top(); y <= grid.bottom(); ++y)
            QVERIFY(!differs(grid.left() - 3, y) && !differs(grid.right() + 3, y));
        for (int x = grid.left(); x <= grid.right(); ++x) QVERIFY(!differs(x, grid.bottom() + 3));
        // Centred, inside the plane, nothing under the HUD strip.
        QVERIFY(std::abs((grid.left() - plane.left()) - (plane.right() - grid.right())) <= 1);
        QVERIFY(plane.contains(grid));
        const QRect hud(w.presenter().hud().mapTo(&w, QPoint(0, 0)), w.presenter().hud().size());
        QVERIFY(!grid.intersects(hud));
        // The share: after the t readout's band, the notice line and the side margins about 80 %
        // of the plane is usable, and whole-pixel tiles in whole rows give up at most one scale
        // step of it; the 8×8 square covered 28 % here (14 % with 28-pixel images).
        const double share = double(grid.width()) * grid.height() / (double(plane.width()) * plane.height());
        const double widthShare = double(grid.width()) / plane.width();
        qInfo("presenter image grid: %d x %d tiles at scale %d, %dx%d px = %.1f %% of the %dx%d plane (%.1f %% of its width)",
              layout.columns, layout.rows, layout.scale, grid.width(), grid.height(), 100 * share, plane.width(),
              plane.height(), 100 * widthShare);
        QVERIFY2(share >= 0.45, qPrintable(QString::number(share)));
        QVERIFY2(widthShare >= 0.7, qPrintable(QString::number(widthShare)));
        // A click still lands on the tile drawn there.
        QSignalSpy clicked(&w, &MainWindow::sampleClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, layout.tileRect(63).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 63);
        w.presenter().leave();
    }

    void clickingATile_emitsItsIndexAndExposesItsTrajectory() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        w.resize(1200, 800);
        w.show();
        QVERIFY(w.applySettings(shapesSettings()));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        w.clock().setT(0.5);
        QCoreApplication::processEvents();
        QSignalSpy clicked(&w, &MainWindow::sampleClicked);
        PlaneView& view = w.view();
        const FrameData& f = view.frame();
        QVERIFY(f.images);
        const double dpr = view.devicePixelRatioF();
        const QSize px(int(std::lround(view.width() * dpr)), int(std::lround(view.height() * dpr)));
        const QRect tile = FrameRenderer::imageGridLayout(px, f).tileRect(6);
        QTest::mouseClick(&view, Qt::LeftButton, {}, (QPointF(tile.center()) / dpr).toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 6);
        QCOMPARE(w.controller().selectedSample(), 6);
        const core::Points path = w.controller().sampleTrajectory(6);
        QCOMPARE(int(path.rows()), shapesSettings().scene.steps + 1);
        QCOMPARE(int(path.cols()), 64);
        // The click fills the sample inspector with that sample at the shown t: x_t is the
        // grid's stored state, and the estimates come from the scene's field.
        ImageInspector& inspector = w.imageTools().inspector();
        QTRY_VERIFY_WITH_TIMEOUT(inspector.inspection().has_value(), 30000);
        QVERIFY(w.imageTools().inspectorDock()->isVisible());
        const int state = w.controller().imageTracks()->stateAt(0.5);
        QCOMPARE(inspector.inspection()->t, w.controller().imageTracks()->times[std::size_t(state)]);
        QVERIFY((inspector.inspection()->state - path.row(state)).cwiseAbs().maxCoeff() == 0.0);
        QCOMPARE(int(inspector.inspection()->clean.size()), 64);
        // Moving t re-inspects the same sample at the new time.
        w.clock().setT(0.9);
        const int later = w.controller().imageTracks()->stateAt(0.9);
        QTRY_VERIFY_WITH_TIMEOUT(inspector.inspection()->t == w.controller().imageTracks()->times[std::size_t(later)], 30000);
        QVERIFY((inspector.inspection()->state - path.row(later)).cwiseAbs().maxCoeff() == 0.0);
    }

    // Opening an image scene in a window already on screen: the tools below take a quarter of the
    // height at most, so the grid keeps the room (they took half of it before).
    void imageTools_leaveTheGridMostOfTheHeight() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.applySettings(shapesSettings()));
        QDockWidget* tools = w.imageTools().pcaDock();
        QTRY_VERIFY(tools->isVisible());
        QTest::qWait(50);
        QVERIFY2(tools->height() <= w.height() * 3 / 10, qPrintable(QString::number(tools->height())));
        QVERIFY(tools->height() >= 120);
    }

    void training_refreshesTheGridFromEachSnapshot_andPlotsOnePointPerSnapshot() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        QVERIFY(w.applySettings(trainingSettings(40)));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        const auto exactScene = w.controller().imageScene();
        const auto exactTracks = w.controller().imageTracks();
        QVERIFY(!exactScene->learned);
        w.trainingController().setImageQuality(cheapQuality());
        ImageTrainingWorker& worker = w.trainingController().imageWorker();
        QSignalSpy snapshots(&worker, &ImageTrainingWorker::snapshotReady);
        QSignalSpy distances(&worker, &ImageTrainingWorker::frechetMeasured);
        QSignalSpy finished(&worker, &ImageTrainingWorker::finished);
        w.startTraining();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QCOMPARE(finished.at(0).at(2).toString(), QString());
        QCOMPARE(finished.at(0).at(0).toInt(), 40);
        // One snapshot every 40 / 20 → 5 steps (the floor), each one a loss point and a distance.
        QCOMPARE(TrainingController::imageSnapshotEvery(40), 5);
        QCOMPARE(snapshots.count(), 8);
        QCOMPARE(w.trainingPanel().plottedPoints(), snapshots.count());
        QVERIFY(distances.count() >= snapshots.count());
        QCOMPARE(w.trainingPanel().plottedErrors(), distances.count());
        for (const auto& d : distances) QVERIFY(std::isfinite(d.at(1).toDouble()) && d.at(1).toDouble() >= 0.0);
        // The grid follows the newest snapshot, re-simulated from the same noise.
        const auto newest = w.trainingController().history().at(w.trainingController().history().size() - 1).field;
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().imageScene()->field == newest && w.controller().isReady(0.5), kWaitMs);
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(core::FieldMode::Learned));
        const auto learned = w.controller().imageTracks();
        QVERIFY(endDifference(*learned, *exactTracks) > 1.0);
        QVERIFY(learned->states.front() == exactTracks->states.front());  // the same t = 0 noise
        core::PreparedImageScene again = *exactScene;
        again.field = newest;
        again.learned = true;
        auto run = core::simulateImageScene(again, w.controller().settings().scene);
        QVERIFY2(run.ok(), run.ok() ? "" : run.message().c_str());
        const auto expected = ImageTracks::fromTrajectory(run->times, run->trajectory, learned->rows, learned->columns,
                                                          learned->channels, learned->height, learned->width);
        QVERIFY(sameStates(*learned, *expected));
        // The frame says which field the pictures follow.
        QVERIFY2(w.controller().frameAt(0.5).text.method.contains(QStringLiteral("trained in this window")),
                 qPrintable(w.controller().frameAt(0.5).text.method));
    }

    void stop_keepsTheLearnedFieldOnTheGrid() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        QVERIFY(w.applySettings(trainingSettings(100000)));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        w.trainingController().setImageQuality(cheapQuality(0));
        ImageTrainingWorker& worker = w.trainingController().imageWorker();
        QSignalSpy snapshots(&worker, &ImageTrainingWorker::snapshotReady);
        QSignalSpy finished(&worker, &ImageTrainingWorker::finished);
        w.startTraining();
        QVERIFY(QTest::qWaitFor([&] { return snapshots.count() >= 1; }, kWaitMs));
        w.stopTraining();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QVERIFY(finished.at(0).at(1).toBool());  // stopped
        const int every = TrainingController::imageSnapshotEvery(100000);
        QVERIFY2(finished.at(0).at(0).toInt() <= snapshots.at(0).at(1).toInt() + 3 * every,
                 qPrintable(QString::number(finished.at(0).at(0).toInt())));
        QVERIFY(!worker.isTraining());
        QVERIFY(w.trainingController().hasNetwork());
        const auto newest = w.trainingController().history().at(w.trainingController().history().size() - 1).field;
        QCOMPARE(w.controller().learnedField(), newest);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().imageScene()->field == newest && w.controller().isReady(0.5), kWaitMs);
        QVERIFY(w.controller().imageScene()->learned);
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(core::FieldMode::Learned));
    }

    void imageTrainingWorker_stopCancelsTheRun() {
        auto owned = std::make_unique<ImageTrainingWorker>();
        ImageTrainingWorker& worker = *owned;
        QSignalSpy snapshots(&worker, &ImageTrainingWorker::snapshotReady);
        QSignalSpy finished(&worker, &ImageTrainingWorker::finished);
        // The worker (and its thread) goes before the spies it reports to, even when a check fails.
        const auto join = qScopeGuard([&] { owned.reset(); });
        connect(&worker, &ImageTrainingWorker::snapshotReady, &worker, [&worker] { worker.stop(); });
        worker.train(workerRequest(100000));
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QVERIFY(finished.at(0).at(1).toBool());
        QCOMPARE(finished.at(0).at(2).toString(), QString());
        // Stopped at one of the next reports (every 5 steps), far from the 100 000 asked for.
        QVERIFY2(finished.at(0).at(0).toInt() <= 20, qPrintable(QString::number(finished.at(0).at(0).toInt())));
        QVERIFY(!worker.isTraining());
    }

    void nanInTraining_keepsTheLastGoodSnapshotAndSaysSo() {
        auto owned = std::make_unique<ImageTrainingWorker>();
        ImageTrainingWorker& worker = *owned;
        QSignalSpy snapshots(&worker, &ImageTrainingWorker::snapshotReady);
        QSignalSpy finished(&worker, &ImageTrainingWorker::finished);
        const auto join = qScopeGuard([&] { owned.reset(); });
        ImageTrainingRequest rq = workerRequest(40);
        rq.poisonAtStep = 12;
        worker.train(rq);
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        const QString error = finished.at(0).at(2).toString();
        QVERIFY2(error.contains(QStringLiteral("diverged")) && error.contains(QStringLiteral("restored")), qPrintable(error));
        QCOMPARE(finished.at(0).at(0).toInt(), 10);  // the last good report
        QCOMPARE(snapshots.last().at(1).toInt(), 10);
    }

    void reset_asksOnlyWhenUnsaved_andSaveMakesTheSceneNameTheModel() {
        QTemporaryDir dir;
        MainWindowOptions o = test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini")));
        int asked = 0;
        bool discard = false;
        o.confirmDiscardNetwork = [&](const QString&) {
            ++asked;
            return discard;
        };
        const QString modelPath = dir.filePath(QStringLiteral("trained.flowlab"));
        o.chooseModelPath = [&](const QString&) { return modelPath; };
        MainWindow w(o);
        QVERIFY(w.applySettings(trainingSettings(20)));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        w.trainingController().setImageQuality(cheapQuality(0));
        ImageTrainingWorker& worker = w.trainingController().imageWorker();
        QSignalSpy finished(&worker, &ImageTrainingWorker::finished);
        QSignalSpy saved(&worker, &ImageTrainingWorker::saved);
        w.startTraining();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QVERIFY(w.trainingController().hasUnsavedNetwork());
        w.resetTraining();  // declined: the network stays
        QCOMPARE(asked, 1);
        QVERIFY(w.trainingController().hasNetwork());
        QVERIFY(w.controller().learnedField() != nullptr);
        w.trainingController().saveModel();
        QVERIFY(QTest::qWaitFor([&] { return saved.count() == 1; }, kWaitMs));
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        QVERIFY(!w.trainingController().hasUnsavedNetwork());
        QCOMPARE(QString::fromStdString(w.controller().settings().scene.models.front()), modelPath);
        auto loaded = core::UNetField::load(modelPath.toStdString());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        QCOMPARE(loaded->dim(), 64);
        w.resetTraining();  // saved: no question
        QCOMPARE(asked, 1);
        QVERIFY(!w.trainingController().hasNetwork());
        QVERIFY(w.controller().learnedField() == nullptr);
        // The grid follows the scene's own field again: the model file it now names.
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(0.5) && w.controller().imageScene()->learned &&
                                     QString::fromStdString(w.controller().imageScene()->modelPath) == modelPath,
                                 kWaitMs);
    }

    void train_continuesTheScenesClassConditionalModel_andStartFreshResets() {
        QTemporaryDir dir;
        // A class-conditional U-Net of the scene's images, 10 steps, saved with its optimiser state.
        ExplorerSettings s = trainingSettings(10);
        std::string dataNotice;
        auto data = core::loadSceneImages(s.scene.images(), 0, dataNotice);
        QVERIFY2(data.ok(), data.ok() ? "" : data.message().c_str());
        const int classes = data->train.classCount();
        QVERIFY(classes >= 2);
        const QString model = dir.filePath(QStringLiteral("conditional.flowlab"));
        test::ImageModelSpec spec;
        spec.classes = classes;
        const std::string made = test::trainImageModel(s, model.toStdString(), spec);
        QVERIFY2(made.empty(), made.c_str());

        MainWindowOptions options = test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini")));
        options.confirmDiscardNetwork = [](const QString&) { return true; };
        MainWindow w(options);
        s.scene.models = {model.toStdString()};
        s.scene.fieldMode = core::FieldMode::Learned;
        s.scene.classLabel = 1;
        s.scene.guidance = 2.0;
        QVERIFY(w.applySettings(s));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        QVERIFY(w.controller().imageScene()->learned);
        w.trainingController().setImageQuality(cheapQuality(0));
        QSignalSpy finished(&w.trainingController().imageWorker(), &ImageTrainingWorker::finished);
        const auto newestNet = [&] {
            const auto& h = w.trainingController().history();
            return std::dynamic_pointer_cast<const core::UNetField>(h.at(h.size() - 1).field);
        };
        w.startTraining();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kWaitMs));
        QCOMPARE(finished.at(0).at(2).toString(), QString());
        QCOMPARE(finished.at(0).at(0).toInt(), 20);  // the file's 10 steps, then 10 more
        // Reported at the window's interval (every 5 steps), not the file's (10).
        QCOMPARE(w.trainingController().history().at(0).step, 15);
        QVERIFY(newestNet());
        QCOMPARE(newestNet()->info().network.classCount, classes);
        // The grid follows it with the scene's class and guidance w.
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(0.5) && [&] {
            const auto* net = dynamic_cast<const core::UNetField*>(w.controller().imageScene()->field.get());
            return net && net->classLabel() == 1 && net->guidance() == 2.0 && net->info().network.classCount == classes;
        }(), kWaitMs);

        // Start fresh: Reset, then Train begins at step 0 with the window's unconditional U-Net.
        QVERIFY(!w.trainingPanel().freshBox()->toolTip().isEmpty());
        QVERIFY(w.trainingPanel().freshBox()->isVisibleTo(&w.trainingPanel()));
        w.trainingPanel().freshBox()->setChecked(true);
        w.resetTraining();
        QVERIFY(!w.trainingController().hasNetwork());
        w.startTraining();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, kWaitMs));
        QCOMPARE(finished.at(1).at(0).toInt(), 10);
        QVERIFY(newestNet());
        QCOMPARE(newestNet()->info().network.classCount, 0);
    }

    void changingTheImages_withAnUnsavedNetwork_asks_cancelKeepsEverything_saveAppliesAfterTheFile() {
        QTemporaryDir dir;
        MainWindowOptions options = test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini")));
        int asked = 0;
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        options.askUnsavedNetwork = [&](const QString&) {
            ++asked;
            return answer;
        };
        const QString modelPath = dir.filePath(QStringLiteral("kept.flowlab"));
        options.chooseModelPath = [&](const QString&) { return modelPath; };
        MainWindow w(options);
        QVERIFY(w.applySettings(trainingSettings(10)));
        QVERIFY2(waitForGrid(w.controller()), qPrintable(w.controller().status().error));
        w.trainingController().setImageQuality(cheapQuality(0));
        QSignalSpy finished(&w.trainingController().imageWorker(), &ImageTrainingWorker::finished);
        QSignalSpy saved(&w.trainingController().imageWorker(), &ImageTrainingWorker::saved);
        const auto trainOnce = [&] {
            const int before = finished.count();
            w.startTraining();
            return QTest::qWaitFor([&] { return finished.count() == before + 1; }, kWaitMs) &&
                   w.trainingController().hasUnsavedNetwork();
        };
        QVERIFY(trainOnce());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(0.5) && w.controller().imageScene()->learned, kWaitMs);
        const auto tracks = w.controller().imageTracks();

        // Cancel: the combo shows the data set in effect again, nothing is re-simulated or dropped.
        QComboBox* data = w.imageScenePanel().dataBox();
        data->setCurrentText(QStringLiteral("fashion-mnist"));
        emit data->activated(data->currentIndex());
        QCOMPARE(asked, 1);
        QCOMPARE(data->currentText(), QStringLiteral("shapes"));
        QCOMPARE(QString::fromStdString(w.controller().settings().scene.data), QStringLiteral("shapes"));
        QVERIFY(!w.controller().status().simulating);
        QCOMPARE(w.controller().imageTracks(), tracks);
        QVERIFY(w.trainingController().hasUnsavedNetwork());
        w.imageScenePanel().sizeBox()->setValue(6);  // the size too
        QCOMPARE(asked, 2);
        QCOMPARE(w.imageScenePanel().sizeBox()->value(), 8);
        QCOMPARE(w.controller().settings().scene.size, 8);
        QVERIFY(w.trainingController().hasUnsavedNetwork());

        // Save: the file first, then the new size.
        answer = QMessageBox::Save;
        w.imageScenePanel().sizeBox()->setValue(6);
        QCOMPARE(asked, 3);
        QVERIFY(QTest::qWaitFor([&] { return saved.count() == 1; }, kWaitMs));
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        QVERIFY(QFile::exists(modelPath));
        QTRY_COMPARE_WITH_TIMEOUT(w.controller().settings().scene.size, 6, kWaitMs);
        QCOMPARE(w.imageScenePanel().sizeBox()->value(), 6);
        QVERIFY(!w.trainingController().hasNetwork());

        // Discard: applied at once, the network is gone.
        QVERIFY(trainOnce());
        answer = QMessageBox::Discard;
        w.imageScenePanel().sizeBox()->setValue(8);
        QCOMPARE(asked, 4);
        QCOMPARE(w.controller().settings().scene.size, 8);
        QVERIFY(!w.trainingController().hasNetwork());
        QCOMPARE(saved.count(), 1);
    }

    void imageScene_hidesTheDensitiesDock_untilThePlaneComesBack() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* densities = w.findChild<QDockWidget*>(QStringLiteral("Densities"));
        QVERIFY(densities && densities->isVisible());
        QVERIFY(w.applySettings(shapesSettings()));
        QVERIFY(!densities->isVisible());
        QVERIFY(!densities->toggleViewAction()->isVisible());
        // Neither View → Reset layout nor presenter mode brings it back in an image scene.
        w.resetLayout();
        QVERIFY(!densities->isVisible());
        w.presenter().enter(nullptr, false);
        w.presenter().leave();
        QVERIFY(!densities->isVisible());
        QVERIFY(w.applySettings(ExplorerSettings{}));
        QVERIFY(densities->isVisible());
        QVERIFY(densities->toggleViewAction()->isVisible());
    }

    void svgStill_ofAnImageScene_embedsTheGridAsTheWindowDrawsIt() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("grid.svg"));
        VideoRenderOptions o;
        o.size = QSize(320, 240);
        o.stillT = 0.9;
        o.threads = 1;
        auto r = renderVideo(shapesSettings(), o, path.toStdString(), {}, nullptr);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray svg = f.readAll();
        // One embedded PNG of the whole frame: the grid the window shows at that t.
        const QByteArray marker = "class=\"image-grid\"";
        QVERIFY2(svg.contains(marker), svg.left(400).constData());
        const int start = svg.indexOf("base64,", svg.indexOf(marker)) + 7;
        const QByteArray png = QByteArray::fromBase64(svg.mid(start, svg.indexOf('"', start) - start));
        const QImage embedded = QImage::fromData(png, "PNG");
        QCOMPARE(embedded.size(), o.size);
        ExplorerController c;
        QVERIFY(c.apply(shapesSettings()));
        QVERIFY2(waitForGrid(c), qPrintable(c.status().error));
        FrameData frame = c.frameAt(0.9);
        frame.overlays = o.overlays;
        FrameRenderer renderer;
        const QImage expected = renderer.renderImage(o.size, frame).convertToFormat(embedded.format());
        QVERIFY2(test::differingPixels(embedded, expected) < o.size.width() * o.size.height() / 100,
                 qPrintable(QString::number(test::differingPixels(embedded, expected))));
        QSet<QRgb> colours;
        for (int y = 0; y < embedded.height(); y += 2)
            for (int x = 0; x < embedded.width(); x += 2) colours.insert(embedded.pixel(x, y));
        QVERIFY(colours.size() > 20);
    }

    void imageScene_roundTripsThroughAFile() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        ExplorerSettings s = shapesSettings();
        s.scene.classLabel = 1;
        s.scene.guidance = 2.5;
        s.scene.models = {dir.filePath(QStringLiteral("none.flowlab")).toStdString()};
        QVERIFY(w.applySettings(s));
        const QString path = dir.filePath(QStringLiteral("images.json"));
        QVERIFY(w.saveScene(path));
        QVERIFY(w.applySettings(ExplorerSettings{}));
        QVERIFY(!w.controller().settings().scene.isImages());
        QVERIFY(w.openScene(path));
        const SceneSettings& loaded = w.controller().settings().scene;
        QVERIFY(loaded.isImages());
        QVERIFY(loaded.images() == s.scene.images());
        QVERIFY(loaded.method() == s.scene.method());
        QCOMPARE(loaded.seed, s.scene.seed);
    }

    void screenshot_ofAnImageScene_isNonBlankAndMovesWithT() {
        QTemporaryDir dir;
        const QString scene = dir.filePath(QStringLiteral("shapes.json"));
        QFile f(scene);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "flowlab-scene", "version": 1, "title": "t", "kind": "images",
                    "images": {"data": "shapes", "size": 8, "exactImages": 200, "grid": [4, 4]},
                    "sampler": {"solver": "heun", "steps": 30, "seed": 2}})");
        f.close();
        QImage shots[2];
        const double times[2] = {0.2, 0.9};
        for (int i = 0; i < 2; ++i) {
            const QString out = dir.filePath(QStringLiteral("shot%1.png").arg(i));
            QProcess p;
            p.start(QStringLiteral(FLOWLAB_GUI_PATH),
                    {QStringLiteral("--scene"), scene, QStringLiteral("--screenshot"), out, QStringLiteral("--view-only"),
                     QStringLiteral("--size"), QStringLiteral("480x360"), QStringLiteral("--t"), QString::number(times[i])});
            QVERIFY(p.waitForFinished(kWaitMs));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            shots[i] = QImage(out);
            QCOMPARE(shots[i].size(), QSize(480, 360));
            // Non-blank: many distinct grey levels (noise and shapes), not one background colour.
            QSet<QRgb> colours;
            for (int y = 0; y < shots[i].height(); y += 3)
                for (int x = 0; x < shots[i].width(); x += 3) colours.insert(shots[i].pixel(x, y));
            QVERIFY2(colours.size() > 40, qPrintable(QString::number(colours.size())));
        }
        QVERIFY(test::differingPixels(shots[0], shots[1]) > 480 * 360 / 20);
    }
};

QTEST_MAIN(ImageModeTest)
#include "image_mode_test.moc"
