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
