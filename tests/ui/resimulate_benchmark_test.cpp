// The re-simulation benchmark measures what the window does: a labelled preview of fewer
// particles and steps first, then the full run, and every field frame of the timeline.
#include <QtTest>

#include "common/resource_paths.hpp"
#include "main/resimulate_benchmark.hpp"
#include "state/scene_import.hpp"
#include "state/scene_pipeline.hpp"

using namespace flowlab::ui;

class ResimulateBenchmarkTest : public QObject {
    Q_OBJECT
private slots:
    void slowScene_measuresAPreviewBeforeTheFullResult() {
        auto settings = loadSceneSettings(flowlab::core::findScene("moons-to-checkerboard"));
        QVERIFY2(settings.ok(), settings.ok() ? "" : settings.message().c_str());
        // Enough work (4000 particles × 484 pairs × 60 SDE-Heun steps) for the window to preview.
        settings->scene.particles = 4000;
        settings->scene.steps = 60;
        auto f = measureResimulation(*settings, QSize(320, 200), scene_pipeline::kDisplayPruneLogRatio);
        QVERIFY2(f.ok(), f.ok() ? "" : f.message().c_str());
        QVERIFY(f->hadPreview);
        QVERIFY(f->previewCount > 0 && f->previewCount < settings->scene.particles);
        QCOMPARE(f->previewSteps, 25);  // a quarter of 60, at least 25
        QVERIFY(f->previewParticlesMs <= f->fullParticlesMs);
        QVERIFY(f->firstFieldMs > 0.0 && f->firstFieldMs <= f->allFieldsMs);
        QVERIFY(f->previewMs() <= f->fullMs());
    }

    void imageScene_isMeasuredOnTheWorker_reusingTheDataOfTheFirstRun() {
        ExplorerSettings s;
        s.scene.kind = flowlab::core::SceneKind::Images;
        s.scene.data = "shapes";
        s.scene.size = 8;
        s.scene.exactImages = 100;
        s.scene.rows = 2;
        s.scene.columns = 3;
        s.scene.solver = flowlab::core::SolverKind::Heun;
        s.scene.steps = 10;
        auto cold = measureImageResimulation(s, nullptr, 1);
        QVERIFY2(cold.ok(), cold.ok() ? "" : cold.message().c_str());
        QCOMPARE(cold->nfe, 2 * s.scene.steps);
        QVERIFY(cold->integrateMs > 0.0 && cold->totalMs >= cold->integrateMs);
        QVERIFY(cold->prepared && cold->field.find("exact") != std::string::npos);
        // A second run after a change of steps reuses the data set the first one loaded.
        s.scene.steps = 12;
        auto warm = measureImageResimulation(s, cold->prepared, 1);
        QVERIFY2(warm.ok(), warm.ok() ? "" : warm.message().c_str());
        QCOMPARE(warm->nfe, 2 * s.scene.steps);
        QCOMPARE(warm->prepared->data, cold->prepared->data);
    }

    void badScene_failsWithTheDensityNamed() {
        auto settings = loadSceneSettings(flowlab::core::findScene("moons-to-checkerboard"));
        QVERIFY(settings.ok());
        settings->scene.target = flowlab::core::DensitySource::fromSpec("no-such-preset");
        auto f = measureResimulation(*settings, QSize(320, 200), 0.0);
        QVERIFY(!f.ok());
        QVERIFY2(f.message().find("target") != std::string::npos, f.message().c_str());
    }
};

QTEST_MAIN(ResimulateBenchmarkTest)
#include "resimulate_benchmark_test.moc"
