// Throughput of the exact engine (issue 2): exact-field evaluations and sampler steps.
// Figures: "pc/s" = point × pair (component) evaluations per second; "ps/s" = particle-steps/s.
#include <benchmark/benchmark.h>

#include "common/rng.hpp"
#include <memory>

#include "density/pair_budget.hpp"
#include "density/presets.hpp"
#include "field/exact_field.hpp"
#include "sampler/sampler.hpp"

namespace {

using namespace flowlab;

core::ExactField makeField(const std::string& target, int threads) {
    auto base = core::makePreset("gaussian");
    auto tgt = core::makePreset(target);
    auto interp = core::Interpolant::create({});
    core::ExactFieldOptions o;
    o.threads = threads;
    return std::move(core::ExactField::create(*base, *tgt, *interp, o)).value();
}

/// Exact velocity b at 10 000 points; args: threads, target preset index.
void BM_ExactVelocity(benchmark::State& state) {
    static const char* targets[] = {"8gaussians", "moons", "checkerboard"};
    const int threads = static_cast<int>(state.range(0));
    const auto field = makeField(targets[state.range(1)], threads);
    core::Rng rng(7);
    const core::Points x = 2.0 * rng.normal(10000, 2);
    core::FieldValues v;
    for (auto _ : state) {
        (void)field.evaluate(0.5, x, core::kVelocity, v);
        benchmark::DoNotOptimize(v.velocity.data());
    }
    const double pc = double(x.rows()) * double(field.pairCount());
    state.counters["pc/s"] = benchmark::Counter(pc, benchmark::Counter::kIsIterationInvariantRate);
    state.SetLabel(std::string(targets[state.range(1)]) + ", " + std::to_string(threads) + " thread(s)");
}
BENCHMARK(BM_ExactVelocity)
    ->ArgsProduct({{1, 2}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// All exact fields at once (b, s, log ρ, ∇·b) at 10 000 points, 2 threads, moons.
void BM_ExactAllFields(benchmark::State& state) {
    const auto field = makeField("moons", 2);
    core::Rng rng(7);
    const core::Points x = 2.0 * rng.normal(10000, 2);
    core::FieldValues v;
    const unsigned what = core::kVelocity | core::kScore | core::kLogDensity | core::kDivergence;
    for (auto _ : state) {
        (void)field.evaluate(0.5, x, what, v);
        benchmark::DoNotOptimize(v.divergence.data());
    }
    const double pc = double(x.rows()) * double(field.pairCount());
    state.counters["pc/s"] = benchmark::Counter(pc, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ExactAllFields)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The display's pruned 2D kernel against the exact one: moons → checkerboard (Brownian bridge),
/// 10 000 points drawn from ρ_t, b and s (what the SDE needs). Args: prune log-ratio (0 = exact),
/// t × 10. "maxRelErr" is the largest |Δb| / (|b| + 1) against the exact kernel.
void BM_ExactPruned(benchmark::State& state) {
    const double ratio = double(state.range(0));
    const double t = double(state.range(1)) / 10.0;
    // As the window: reduced to 512 pairs (a scene's moons 32 × checkerboard 64, then the budget).
    auto reduced = core::reduceToPairBudget(*core::makePreset("moons"), *core::makePreset("checkerboard"), 512);
    const auto base = std::make_shared<core::GaussianMixture>(reduced->first);
    const auto tgt = std::make_shared<core::GaussianMixture>(reduced->second);
    core::InterpolantOptions io;
    io.gamma = core::GammaKind::Brownian;
    auto interp = core::Interpolant::create(io);
    core::ExactFieldOptions o;
    o.threads = 1;
    const auto exact = std::move(core::ExactField::create(*base, *tgt, *interp, o)).value();
    o.pruneLogRatio = ratio;
    const auto field = std::move(core::ExactField::create(*base, *tgt, *interp, o)).value();
    core::Rng rng(7);
    const core::Points x = core::sampleInterpolant(*base, *tgt, *interp, t, 10000, rng);
    const unsigned what = core::kVelocity | core::kScore;
    core::FieldValues v, ref;
    (void)exact.evaluate(t, x, what, ref);
    for (auto _ : state) {
        (void)field.evaluate(t, x, what, v);
        benchmark::DoNotOptimize(v.velocity.data());
    }
    const Eigen::ArrayXd err = (v.velocity - ref.velocity).rowwise().norm().array() /
                               (ref.velocity.rowwise().norm().array() + 1.0);
    state.counters["maxRelErr"] = err.maxCoeff();
    state.counters["pc/s"] = benchmark::Counter(double(x.rows()) * double(field.pairCount()),
                                                benchmark::Counter::kIsIterationInvariantRate);
    state.SetLabel(std::to_string(field.pairCount()) + " pairs");
}
BENCHMARK(BM_ExactPruned)
    ->ArgsProduct({{0, 13, 20}, {1, 5, 9}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Sampler throughput: 10 000 particles, 100 steps, gaussian → 8gaussians, 2 threads.
/// Args: solver (0 = euler, 3 = rk4, 5 = em).
void BM_Sampler(benchmark::State& state) {
    const auto field = makeField("8gaussians", 2);
    const auto solver = static_cast<core::SolverKind>(state.range(0));
    core::SamplerOptions o;
    o.solver = solver;
    o.steps = 100;
    o.epsilon.value = 1.0;
    core::Rng rng(3);
    const core::Points start = rng.normal(10000, 2);
    for (auto _ : state) {
        auto r = core::sample(field, field.interpolant(), start, o, rng);
        benchmark::DoNotOptimize(r.ok());
    }
    state.counters["ps/s"] =
        benchmark::Counter(double(start.rows()) * o.steps, benchmark::Counter::kIsIterationInvariantRate);
    state.SetLabel(core::toString(solver));
}
BENCHMARK(BM_Sampler)->Arg(0)->Arg(3)->Arg(5)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
