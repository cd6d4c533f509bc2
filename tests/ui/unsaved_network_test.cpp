// Issue 12: a U-Net trained in the window is never thrown away without asking. Every path that
// replaces the scene (a scene file, the recent and example menus, a lesson, the scene kind, a
// comparison) or drops the network (a Training dock change, quitting) asks Save / Discard /
// Cancel first: Cancel keeps the scene, the docks and the network without re-simulating, Save
// writes the file then goes on, Discard goes on. A continued model file trains with the dock's
// batch. On the procedural shapes at 8×8 pixels with a tiny U-Net so every case stays fast.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "compare/compare_area.hpp"
#include "field/unet_field.hpp"
#include "lesson/lesson_controller.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "main/training_controller.hpp"
#include "panel/image_scene_panel.hpp"
#include "panel/training_panel.hpp"
#include "scene/image_scene.hpp"
#include "state/compare_layout.hpp"
#include "train/image_trainer.hpp"
#include "window_test_support.hpp"
#include "worker/image_training_worker.hpp"
#include "worker/training_worker.hpp"

using namespace flowlab::ui;
namespace core = flowlab::core;

namespace {

constexpr int kWaitMs = 60000;

/// A shipped 2D scene and lesson (their first step is a 2D scene).
const QString k2dScene = QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes/noise-to-8gaussians.json");
const QString k2dLesson = QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/lessons/flow-matching.json");
const QString kImageScene = QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes/shapes.json");

/// Shapes at 8×8 pixels, a 3×4 grid, a tiny U-Net (8 channels, batch 16), 10 steps per Train.
ExplorerSettings trainingSettings() {
    ExplorerSettings s = test::shapesScene(3, 4, 30, 3, 200);
    s.training.unetChannels = 8;
    s.training.imageBatch = 16;
    s.training.stepsPerRun = 10;
    return s;
}

ImageQualityOptions noQuality() {
    ImageQualityOptions q;
    q.classifierSteps = 0;
    return q;
}

/// A window whose questions about the network are answered by `answer` (and counted), whose
/// model files go to `modelPath`, and whose scene prompts are counted and discarded.
struct Harness {
    QTemporaryDir dir;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    int asked = 0;
    int askedScene = 0;
    QString lastQuestion;
    QString modelPath;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<QSignalSpy> finished, saved;

    Harness() {
        modelPath = dir.filePath(QStringLiteral("kept.flowlab"));
        MainWindowOptions o = test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini")));
        o.askUnsavedNetwork = [this](const QString& question) {
            ++asked;
            lastQuestion = question;
            return answer;
        };
        o.askUnsaved = [this](const QString&) {
            ++askedScene;
            return QMessageBox::Discard;
        };
        o.chooseModelPath = [this](const QString&) { return modelPath; };
        o.showError = [](const QString& title, const QString& message) { qWarning("%s: %s", qPrintable(title), qPrintable(message)); };
        window = std::make_unique<MainWindow>(o);
        window->trainingController().setImageQuality(noQuality());
        finished = std::make_unique<QSignalSpy>(&window->trainingController().imageWorker(), &ImageTrainingWorker::finished);
        saved = std::make_unique<QSignalSpy>(&window->trainingController().imageWorker(), &ImageTrainingWorker::saved);
    }
    ~Harness() {
        finished.reset();
        saved.reset();
        window.reset();  // its worker threads join before the spies and the folder go
    }

    MainWindow& w() { return *window; }

    /// Shows the image scene and trains its network once: it then has unsaved steps.
    bool trainImages() {
        if (!w().controller().settings().scene.isImages() && !w().applySettings(trainingSettings())) return false;
        if (!QTest::qWaitFor([&] { return w().controller().isReady(0.5); }, kWaitMs)) return false;
        const int before = finished->count();
        w().startTraining();
        return QTest::qWaitFor([&] { return finished->count() == before + 1; }, kWaitMs) &&
               finished->last().at(2).toString().isEmpty() && w().trainingController().hasUnsavedNetwork() &&
               QTest::qWaitFor([&] { return w().controller().isReady(0.5) && w().controller().imageScene()->learned; }, kWaitMs);
    }

    /// What Cancel must leave as it was.
    struct Kept {
        std::shared_ptr<const core::FieldSource> field;
        std::shared_ptr<const ImageTracks> tracks;
        QString documentPath;
    };
    Kept keep() { return {w().controller().learnedField(), w().controller().imageTracks(), w().document().path()}; }

    /// The window still shows the image scene with the same network and grid, nothing re-simulated.
    bool unchanged(const Kept& k) {
        const ExplorerSettings& s = w().controller().settings();
        return s.scene.isImages() && s.scene.data == "shapes" && s.scene.size == 8 &&
               w().imageScenePanel().kindBox()->currentData().toInt() == int(core::SceneKind::Images) &&
               w().trainingController().hasUnsavedNetwork() && w().controller().learnedField() == k.field &&
               w().controller().imageTracks() == k.tracks && !w().controller().status().simulating &&
               w().document().path() == k.documentPath;
    }

    /// The network was written to modelPath (with its optimiser state) and nothing is unsaved.
    bool wroteTheModel() {
        if (!QTest::qWaitFor([&] { return saved->count() >= 1; }, kWaitMs)) return false;
        if (!saved->last().at(1).toString().isEmpty() || !QFile::exists(modelPath)) return false;
        return core::UNetField::load(modelPath.toStdString()).ok();
    }
};

QAction* menuAction(MainWindow& w, const QString& menuTitle, const QString& text) {
    for (QMenu* menu : w.menuBar()->findChildren<QMenu*>()) {
        if (menu->title() != menuTitle) continue;
        emit menu->aboutToShow();  // the recent and example menus fill themselves then
        for (QAction* a : menu->actions())
            if (a->text() == text) return a;
    }
    return nullptr;
}

}  // namespace

class UnsavedNetworkTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QFile::exists(k2dScene));
        QVERIFY(QFile::exists(k2dLesson));
        QVERIFY(QFile::exists(kImageScene));
    }

    void openScene_cancelKeepsEverything_saveWritesThenOpens_discardOpens() {
        Harness h;
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        // Cancel.
        QVERIFY(!h.w().openScene(k2dScene));
        QCOMPARE(h.asked, 1);
        QVERIFY2(h.lastQuestion.contains(QFileInfo(k2dScene).fileName()), qPrintable(h.lastQuestion));
        QVERIFY(h.unchanged(kept));
        QCOMPARE(h.askedScene, 0);
        // Save: the file, then the scene opens (after the scene prompt: it now names the file).
        h.answer = QMessageBox::Save;
        QVERIFY(!h.w().openScene(k2dScene));  // not yet: the file is being written
        QCOMPARE(h.asked, 2);
        QVERIFY(h.wroteTheModel());
        QTRY_VERIFY_WITH_TIMEOUT(!h.w().controller().settings().scene.isImages(), kWaitMs);
        QCOMPARE(QFileInfo(h.w().document().path()).fileName(), QFileInfo(k2dScene).fileName());
        QCOMPARE(h.askedScene, 1);
        QCOMPARE(h.asked, 2);
        // Discard: opens at once, the network is gone.
        QVERIFY(h.trainImages());
        h.answer = QMessageBox::Discard;
        QVERIFY(h.w().openScene(k2dScene));
        QCOMPARE(h.asked, 3);
        QVERIFY(!h.w().controller().settings().scene.isImages());
        QVERIFY(!h.w().trainingController().hasNetwork());
        QCOMPARE(h.saved->count(), 1);
    }

    void openScene_thatKeepsTheNetwork_asksNothing() {
        Harness h;
        QVERIFY(h.trainImages());
        // The same images and interpolant, another grid: the network still fits.
        ExplorerSettings s = h.w().controller().settings();
        s.scene.rows = 2;
        const QString same = h.dir.filePath(QStringLiteral("same.json"));
        QVERIFY(h.w().applySettings(s));
        QVERIFY(h.w().saveScene(same));
        s.scene.rows = 3;
        QVERIFY(h.w().applySettings(s));
        QVERIFY(h.w().openScene(same));
        QCOMPARE(h.asked, 0);
        QVERIFY(h.w().trainingController().hasUnsavedNetwork());
        QCOMPARE(h.w().controller().settings().scene.rows, 2);
    }

    void recentAndExampleMenus_ask_cancelKeeps_discardOpens() {
        Harness h;
        // A 2D scene in the recent list.
        const QString recent = h.dir.filePath(QStringLiteral("recent.json"));
        QVERIFY(h.w().openScene(k2dScene));
        QVERIFY(h.w().saveScene(recent));
        QVERIFY(h.w().document().recentFiles().contains(QFileInfo(recent).absoluteFilePath()));
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        QAction* fromRecent = menuAction(h.w(), QObject::tr("Open recent"), QStringLiteral("recent.json"));
        QVERIFY(fromRecent);
        fromRecent->trigger();
        QCOMPARE(h.asked, 1);
        QVERIFY(h.unchanged(kept));
        QAction* example = menuAction(h.w(), QObject::tr("Open example"), QFileInfo(k2dScene).completeBaseName());
        QVERIFY(example);
        example->trigger();
        QCOMPARE(h.asked, 2);
        QVERIFY(h.unchanged(kept));
        h.answer = QMessageBox::Discard;
        menuAction(h.w(), QObject::tr("Open recent"), QStringLiteral("recent.json"))->trigger();
        QCOMPARE(h.asked, 3);
        QVERIFY(!h.w().controller().settings().scene.isImages());
        QCOMPARE(h.w().document().path(), QFileInfo(recent).absoluteFilePath());
        QVERIFY(!h.w().trainingController().hasNetwork());
    }

    void lesson_openAndNextStep_ask_cancelKeepsTheLessonAndTheScene_saveShowsTheStepAfterTheFile() {
        Harness h;
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        // Opening a lesson shows its first step (a 2D scene). Cancel: no lesson, the scene stays.
        QVERIFY(!h.w().openLesson(k2dLesson));
        QCOMPARE(h.asked, 1);
        QVERIFY(h.unchanged(kept));
        QVERIFY(!h.w().lessons().hasLesson());
        // Save: the file, then the first step.
        h.answer = QMessageBox::Save;
        QVERIFY(!h.w().openLesson(k2dLesson));
        QVERIFY(h.wroteTheModel());
        QTRY_COMPARE_WITH_TIMEOUT(h.w().lessons().current(), 0, kWaitMs);
        QVERIFY(!h.w().controller().settings().scene.isImages());
        // The next step of a lesson asks too: Cancel stays on the step shown.
        QVERIFY(h.w().lessons().count() >= 2);
        QVERIFY(h.trainImages());
        const Harness::Kept again = h.keep();
        h.answer = QMessageBox::Cancel;
        const int asked = h.asked;
        QVERIFY(!h.w().lessons().next());
        QCOMPARE(h.asked, asked + 1);
        QCOMPARE(h.w().lessons().current(), 0);
        QVERIFY(h.unchanged(again));
        h.answer = QMessageBox::Discard;
        QVERIFY(h.w().lessons().next());
        QCOMPARE(h.w().lessons().current(), 1);
        QVERIFY(!h.w().controller().settings().scene.isImages());
        QVERIFY(!h.w().trainingController().hasNetwork());
    }

    void sceneKindSwitch_asks_cancelShowsImagesAgain_discardShowsThePlane() {
        Harness h;
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        QComboBox* kind = h.w().imageScenePanel().kindBox();
        kind->setCurrentIndex(kind->findData(int(core::SceneKind::Densities)));
        emit kind->activated(kind->currentIndex());
        QCOMPARE(h.asked, 1);
        QVERIFY(h.unchanged(kept));
        h.answer = QMessageBox::Discard;
        kind->setCurrentIndex(kind->findData(int(core::SceneKind::Densities)));
        emit kind->activated(kind->currentIndex());
        QCOMPARE(h.asked, 2);
        QVERIFY(!h.w().controller().settings().scene.isImages());
        QVERIFY(!h.w().trainingController().hasNetwork());
    }

    void comparisonThatChangesTheInterpolant_asks_cancelKeepsOnePanel() {
        Harness h;
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        // A comparison whose first panel (the window's own scene) has another interpolant: it drops the network.
        const SceneSettings scene = h.w().controller().settings().scene;
        ComparePreset preset = ComparePreset::FlowMatchingVsVp;
        if (comparePanels(preset, scene).front().scene.interpolant == scene.interpolant) preset = ComparePreset::Interpolants;
        QVERIFY(!(comparePanels(preset, scene).front().scene.interpolant == scene.interpolant));
        const int panels = int(comparePanels(preset, scene).size());
        QVERIFY(!h.w().runComparison(preset));
        QCOMPARE(h.asked, 1);
        QVERIFY(h.unchanged(kept));
        QCOMPARE(h.w().compareArea().panelCount(), 1);
        h.answer = QMessageBox::Discard;
        QVERIFY(h.w().runComparison(preset));
        QCOMPARE(h.asked, 2);
        QVERIFY(h.w().compareArea().panelCount() >= panels);
        QVERIFY(!h.w().trainingController().hasNetwork());
    }

    void trainingDock_rateAsks_batchKeepsTheNetworkAndTrainsWithIt() {
        Harness h;
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        // Another learning rate trains from fresh weights: asked; Cancel shows the rate in effect.
        QDoubleSpinBox* rate = h.w().trainingPanel().learningRateBox();
        const double rateBefore = h.w().controller().settings().training.learningRate;
        rate->setValue(rateBefore * 2);
        QCOMPARE(h.asked, 1);
        QCOMPARE(rate->value(), rateBefore);
        QCOMPARE(h.w().controller().settings().training.learningRate, rateBefore);
        QVERIFY(h.unchanged(kept));
        // Another batch applies to the next run of the same network: nothing to ask.
        h.w().trainingPanel().batchBox()->setValue(24);
        QCOMPARE(h.asked, 1);
        QCOMPARE(h.w().controller().settings().training.imageBatch, 24);
        QCOMPARE(h.w().controller().learnedField(), kept.field);
        QVERIFY(h.trainImages());
        QCOMPARE(h.finished->last().at(0).toInt(), 20);  // the same network, 10 more steps
        h.w().trainingController().saveModel();
        QVERIFY(h.wroteTheModel());
        auto model = core::UNetField::load(h.modelPath.toStdString());
        QCOMPARE(model->info().trainer.batchSize, 24);
        QCOMPARE(model->info().state.step, 20);
    }

    void continuedModelFile_trainsWithTheDocksBatch() {
        Harness h;
        // A model file of the scene's images trained with a batch of 16.
        ExplorerSettings s = trainingSettings();
        const QString file = h.dir.filePath(QStringLiteral("file.flowlab"));
        const std::string made = test::trainImageModel(s, file.toStdString(), test::ImageModelSpec{});
        QVERIFY2(made.empty(), made.c_str());
        // The scene names it; the dock asks for 40 images per step; Start fresh is off.
        s.scene.models = {file.toStdString()};
        s.training.imageBatch = 40;
        QVERIFY(h.w().applySettings(s));
        QVERIFY(!h.w().trainingPanel().startsFresh());
        QCOMPARE(h.w().trainingPanel().batchBox()->value(), 40);
        QVERIFY(h.trainImages());
        QCOMPARE(h.finished->last().at(0).toInt(), 20);  // continued: the file's 10 steps, then 10
        h.w().trainingController().saveModel();
        QVERIFY(h.wroteTheModel());
        auto model = core::UNetField::load(h.modelPath.toStdString());
        QVERIFY(model.ok());
        QCOMPARE(model->info().state.step, 20);
        QCOMPARE(model->info().trainer.batchSize, h.w().trainingPanel().batchBox()->value());
    }

    void quitting_asks_cancelStaysOpen_saveClosesAfterTheFile_discardCloses() {
        Harness h;
        h.w().show();
        QVERIFY(h.trainImages());
        const Harness::Kept kept = h.keep();
        QVERIFY(!h.w().close());
        QCOMPARE(h.asked, 1);
        QVERIFY(h.w().isVisible());
        QVERIFY(h.unchanged(kept));
        h.answer = QMessageBox::Save;
        QVERIFY(!h.w().close());  // not yet: the file is being written
        QVERIFY(h.wroteTheModel());
        QTRY_VERIFY_WITH_TIMEOUT(!h.w().isVisible(), kWaitMs);
        QCOMPARE(h.askedScene, 1);  // the scene now names the file: its prompt came after

        Harness d;
        d.w().show();
        QVERIFY(d.trainImages());
        d.answer = QMessageBox::Discard;
        QVERIFY(d.w().close());
        QCOMPARE(d.asked, 1);
        QCOMPARE(d.saved->count(), 0);
    }

    void twoD_network_isNotAskedAbout() {
        // A 2D network cannot be saved and its Reset does not ask: opening a scene does not either.
        Harness h;
        QVERIFY(h.w().openScene(k2dScene));
        ExplorerSettings s = h.w().controller().settings();
        s.training.stepsPerRun = 20;
        QVERIFY(h.w().applySettings(s));
        QSignalSpy done(&h.w().trainingWorker(), &TrainingWorker::finished);
        h.w().startTraining();
        QVERIFY(QTest::qWaitFor([&] { return done.count() == 1; }, kWaitMs));
        QVERIFY(h.w().trainingController().hasNetwork());
        QVERIFY(!h.w().trainingController().hasUnsavedNetwork());
        QVERIFY(h.w().openScene(kImageScene));
        QCOMPARE(h.asked, 0);
        QVERIFY(h.w().controller().settings().scene.isImages());
    }
};

QTEST_MAIN(UnsavedNetworkTest)
#include "unsaved_network_test.moc"
