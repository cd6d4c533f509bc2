#include "state/offscreen_scene.hpp"

#include <atomic>

#include "state/image_frames.hpp"
#include "state/scene_pipeline.hpp"
#include "view/camera.hpp"
#include "worker/image_simulation_job.hpp"

namespace flowlab::ui {

core::Result<std::shared_ptr<OffscreenScene>> OffscreenScene::createImages(const ExplorerSettings& settings,
                                                                           const Options& options) {
    // The same job as the window's image worker, run here on the calling thread.
    ImageSimulationRequest rq;
    rq.scene = settings.scene;
    rq.field = conditionedImageField(options.field, settings.scene);
    rq.threads = options.threads;
    const std::atomic<bool> never{false};
    const ImageSimulationResult r = runImageSimulation(rq, never);
    if (!r.ok) return core::Error{r.error.toStdString()};
    std::shared_ptr<OffscreenScene> scene(new OffscreenScene());
    scene->m_scene = settings.scene;
    scene->m_layers = settings.view.layers;
    scene->m_imageTracks = r.tracks;
    scene->m_imageText = describeImageScene(settings.scene, r.prepared.get());
    scene->m_simulation.ok = true;
    scene->m_simulation.nfe = r.nfe;
    scene->m_simulation.steps = r.steps;
    scene->m_simulation.seconds = r.seconds;
    scene->m_assembler.setTheme(std::make_shared<const Theme>(Theme::named(settings.view.theme)));
    scene->m_assembler.setView(settings.view);
    return scene;
}

core::Result<std::shared_ptr<OffscreenScene>> OffscreenScene::create(const ExplorerSettings& settings,
                                                                     const Options& options) {
    if (settings.scene.isImages()) return createImages(settings, options);
    // The same pipeline as the window's controller: prepare, then simulation, field and fan requests.
    auto prepared = scene_pipeline::prepare(settings.scene, options.maxPairs, options.threads, nullptr,
                                            options.pruneLogRatio);
    if (!prepared) return prepared.error();
    std::shared_ptr<OffscreenScene> scene(new OffscreenScene());
    scene->m_base = prepared->base;
    scene->m_target = prepared->target;
    scene->m_exact = prepared->exact;
    scene->m_size = options.size;
    scene->m_pin = options.pin;
    scene->m_probe = options.pin ? options.probe : ProbeMode::Off;
    scene->m_probeComponent = options.probeComponent;
    scene->m_probePoint = options.probePoint;

    SimulationRequest rq = scene_pipeline::simulation(*prepared, settings.scene, options.field, options.threads);
    rq.previewParticles = 0;
    const std::atomic<bool> never{false};
    scene->m_simulation = runSimulation(rq, never);
    if (!scene->m_simulation.ok) return core::Error{scene->m_simulation.error.toStdString()};

    const ViewSettings& view = settings.view;
    FrameAssembler& as = scene->m_assembler;
    as.setTheme(std::make_shared<const Theme>(Theme::named(view.theme)));
    as.setView(view);
    as.setTracks(scene->m_simulation.tracks, settings.scene.direction == Direction::Generate);
    as.setText(describeScene(settings.scene, view.arrowField));
    as.setBridges(prepared->exact->interpolant(), *scene->m_base, *scene->m_target, settings.scene.seed);

    const FieldFrameRequest fr =
        scene_pipeline::fieldFrames(*prepared, view, fieldGridsFor(view.camera, options.size, options.grids), options.field);
    std::vector<double> times = options.fieldTimes;
    if (times.empty())
        for (int i = 0; i <= FrameAssembler::kFieldIntervals; ++i) times.push_back(FrameAssembler::fieldTime(i));
    for (double t : times) {
        auto frame = computeFieldFrame(fr, t);
        if (!frame) return frame.error();
        as.addFieldFrame(*frame, as.fieldGeneration());
    }
    if (options.pin) {
        const std::shared_ptr<const core::FieldSource> field =
            options.field ? options.field : std::shared_ptr<const core::FieldSource>(prepared->exact);
        auto drawing = computeFan(scene_pipeline::fan(settings.scene, field, *options.pin, options.pinT), never);
        if (!drawing) return drawing.error();
        as.setFan(*drawing);
    }
    return scene;
}

FrameData OffscreenScene::frameAt(double t) const {
    if (m_imageTracks) return imageFrame(m_assembler.frameAt(t), m_scene, m_layers, m_imageTracks, m_imageText, t);
    FrameData f = m_assembler.frameAt(t);
    if (m_probe != ProbeMode::Off && m_pin) {
        // A builder per call: export threads draw frames concurrently, and the builder caches.
        ProbeBuilder probe;
        probe.setMode(m_probe);
        probe.setComponent(m_probeComponent);
        probe.setTargetPoint(m_probePoint);
        f.probe = probe.build(m_exact, *m_pin, t, ViewTransform(f.camera, QSizeF(m_size)).worldRect());
    }
    return f;
}

}  // namespace flowlab::ui
