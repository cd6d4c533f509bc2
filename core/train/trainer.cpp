#include "train/trainer.hpp"

#include <chrono>
#include <thread>
#include <cmath>
#include <limits>
#include <mutex>

#include "net/checkpoint.hpp"
#include "net/field_model.hpp"
#include "train/batch_sampler.hpp"
#include "train/fused_adam.hpp"
#include "train/step_pool.hpp"
#include "train/threading.hpp"

namespace flowlab::core {

namespace {

using Clock = std::chrono::steady_clock;

// Smoothing of the reported EMA loss: a time constant of ~50 steps, short enough to follow a
// live plot and long enough to hide the batch noise.
constexpr double kLossSmoothing = 0.02;
// torch's clip_grad_norm_ divides by (norm + 1e-6); we do the same so the two loops agree.
constexpr double kClipEpsilon = 1e-6;
// Below this many rows a shard's matrix products get inefficient: fewer workers then.
constexpr int kMinShardRows = 32;

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

bool allFinite(const at::Tensor& t) {
    const float* p = t.data_ptr<float>();
    const auto n = t.numel();
    for (std::int64_t i = 0; i < n; ++i)
        if (!std::isfinite(p[i])) return false;
    return true;
}

std::vector<float> toVector(const at::Tensor& t) {
    const at::Tensor c = t.contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

struct Trainer::Impl {
    Impl(GaussianMixture b, GaussianMixture t, Interpolant i, TrainerOptions o, BatchSampler s)
        : base(std::move(b)),
          target(std::move(t)),
          interpolant(std::move(i)),
          options(std::move(o)),
          sampler(std::move(s)),
          net(options.network) {}

    GaussianMixture base;
    GaussianMixture target;
    Interpolant interpolant;
    TrainerOptions options;
    BatchSampler sampler;
    Rng rng{0};
    TrainingBatch batch;

    // One slice of the batch, run by one worker of the pool; shard 0's gradient is the sum.
    struct Shard {
        Shard(FieldMlp n, int r0, int r) : kernel(std::move(n), r), row0(r0), rows(r) {}
        MlpTrainKernel kernel;
        int row0;
        int rows;
        at::Tensor grad;
        std::vector<float> gradOutput;
        double loss = 0.0;
    };

    FieldMlp net;
    std::vector<std::unique_ptr<Shard>> shards;
    std::unique_ptr<StepPool> pool;
    at::Tensor grad, adamM, adamV, ema;
    TrainingState state;
    double lastLr = 0.0;

    // The last state known to be finite, restored when training diverges.
    struct Good {
        at::Tensor params, adamM, adamV, ema;
        TrainingState state;
        Rng rng{0};
    } good;

    std::atomic<int> step{0};
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> running{false};
    int poisonAt = -1;

    mutable std::mutex publishMutex;
    std::shared_ptr<const LearnedField::Model> published;

    bool useEma() const { return options.emaDecay > 0.0; }
    const at::Tensor& inferenceWeights() const { return useEma() ? ema : net->flat(); }

    ModelInfo makeInfo() const {
        ModelInfo info;
        info.base = base;
        info.target = target;
        info.interpolant = interpolant.options();
        info.field = options.target;
        info.objective = sampler.objective();
        info.output = info.objective == ObjectiveKind::DenoisingScore ? OutputParameterization::Epsilon
                                                                       : OutputParameterization::Direct;
        info.network = options.network;
        info.trainer = options;
        info.state = state;
        info.state.weightsAreEma = useEma();
        return info;
    }

    void publish() {
        auto model = makeFieldModel(makeInfo(), inferenceWeights().data_ptr<float>(),
                                    net->frequencies().data_ptr<float>());
        std::lock_guard<std::mutex> lock(publishMutex);
        published = std::move(model);
    }

    void saveGood() {
        good.params.copy_(net->flat());
        good.adamM.copy_(adamM);
        good.adamV.copy_(adamV);
        good.ema.copy_(ema);
        good.state = state;
        good.rng = rng;
    }

    void restoreGood() {
        at::NoGradGuard noGrad;
        net->flat().copy_(good.params);
        adamM.copy_(good.adamM);
        adamV.copy_(good.adamV);
        ema.copy_(good.ema);
        state = good.state;
        rng = good.rng;
        step.store(state.step);
    }

    // Splits the batch over `workers` shards (each at least kMinShardRows rows) and starts the pool.
    void setUpShards(int workers) {
        const int n = options.batchSize;
        workers = std::max(1, std::min(workers, n / kMinShardRows));
        if (pool && pool->size() == workers) return;
        pool.reset();
        shards.clear();
        int row = 0;
        for (int w = 0; w < workers; ++w) {
            const int rows = n / workers + (w < n % workers ? 1 : 0);
            auto shard = std::make_unique<Shard>(net, row, rows);
            shard->grad = w == 0 ? grad : at::zeros_like(grad);
            shard->gradOutput.assign(static_cast<std::size_t>(rows) * options.network.inputDim, 0.0f);
            shards.push_back(std::move(shard));
            row += rows;
        }
        pool = std::make_unique<StepPool>(workers, [] { setTorchThreads(1); });
    }

    void optimizerStep(double gradScale, double lr, int t) {
        const FusedAdamStep f = adamStepFor(options, gradScale, lr, t);
        fusedAdamUpdate(f, net->flat().numel(), net->flat().data_ptr<float>(), grad.data_ptr<float>(),
                        adamM.data_ptr<float>(), adamV.data_ptr<float>(), ema.data_ptr<float>());
    }

    // Returns an empty string, or why the step diverged.
    std::string trainStep() {
        sampler.draw(rng, batch);
        const int d = options.network.inputDim;
        pool->run([&](int w) {
            Shard& shard = *shards[static_cast<std::size_t>(w)];
            at::NoGradGuard noGrad;
            const std::size_t r0 = static_cast<std::size_t>(shard.row0);
            const at::Tensor& out = shard.kernel.forward(batch.t.data() + r0, batch.x.data() + r0 * d);
            shard.loss = sampler.lossAndGradient(out.data_ptr<float>(), batch, shard.row0, shard.rows,
                                                 shard.gradOutput.data());
            shard.kernel.backward(shard.gradOutput.data(), shard.grad);
        });
        double loss = 0.0;
        for (const auto& shard : shards) loss += shard->loss;
        if (!std::isfinite(loss)) return "the loss is not finite";
        // Shard gradients add up to the batch gradient (each is normalised by the whole batch).
        for (std::size_t w = 1; w < shards.size(); ++w) grad.add_(shards[w]->grad);
        const double norm = grad.norm().item<double>();
        if (!std::isfinite(norm)) return "the gradient is not finite";
        const double clip = options.gradClipNorm;
        const double scale = clip > 0.0 && norm > clip ? clip / (norm + kClipEpsilon) : 1.0;
        const int s = state.step + 1;
        lastLr = options.learningRateAt(s);
        optimizerStep(scale, lastLr, s);
        state.step = s;
        state.loss = loss;
        state.emaLoss = s == 1 ? loss : (1.0 - kLossSmoothing) * state.emaLoss + kLossSmoothing * loss;
        step.store(s);
        if (s == poisonAt) {
            poisonAt = -1;
            net->flat().fill_(std::numeric_limits<float>::quiet_NaN());
        }
        return {};
    }
};

Trainer::Trainer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Trainer::Trainer(Trainer&& other) noexcept = default;
Trainer& Trainer::operator=(Trainer&& other) noexcept = default;
Trainer::~Trainer() = default;

Result<Trainer> Trainer::create(GaussianMixture base, GaussianMixture target, const InterpolantOptions& interpolantOptions,
                                const TrainerOptions& options) {
    auto interpolant = Interpolant::create(interpolantOptions, base);
    if (!interpolant) return interpolant.error();
    auto sampler = BatchSampler::create(base, target, *interpolant, options);
    if (!sampler) return sampler.error();
    try {
        auto impl = std::make_unique<Impl>(std::move(base), std::move(target), std::move(*interpolant), options,
                                           std::move(*sampler));
        Rng init(options.seed);
        const auto weights = initialWeights(options.network, init);
        const auto frequencies = makeFrequencies(options.network, init);
        impl->net->load(weights.data(), frequencies.data());
        impl->rng = Rng(options.seed ^ 0x9E3779B97F4A7C15ull);
        const at::Tensor& flat = impl->net->flat();
        impl->grad = at::zeros_like(flat);
        impl->adamM = at::zeros_like(flat);
        impl->adamV = at::zeros_like(flat);
        impl->ema = flat.clone();
        impl->good = {flat.clone(), at::zeros_like(flat), at::zeros_like(flat), flat.clone(), impl->state, impl->rng};
        impl->publish();
        return Trainer(std::move(impl));
    } catch (const std::exception& e) {
        return Error{std::string("cannot build the network: ") + e.what()};
    }
}

Result<Trainer> Trainer::resume(const std::string& path, int steps) {
    auto data = readCheckpoint(path);
    if (!data) return data.error();
    if (!data->hasTrainingState())
        return Error{path + ": this model file holds inference weights only (no optimiser state) and cannot be resumed"};
    TrainerOptions options = data->info.trainer;
    if (steps > 0) options.steps = steps;
    auto trainer = create(data->info.base, data->info.target, data->info.interpolant, options);
    if (!trainer) return Error{path + ": " + trainer.message()};
    Impl& impl = *trainer->m_impl;
    if (impl.sampler.objective() != data->info.objective || impl.options.network != data->info.network)
        return Error{path + ": the model description is inconsistent with its training options"};
    try {
        at::NoGradGuard noGrad;
        const auto n = impl.net->flat().numel();
        const std::vector<float>& raw = data->info.state.weightsAreEma ? data->rawWeights : data->weights;
        impl.net->load(raw.data(), data->frequencies.data());
        impl.ema.copy_(at::from_blob(data->weights.data(), {n}, at::kFloat));
        impl.adamM.copy_(at::from_blob(data->adamM.data(), {n}, at::kFloat));
        impl.adamV.copy_(at::from_blob(data->adamV.data(), {n}, at::kFloat));
        impl.state = data->info.state;
        impl.step.store(impl.state.step);
        // A fresh data stream derived from the seed and the step: resuming repeats exactly.
        impl.rng = Rng(options.seed ^ 0x9E3779B97F4A7C15ull ^ (static_cast<std::uint64_t>(impl.state.step) << 20));
        impl.saveGood();
        impl.publish();
    } catch (const std::exception& e) {
        return Error{path + ": cannot restore the weights: " + e.what()};
    }
    return trainer;
}

Result<TrainSummary> Trainer::run(const TrainCallback& callback) {
    Impl& impl = *m_impl;
    if (impl.running.exchange(true)) return Error{"this trainer is already running"};
    struct Reset {
        std::atomic<bool>& flag;
        ~Reset() { flag.store(false); }
    } reset{impl.running};
    impl.stopRequested.store(false);
    // Parallelism comes from the workers, each single-threaded in torch and BLAS: one
    // synchronisation per step instead of one per operation (see README, training benchmark).
    const int previousTorchThreads = torchThreads();
    const int previousBlasThreads = blasThreads();
    struct RestoreThreads {
        int torch, blas;
        ~RestoreThreads() {
            setTorchThreads(torch);
            if (blas > 0) setBlasThreads(blas);
        }
    } restoreThreads{previousTorchThreads, previousBlasThreads};
    setTorchThreads(1);
    setBlasThreads(1);

    TrainSummary summary;
    const auto start = Clock::now();
    auto lastReport = start;
    int lastReportStep = impl.state.step;
    const int firstStep = impl.state.step;
    const double secondsBefore = impl.state.seconds;
    try {
        impl.setUpShards(impl.options.threads > 0 ? impl.options.threads : defaultWorkers());
        at::NoGradGuard noGrad;
        while (impl.state.step < impl.options.steps) {
            if (impl.stopRequested.load()) break;
            const std::string problem = impl.trainStep();
            const int s = impl.state.step;
            const bool report = s % impl.options.progressEvery == 0 || s == impl.options.steps;
            if (problem.empty() && !report) continue;
            if (problem.empty() && !allFinite(impl.net->flat())) {
                const std::string why = "training diverged at step " + std::to_string(s) +
                                        ": the weights are not finite";
                impl.restoreGood();
                impl.publish();
                return Error{why + "; the weights of step " + std::to_string(impl.state.step) +
                             " were restored. Lower the learning rate or enable gradient clipping."};
            }
            if (!problem.empty()) {
                const std::string why = "training diverged at step " + std::to_string(s + 1) + ": " + problem;
                impl.restoreGood();
                impl.publish();
                return Error{why + "; the weights of step " + std::to_string(impl.state.step) +
                             " were restored. Lower the learning rate or enable gradient clipping."};
            }
            const auto now = Clock::now();
            impl.state.seconds = secondsBefore + seconds(start, now);
            impl.saveGood();
            impl.publish();
            TrainProgress p;
            p.step = s;
            p.totalSteps = impl.options.steps;
            p.loss = impl.state.loss;
            p.emaLoss = impl.state.emaLoss;
            const double dt = seconds(lastReport, now);
            p.stepsPerSecond = dt > 0.0 ? (s - lastReportStep) / dt : 0.0;
            p.learningRate = impl.lastLr;
            p.elapsedSeconds = seconds(start, now);
            lastReport = now;
            lastReportStep = s;
            if (callback && !callback(p)) impl.stopRequested.store(true);
        }
    } catch (const std::exception& e) {
        impl.restoreGood();
        impl.publish();
        return Error{std::string("training failed: ") + e.what() + "; the weights of step " +
                     std::to_string(impl.state.step) + " were restored"};
    }
    const auto end = Clock::now();
    impl.state.seconds = secondsBefore + seconds(start, end);
    if (impl.state.step != impl.good.state.step) {
        // Stopped between reports: make the last step's weights the published ones.
        if (!allFinite(impl.net->flat())) {
            const int s = impl.state.step;
            impl.restoreGood();
            impl.publish();
            return Error{"training diverged at step " + std::to_string(s) + ": the weights are not finite; the weights of step " +
                         std::to_string(impl.state.step) + " were restored"};
        }
        impl.saveGood();
        impl.publish();
    }
    summary.outcome = impl.state.step >= impl.options.steps ? TrainOutcome::Completed : TrainOutcome::Stopped;
    summary.step = impl.state.step;
    summary.stepsThisRun = impl.state.step - firstStep;
    summary.finalLoss = impl.state.loss;
    summary.finalEmaLoss = impl.state.emaLoss;
    summary.seconds = seconds(start, end);
    summary.stepsPerSecond = summary.seconds > 0.0 ? summary.stepsThisRun / summary.seconds : 0.0;
    return summary;
}

void Trainer::requestStop() { m_impl->stopRequested.store(true); }
bool Trainer::isRunning() const { return m_impl->running.load(); }
int Trainer::step() const { return m_impl->step.load(); }

LearnedField Trainer::snapshot() const {
    std::shared_ptr<const LearnedField::Model> model;
    {
        std::lock_guard<std::mutex> lock(m_impl->publishMutex);
        model = m_impl->published;
    }
    return LearnedField(std::move(model), m_impl->interpolant);
}

Status Trainer::saveCheckpoint(const std::string& path) const {
    const Impl& impl = *m_impl;
    try {
        CheckpointData data;
        data.info = impl.makeInfo();
        data.weights = toVector(impl.inferenceWeights());
        data.frequencies = toVector(impl.net->frequencies());
        if (impl.useEma()) data.rawWeights = toVector(impl.net->flat());
        data.adamM = toVector(impl.adamM);
        data.adamV = toVector(impl.adamV);
        return writeCheckpoint(path, data);
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + e.what()};
    }
}

const TrainerOptions& Trainer::options() const { return m_impl->options; }
ModelInfo Trainer::info() const { return m_impl->makeInfo(); }

Status Trainer::setTotalSteps(int steps) {
    if (isRunning()) return Error{"cannot change the step count while training runs"};
    if (steps < 0 || steps > 1000000000) return Error{"steps must be in [0, 1e9]"};
    m_impl->options.steps = steps;
    return Status::success();
}

void Trainer::debugPoisonWeightsAtStep(int step) { m_impl->poisonAt = step; }

}  // namespace flowlab::core
