#include "worker/simulation_job.hpp"

#include <QElapsedTimer>

#include <algorithm>

#include "field/exact_field.hpp"
#include "field/row_parallel_field.hpp"
#include "sampler/sampler.hpp"
#include "scene/scene_seeds.hpp"
#include "stats/sample_distance.hpp"
#include "train/component_plan.hpp"
#include "worker/region_colors.hpp"

namespace flowlab::ui {
namespace {

/// Above this many pair-evaluations (points × pairs × NFE) a preview is worth showing first:
/// roughly half a second of one core.
constexpr double kPreviewWorkThreshold = 1.0e8;
/// The preview aims at this much work (about 50 ms of one core with the display kernel): a
/// quarter of the steps (at least kMinPreviewSteps) and as many particles as that allows.
constexpr double kPreviewWork = 2.0e7;
constexpr int kMinPreviewParticles = 200;
constexpr int kMinPreviewSteps = 25;

SimulationResult failure(std::uint64_t generation, const std::string& message) {
    SimulationResult r;
    r.generation = generation;
    r.error = QString::fromStdString(message);
    return r;
}

int stagesOf(core::SolverKind k) { return core::evaluationsPerStep(k); }

/// One integration of `start`; fills tracks, nfe, steps and seconds.
SimulationResult integrate(const SimulationRequest& rq, const core::FieldSource& field,
                           const core::Interpolant& interp, const core::Points& start,
                           const core::GaussianMixture& endRef, const core::GaussianMixture& startRef,
                           const std::atomic<bool>& cancelled, const std::function<void(double)>& onProgress,
                           std::uint64_t noiseSeed, int steps) {
    QElapsedTimer clock;
    clock.start();
    core::Rng rng(noiseSeed);
    core::SamplerOptions so = rq.scene.samplerOptions();
    so.steps = steps;
    auto run = core::sample(field, interp, start, so, rng, [&](double f) {
        if (onProgress) onProgress(f);
        return !cancelled.load();
    });
    if (!run) return failure(rq.generation, run.message());
    SimulationResult r;
    r.generation = rq.generation;
    r.nfe = run->nfe;
    r.steps = int(run->times.size()) - 1;
    auto endColors = regionColors(run->end, endRef, rq.paletteSize);
    auto startColors = regionColors(start, startRef, rq.paletteSize);
    r.tracks = ParticleTracks::create(run->times, run->trajectory, std::move(endColors), std::move(startColors));
    if (!r.tracks) return failure(rq.generation, "the sampler returned an inconsistent trajectory");
    r.seconds = clock.elapsed() / 1000.0;
    r.ok = true;
    return r;
}

}  // namespace

SimulationResult runSimulation(const SimulationRequest& rq, const std::atomic<bool>& cancelled,
                               const std::function<void(double)>& onProgress,
                               const std::function<void(const SimulationResult&)>& onPreview) {
    if (!rq.base || !rq.target) return failure(rq.generation, "no densities to simulate");
    if (rq.base->dim() != 2 || rq.target->dim() != 2) return failure(rq.generation, "the explorer shows 2D densities only");
    if (auto p = rq.scene.validate(); !p.empty()) return failure(rq.generation, p);
    auto interp = core::Interpolant::create(rq.scene.interpolant, *rq.base);
    if (!interp) return failure(rq.generation, interp.message());

    std::shared_ptr<const core::FieldSource> field = rq.field;
    std::size_t pairs = 1;
    if (!field) {
        core::ExactFieldOptions eo;
        eo.threads = rq.threads;
        auto exact = core::exactFieldFor(rq.scene.coupling, *rq.base, *rq.target, *interp, eo);
        if (!exact) return failure(rq.generation, exact.message());
        pairs = exact->pairCount();
        field = std::make_shared<const core::ExactField>(std::move(exact).value());
    } else if (const auto* exact = dynamic_cast<const core::ExactField*>(field.get())) {
        pairs = exact->pairCount();
    } else {
        // A network: the particles in one batched call per slice, a slice per worker thread
        // (each single-threaded in torch and BLAS, train/threading's interactive policy).
        field = std::make_shared<const core::RowParallelField>(field, rq.threads);
    }

    const bool generate = rq.scene.direction == Direction::Generate;
    const double t0 = generate ? 0.0 : 1.0;
    core::Rng rng(core::SceneSeeds::start(rq.scene.seed));
    const core::Points start = core::sampleStart(*rq.base, *rq.target, *interp, t0, rq.scene.particles, rng);
    const std::uint64_t noiseSeed = core::SceneSeeds::noise(rq.scene.seed);
    const core::GaussianMixture& endRef = generate ? *rq.target : *rq.base;
    const core::GaussianMixture& startRef = generate ? *rq.base : *rq.target;

    const double work = double(rq.scene.particles) * double(pairs) * rq.scene.steps * stagesOf(rq.scene.solver) *
                        (1 + rq.scene.langevinSteps);
    if (onPreview && rq.previewParticles > 0 && rq.previewParticles < rq.scene.particles && work > kPreviewWorkThreshold) {
        // The preview integrates the first particles of the same start set with a quarter of the
        // steps (the window labels it with both counts), so the full result that replaces it
        // moves them nearly alike. Its size aims at kPreviewWork, with at least a few hundred
        // particles; dopri5 chooses its own steps and keeps the scene's hint.
        const int steps = rq.scene.solver == core::SolverKind::Dopri5
                              ? rq.scene.steps
                              : std::min(rq.scene.steps, std::max(kMinPreviewSteps, rq.scene.steps / 4));
        const double perParticle = work / double(rq.scene.particles) * double(steps) / double(rq.scene.steps);
        const int count = std::clamp(int(kPreviewWork / perParticle), kMinPreviewParticles, rq.previewParticles);
        const core::Points head = start.topRows(std::min(count, rq.scene.particles));
        SimulationResult preview = integrate(rq, *field, *interp, head, endRef, startRef, cancelled,
                                             [&](double f) { if (onProgress) onProgress(0.1 * f); }, noiseSeed, steps);
        if (!preview.ok) return preview;
        preview.preview = true;
        onPreview(preview);
    }
    const double offset = work > kPreviewWorkThreshold ? 0.1 : 0.0;
    SimulationResult r = integrate(rq, *field, *interp, start, endRef, startRef, cancelled,
                                   [&](double f) { if (onProgress) onProgress(offset + (1.0 - offset) * f); },
                                   noiseSeed, rq.scene.steps);
    if (!r.ok) return r;

    // How close the end points are to the density they should follow.
    QElapsedTimer clock;
    clock.start();
    const Eigen::Index m = std::min<Eigen::Index>(rq.distanceSamples, rq.scene.particles);
    if (m >= 2 && !cancelled.load()) {
        core::Rng drng(core::SceneSeeds::distanceReference(rq.scene.seed));
        const core::Points reference = endRef.sample(m, drng);
        const float* last = r.tracks->frame(generate ? r.tracks->frameCount() - 1 : 0);
        core::Points ends(m, 2);
        for (Eigen::Index i = 0; i < m; ++i) {
            ends(i, 0) = last[2 * i];
            ends(i, 1) = last[2 * i + 1];
        }
        core::DistanceOptions dopt;
        dopt.threads = 1;
        if (auto d = core::energyDistance(ends, reference, dopt)) r.energyDistance = std::max(0.0, *d);
    }
    r.distanceSeconds = clock.elapsed() / 1000.0;
    return r;
}

}  // namespace flowlab::ui
