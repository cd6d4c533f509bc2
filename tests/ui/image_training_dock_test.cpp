// The Training dock of an image scene (issues 12 and 14): the sample couplings (ot, sinkhorn:REG)
// train the window's U-Net as they train flowlab-cli images train's, and a model file is
// continued only as the dock shows it: its learning rate follows the dock, and a file of other
// U-Net channels or another coupling trains fresh weights, saying why.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include "field/unet_field.hpp"
#include "scene/image_scene.hpp"
#include "train/image_trainer.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/training_controller.hpp"
#include "panel/training_panel.hpp"
#include "worker/image_training_worker.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
namespace core = flowlab::core;

namespace {

constexpr int kWaitMs = 60000;

/// The shapes at 8×8, a 2×3 grid, and a U-Net of 8 channels, batch 16, `steps` per press.
ExplorerSettings imageTraining(int steps) {
    ExplorerSettings s = test::shapesScene(2, 3, 10, 3, 100);
    s.training.unetChannels = 8;
    s.training.imageBatch = 16;
    s.training.stepsPerRun = steps;
    return s;
}

ImageQualityOptions noQuality() {
    ImageQualityOptions q;
    q.classifierSteps = 0;
    q.samples = 4;
    q.sampleSteps = 1;
    q.intervalMs = 1000000;
    return q;
}

std::shared_ptr<const core::UNetField> newestNet(MainWindow& w) {
    const auto& h = w.trainingController().history();
    if (h.size() == 0) return nullptr;
    return std::dynamic_pointer_cast<const core::UNetField>(h.at(h.size() - 1).field);
}

/// Chooses the coupling of `kind` in the dock as a click does (activated).
void chooseCoupling(TrainingPanel& panel, core::CouplingKind kind) {
    QComboBox* box = panel.couplingBox();
    const int index = box->findData(int(kind));
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
    emit box->activated(index);
}

/// Trains one press of the dock and waits for its end; the step it ended at.
int trainOnce(MainWindow& w, QSignalSpy& finished) {
    const int before = finished.count();
    w.startTraining();
    if (!QTest::qWaitFor([&] { return finished.count() == before + 1; }, kWaitMs)) return -1;
    return finished.last().at(0).toInt();
}

}  // namespace

class ImageTrainingDockTest : public QObject {
    Q_OBJECT
private slots:
    // The dock offers independent, minibatch OT and Sinkhorn for images (the couplings of mixture
    // components are greyed: pixels have no components), REG only for Sinkhorn; the choice is the
    // scene's coupling (learned only), and the network trained is the coupled one: its model
    // info records the coupling and REG the dock showed.
    void imageScene_offersTheSampleCouplings_andTrainsWithTheChosenOne() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("c.ini"))));
        QVERIFY(w.applySettings(imageTraining(10)));
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(0.5); }, kWaitMs));
        w.trainingController().setImageQuality(noQuality());
        TrainingPanel& panel = w.trainingPanel();
        QComboBox* box = panel.couplingBox();
        QVERIFY(box->isVisibleTo(&panel));
        QVERIFY(!box->toolTip().isEmpty());
        auto* items = qobject_cast<QStandardItemModel*>(box->model());
        QVERIFY(items);
        for (int i = 0; i < box->count(); ++i) {
            core::CouplingOptions c;
            c.kind = core::CouplingKind(box->itemData(i).toInt());
            QCOMPARE(items->item(i)->isEnabled(), !c.isComponentCoupling());
        }
        QVERIFY(!panel.regularisationBox()->isVisibleTo(&panel));

        chooseCoupling(panel, core::CouplingKind::MinibatchOt);
        QTRY_COMPARE(int(w.controller().settings().scene.coupling.kind), int(core::CouplingKind::MinibatchOt));
        QCOMPARE(int(w.controller().settings().scene.fieldMode), int(core::FieldMode::Learned));
        QVERIFY(!panel.regularisationBox()->isVisibleTo(&panel));

        chooseCoupling(panel, core::CouplingKind::Sinkhorn);
        QVERIFY(panel.regularisationBox()->isVisibleTo(&panel));
        QVERIFY(!panel.regularisationBox()->toolTip().isEmpty());
        panel.regularisationBox()->setValue(0.005);
        QTRY_COMPARE(w.controller().settings().scene.coupling.regularisation, 0.005);
        QCOMPARE(int(w.controller().settings().scene.coupling.kind), int(core::CouplingKind::Sinkhorn));

        QSignalSpy finished(&w.trainingController().imageWorker(), &ImageTrainingWorker::finished);
        QCOMPARE(trainOnce(w, finished), 10);
        QCOMPARE(finished.last().at(2).toString(), QString());
        const auto net = newestNet(w);
        QVERIFY(net);
        QCOMPARE(net->info().trainer.coupling.spec(), std::string("sinkhorn:0.005"));

        // A scene file cannot pair images by mixture components: refused with the reason.
        ExplorerSettings bad = w.controller().settings();
        bad.scene.coupling = core::CouplingOptions{};
        bad.scene.coupling.kind = core::CouplingKind::ComponentOt;
        const std::string why = bad.scene.validate();
        QVERIFY2(why.find("image scene pairs images") != std::string::npos, why.c_str());
    }

    // A model file of the scene is continued as the dock shows it: the dock's learning rate
    // replaces the file's (said in the notice, and recorded), but a file of 8 channels under a
    // dock of 16, or trained with independent pairs under a dock of ot, trains fresh weights
    // with the reason in the notice, never the file's settings in the dock's name.
    void continuingAModelFile_followsTheDocksRate_andStartsFreshWhenChannelsOrCouplingDiffer() {
        QTemporaryDir dir;
        ExplorerSettings s = imageTraining(10);
        const QString model = dir.filePath(QStringLiteral("m.flowlab"));
        test::ImageModelSpec spec;
        spec.learningRate = 1e-3;
        const std::string made = test::trainImageModel(s, model.toStdString(), spec);
        QVERIFY2(made.empty(), made.c_str());

        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("r.ini"))));
        s.scene.models = {model.toStdString()};
        s.scene.fieldMode = core::FieldMode::Learned;
        s.training.learningRate = 5e-4;
        QVERIFY(w.applySettings(s));
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(0.5); }, kWaitMs));
        w.trainingController().setImageQuality(noQuality());
        QSignalSpy finished(&w.trainingController().imageWorker(), &ImageTrainingWorker::finished);
        QSignalSpy notices(&w.trainingController().imageWorker(), &ImageTrainingWorker::notice);

        QCOMPARE(trainOnce(w, finished), 20);  // the file's 10 steps, then 10 more
        QVERIFY(!notices.isEmpty());
        const QString continued = notices.last().at(0).toString();
        QVERIFY2(continued.startsWith(QStringLiteral("Continuing")), qPrintable(continued));
        QVERIFY2(continued.contains(QStringLiteral("learning rate 0.0005 (the file trained with 0.001)")), qPrintable(continued));
        QVERIFY(newestNet(w));
        QCOMPARE(newestNet(w)->info().trainer.learningRate, 5e-4);

        // 16 channels in the dock: the file is not continued under the dock's name.
        ExplorerSettings wider = w.controller().settings();
        wider.training.unetChannels = 16;
        QVERIFY(w.applySettings(wider));
        QVERIFY(!w.trainingController().hasNetwork());
        QCOMPARE(trainOnce(w, finished), 10);  // fresh weights: 10 steps from 0
        const QString fresh = notices.last().at(0).toString();
        QVERIFY2(fresh.startsWith(QStringLiteral("Training from fresh weights")), qPrintable(fresh));
        QVERIFY2(fresh.contains(QStringLiteral("8 U-Net channels (the dock: 16)")), qPrintable(fresh));
        QCOMPARE(newestNet(w)->info().network.baseChannels, 16);

        // Back to 8 channels but pairs by minibatch OT: the file (independent) trains afresh too.
        ExplorerSettings coupled = w.controller().settings();
        coupled.training.unetChannels = 8;
        coupled.scene.coupling.kind = core::CouplingKind::MinibatchOt;
        QVERIFY(w.applySettings(coupled));
        QVERIFY(!w.trainingController().hasNetwork());
        QCOMPARE(trainOnce(w, finished), 10);
        const QString other = notices.last().at(0).toString();
        QVERIFY2(other.contains(QStringLiteral("the coupling independent (the dock: ot)")), qPrintable(other));
        QCOMPARE(newestNet(w)->info().trainer.coupling.spec(), std::string("ot"));
    }
};

QTEST_MAIN(ImageTrainingDockTest)
#include "image_training_dock_test.moc"
