#include "worker/image_simulation_job.hpp"

#include <QElapsedTimer>

namespace flowlab::ui {

ImageSimulationResult runImageSimulation(const ImageSimulationRequest& rq, const std::atomic<bool>& cancelled,
                                         const std::function<void(double fraction)>& onProgress) {
    ImageSimulationResult r;
    r.generation = rq.generation;
    QElapsedTimer clock;
    clock.start();
    auto prepared = core::prepareImageScene(rq.scene, rq.sceneFolder, rq.threads, rq.previous.get());
    if (!prepared) {
        r.error = QString::fromStdString(prepared.message());
        return r;
    }
    r.scenePrepared = std::make_shared<const core::PreparedImageScene>(*prepared);
    if (rq.field) {
        if (rq.field->dim() != prepared->dim()) {
            r.error = QStringLiteral("the network takes %1 values per image, the data have %2").arg(rq.field->dim()).arg(prepared->dim());
            return r;
        }
        // The network was trained on the scene's interpolant, not on a model file's.
        auto interpolant = core::Interpolant::create(rq.scene.interpolant);
        if (!interpolant) {
            r.error = QString::fromStdString(interpolant.message());
            return r;
        }
        prepared->field = rq.field;
        prepared->interpolant = std::move(*interpolant);
        prepared->learned = true;
        prepared->modelPath.clear();
        prepared->fieldNotice.clear();
        r.prepared = std::make_shared<const core::PreparedImageScene>(std::move(*prepared));
    } else {
        r.prepared = r.scenePrepared;
    }
    r.prepareSeconds = double(clock.nsecsElapsed()) * 1e-9;
    if (cancelled.load()) {
        r.error = QStringLiteral("cancelled");
        return r;
    }
    clock.restart();
    auto run = core::simulateImageScene(*r.prepared, rq.scene, [&](double f) {
        if (onProgress) onProgress(f);
        return !cancelled.load();
    });
    if (!run) {
        r.error = cancelled.load() ? QStringLiteral("cancelled") : QString::fromStdString(run.message());
        return r;
    }
    r.seconds = double(clock.nsecsElapsed()) * 1e-9;
    r.nfe = run->nfe;
    r.steps = rq.scene.steps;
    r.tracks = ImageTracks::fromTrajectory(run->times, run->trajectory, rq.scene.rows, rq.scene.columns,
                                           r.prepared->channels(), r.prepared->height(), r.prepared->width());
    r.ok = true;
    return r;
}

}  // namespace flowlab::ui
