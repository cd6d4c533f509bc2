#include "state/offscreen_scene.hpp"

#include <atomic>

#include "density/pair_budget.hpp"
#include "field/exact_field.hpp"
#include "scene/density_spec.hpp"
#include "worker/fan_job.hpp"
#include "worker/field_frame_job.hpp"

namespace flowlab::ui {

core::Result<std::shared_ptr<OffscreenScene>> OffscreenScene::create(const ExplorerSettings& settings,
                                                                     const Options& options) {
    auto base = core::resolveDensitySpec(settings.scene.baseSpec);
    if (!base) return core::Error{"base density: " + base.message()};
    auto target = core::resolveDensitySpec(settings.scene.targetSpec);
    if (!target) return core::Error{"target density: " + target.message()};
    auto interp = core::Interpolant::create(settings.scene.interpolant, *base);
    if (!interp) return interp.error();

    std::shared_ptr<OffscreenScene> scene(new OffscreenScene());
    auto reduced = core::reduceToPairBudget(*base, *target, options.maxPairs);
    if (!reduced) return reduced.error();
    scene->m_base = std::make_shared<const core::GaussianMixture>(std::move(reduced->first));
    scene->m_target = std::make_shared<const core::GaussianMixture>(std::move(reduced->second));

    SimulationRequest rq;
    rq.base = scene->m_base;
    rq.target = scene->m_target;
    rq.scene = settings.scene;
    rq.threads = options.threads;
    rq.field = options.field;
    rq.previewParticles = 0;
    const std::atomic<bool> never{false};
    scene->m_simulation = runSimulation(rq, never);
    if (!scene->m_simulation.ok) return core::Error{scene->m_simulation.error.toStdString()};

    core::ExactFieldOptions eo;
    eo.threads = options.threads;
    auto exact = core::ExactField::create(*scene->m_base, *scene->m_target, *interp, eo);
    if (!exact) return exact.error();
    auto exactPtr = std::make_shared<const core::ExactField>(std::move(exact).value());

    const ViewSettings& view = settings.view;
    FrameAssembler& as = scene->m_assembler;
    as.setTheme(std::make_shared<const Theme>(Theme::named(view.theme)));
    as.setView(view);
    as.setTracks(scene->m_simulation.tracks, settings.scene.direction == Direction::Generate);
    FrameText text = describeScene(settings.scene, view.arrowField);
    as.setText(text);
    as.setBridges(*interp, *scene->m_base, *scene->m_target, settings.scene.seed);

    FieldFrameRequest fr;
    fr.exact = exactPtr;
    fr.vectorSource = options.field ? options.field : std::shared_ptr<const core::FieldSource>(exactPtr);
    fr.arrowField = view.arrowField;
    const FieldGrids grids = fieldGridsFor(view.camera, options.size, options.grids);
    fr.heatGrid = grids.heat;
    fr.arrowGrid = grids.arrows;
    fr.streamGrid = grids.stream;
    fr.heatmap = view.layers.heatmap;
    fr.arrows = view.layers.arrows;
    fr.streamlines = view.layers.streamlines;
    std::vector<double> times = options.fieldTimes;
    if (times.empty())
        for (int i = 0; i <= FrameAssembler::kFieldIntervals; ++i) times.push_back(FrameAssembler::fieldTime(i));
    for (double t : times) {
        auto frame = computeFieldFrame(fr, t);
        if (!frame) return frame.error();
        as.addFieldFrame(*frame, as.fieldGeneration());
    }
    if (options.pin) {
        FanRequest fan;
        fan.field = options.field ? options.field : std::shared_ptr<const core::FieldSource>(exactPtr);
        fan.interpolant = settings.scene.interpolant;
        fan.point = *options.pin;
        fan.t = options.pinT;
        fan.options.paths = 24;
        fan.options.epsilon = settings.scene.epsilonSchedule();
        fan.options.seed = settings.scene.seed + 99;
        auto drawing = computeFan(fan, never);
        if (!drawing) return drawing.error();
        as.setFan(*drawing);
    }
    return scene;
}

}  // namespace flowlab::ui
