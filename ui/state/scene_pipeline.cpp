#include "state/scene_pipeline.hpp"

#include <QCoreApplication>

#include "density/pair_budget.hpp"
#include "train/component_plan.hpp"
#include "scene/density_spec.hpp"
#include "scene/scene_seeds.hpp"
#include "view/theme.hpp"

namespace flowlab::ui::scene_pipeline {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ScenePipeline", text); }

core::Result<std::shared_ptr<const core::GaussianMixture>> resolved(const core::DensitySource& source, const char* role,
                                                                    const core::DensitySource* previousSource,
                                                                    const std::shared_ptr<const core::GaussianMixture>* previous) {
    if (previous && *previous && *previousSource == source) return *previous;
    auto r = source.resolve();
    if (!r) return core::Error{std::string(role) + " density: " + r.message()};
    return std::make_shared<const core::GaussianMixture>(std::move(r).value());
}

}  // namespace

core::Result<PreparedScene> prepare(const SceneSettings& scene, std::size_t maxPairs, int threads,
                                    const PreparedScene* previous, double pruneLogRatio) {
    if (const auto p = scene.validate(); !p.empty()) return core::Error{p};
    auto base = resolved(scene.base, "base", previous ? &previous->densities.base : nullptr,
                         previous ? &previous->resolvedBase : nullptr);
    if (!base) return base.error();
    auto target = resolved(scene.target, "target", previous ? &previous->densities.target : nullptr,
                           previous ? &previous->resolvedTarget : nullptr);
    if (!target) return target.error();
    if ((*base)->dim() != 2 || (*target)->dim() != 2) {
        const int dim = (*base)->dim() != 2 ? (*base)->dim() : (*target)->dim();
        return core::Error{tr("the explorer shows 2D densities; this one is %1D").arg(dim).toStdString()};
    }
    auto interp = core::Interpolant::create(scene.interpolant, **base);
    if (!interp) return interp.error();
    auto reduced = core::reduceToPairBudget(**base, **target, maxPairs);
    if (!reduced) return reduced.error();

    PreparedScene p;
    p.densities = scene.densities();
    p.resolvedBase = *base;
    p.resolvedTarget = *target;
    if (reduced->first.size() < (*base)->size() || reduced->second.size() < (*target)->size())
        p.reduction = tr("densities reduced from %1 × %2 to %3 × %4 components to stay interactive")
                          .arg((*base)->size())
                          .arg((*target)->size())
                          .arg(reduced->first.size())
                          .arg(reduced->second.size());
    p.base = std::make_shared<const core::GaussianMixture>(std::move(reduced->first));
    p.target = std::make_shared<const core::GaussianMixture>(std::move(reduced->second));
    core::ExactFieldOptions eo;
    eo.threads = threads;
    eo.pruneLogRatio = pruneLogRatio;
    // A coupling of components has its own exact field; the sample couplings (minibatch OT,
    // Sinkhorn, reflow) have none, and the scene shows the learned field, the independent exact
    // one only as the labelled reference.
    auto exact = scene.coupling.hasExactField() ? core::exactFieldFor(scene.coupling, *p.base, *p.target, *interp, eo)
                                                : core::ExactField::create(*p.base, *p.target, *interp, eo);
    if (!exact) return exact.error();
    p.exact = std::make_shared<const core::ExactField>(std::move(exact).value());
    return p;
}

SimulationRequest simulation(const PreparedScene& prepared, const SceneSettings& scene,
                             std::shared_ptr<const core::FieldSource> field, int threads) {
    SimulationRequest rq;
    rq.base = prepared.base;
    rq.target = prepared.target;
    rq.scene = scene;
    rq.field = field ? std::move(field) : std::shared_ptr<const core::FieldSource>(prepared.exact);
    rq.threads = threads;
    rq.paletteSize = int(Theme::dark().regionPalette.size());
    return rq;
}

FieldFrameRequest fieldFrames(const PreparedScene& prepared, const ViewSettings& view, const FieldGrids& grids,
                              std::shared_ptr<const core::FieldSource> vectorSource) {
    FieldFrameRequest rq;
    rq.exact = prepared.exact;
    rq.vectorSource = vectorSource ? std::move(vectorSource) : std::shared_ptr<const core::FieldSource>(prepared.exact);
    rq.arrowField = view.arrowField;
    rq.heatGrid = grids.heat;
    rq.arrowGrid = grids.arrows;
    rq.streamGrid = grids.stream;
    rq.heatmap = view.layers.heatmap;
    rq.arrows = view.layers.arrows;
    rq.streamlines = view.layers.streamlines;
    return rq;
}

FanRequest fan(const SceneSettings& scene, std::shared_ptr<const core::FieldSource> field, QPointF point, double t) {
    FanRequest rq;
    rq.field = std::move(field);
    rq.interpolant = scene.interpolant;
    rq.point = point;
    rq.t = t;
    rq.options.paths = kFanPaths;
    rq.options.epsilon = scene.epsilonSchedule();
    rq.options.seed = core::SceneSeeds::fan(scene.seed);
    return rq;
}

}  // namespace flowlab::ui::scene_pipeline
