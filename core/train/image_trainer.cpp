#include "train/image_trainer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

#include "net/unet.hpp"
#include "train/batch_sampler.hpp"
#include "train/fused_adam.hpp"
#include "train/image_coupling.hpp"
#include "train/step_pool.hpp"
#include "train/threading.hpp"

namespace flowlab::core {

namespace {

using Clock = std::chrono::steady_clock;

// Smoothing of the reported EMA loss and the clipping epsilon: as the 2D trainer.
constexpr double kLossSmoothing = 0.02;
constexpr double kClipEpsilon = 1e-6;
// Uniform dequantisation spreads a pixel over its bin of width 2/256 in [−1, 1].
constexpr double kBinWidth = 2.0 / 256.0;
constexpr std::uint64_t kStreamSalt = 0x9E3779B97F4A7C15ull;
// Below this many images a worker's convolutions get inefficient: fewer workers then.
constexpr int kMinShardImages = 8;

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

std::vector<float> toVector(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kCPU).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

ImageDataInfo describeImageData(const ImageDataset& data, const ImageDataOptions& source) {
    ImageDataInfo info;
    info.source = source;
    info.description = data.description;
    info.channels = data.channels;
    info.height = data.height;
    info.width = data.width;
    info.classNames = data.classNames;
    info.images = static_cast<long long>(data.size());
    return info;
}

std::string imageDataMismatch(const ImageDataInfo& trained, const ImageDataset& data) {
    const ImageDataInfo now = describeImageData(data, trained.source);
    if (now.channels == trained.channels && now.height == trained.height && now.width == trained.width &&
        now.classNames == trained.classNames && now.description == trained.description)
        return {};
    return "the model was trained on " + trained.description + " (" + std::to_string(trained.height) + "×" +
           std::to_string(trained.width) + "), not on " + data.description + " (" + std::to_string(data.height) +
           "×" + std::to_string(data.width) + ")";
}

ImageTrainerOptions ImageTrainerOptions::defaults() {
    ImageTrainerOptions o;
    o.training.learningRate = 1e-3;
    o.training.batchSize = 64;
    o.training.steps = 2000;
    o.training.warmupSteps = 100;
    o.training.progressEvery = 100;
    return o;
}

std::string ImageTrainerOptions::validate(const Interpolant& interpolant) const {
    if (auto p = network.validate(); !p.empty()) return p;
    if (auto p = training.validate(interpolant); !p.empty()) return p;
    if (!(classDropout >= 0.0 && classDropout <= 1.0)) return "the class dropout must be in [0, 1]";
    if (auto device = parseTorchDevice(this->device); !device) return device.message();
    return {};
}

struct ImageTrainer::Impl {
    Impl(ImageDataset d, Interpolant i, ImageTrainerOptions o, ObjectiveKind obj)
        : data(std::move(d)),
          interpolant(std::move(i)),
          options(std::move(o)),
          objective(obj),
          rule(interpolant, options.training.target, obj),
          net(options.network, options.training.seed) {}

    ImageDataset data;
    Interpolant interpolant;
    ImageTrainerOptions options;
    ObjectiveKind objective;
    TargetRule rule;
    UNet net;
    torch::Device device{torch::kCPU};
    double tLo = 0.0, tHi = 1.0;
    Rng rng{0};

    // One batch on the host.
    std::vector<float> x, t, y, gradOut;
    std::vector<std::int64_t> labels;
    // The coupling of the pairs (none: independent, drawn by the legacy stream) and its draws.
    std::optional<ImagePairSampler> pairs;
    ImagePairs coupled;

    // One slice of the batch, run by one worker of the pool on a replica that shares the
    // weights; shard 0 runs the network itself and its gradient becomes the sum.
    struct Shard {
        UNet net{nullptr};
        at::Tensor grad;
        int row0 = 0;
        int rows = 0;
        double loss = 0.0;
    };
    std::vector<std::unique_ptr<Shard>> shards;
    std::unique_ptr<StepPool> pool;

    at::Tensor grad, adamM, adamV, ema;
    TrainingState state;
    double lastLr = 0.0;
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
    std::shared_ptr<const UNetModel> published;

    bool useEma() const { return options.training.emaDecay > 0.0; }
    const at::Tensor& inferenceWeights() const { return useEma() ? ema : net->flat(); }

    ImageModelInfo makeInfo() const {
        ImageModelInfo info;
        info.data = describeImageData(data, options.dataSource);
        info.interpolant = interpolant.options();
        info.field = options.training.target;
        info.objective = objective;
        info.output = objective == ObjectiveKind::DenoisingScore ? OutputParameterization::Epsilon
                                                                 : OutputParameterization::Direct;
        info.network = options.network;
        info.trainer = options.training;
        info.classDropout = options.network.classCount > 0 ? options.classDropout : 0.0;
        info.dequantize = options.dequantize;
        info.device = options.device;
        info.state = state;
        info.state.weightsAreEma = useEma();
        return info;
    }

    Status publish() {
        auto model = makeUNetModel(makeInfo(), toVector(inferenceWeights()), device);
        if (!model) return model.error();
        std::lock_guard<std::mutex> lock(publishMutex);
        published = std::move(*model);
        return Status::success();
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

    void allocate() {
        const at::Tensor& flat = net->flat();
        grad = at::zeros_like(flat);
        adamM = at::zeros_like(flat);
        adamV = at::zeros_like(flat);
        ema = flat.clone();
        good = {flat.clone(), at::zeros_like(flat), at::zeros_like(flat), flat.clone(), state, rng};
        net->bindGradients(grad);
    }

    // Splits the batch over `workers` shards (each at least kMinShardImages images; one off
    // the CPU) and starts the pool.
    void setUpShards(int workers) {
        const int n = options.training.batchSize;
        workers = device.is_cpu() ? std::max(1, std::min(workers, n / kMinShardImages)) : 1;
        if (pool && pool->size() == workers) return;
        pool.reset();
        shards.clear();
        int row = 0;
        for (int w = 0; w < workers; ++w) {
            auto shard = std::make_unique<Shard>();
            shard->rows = n / workers + (w < n % workers ? 1 : 0);
            shard->row0 = row;
            row += shard->rows;
            if (w == 0) {
                shard->net = net;
                shard->grad = grad;
            } else {
                shard->net = UNet(options.network, 0);
                shard->net->shareParameters(*net);
                shard->grad = at::zeros_like(grad);
                shard->net->bindGradients(shard->grad);
            }
            shards.push_back(std::move(shard));
        }
        pool = std::make_unique<StepPool>(workers, [] { setTorchThreads(1); });
    }

    // Draws (t, x_t, target, label) for every row (docs/maths.md §5; antithetic rows 2i, 2i+1
    // share t, x0, x1 and the label and flip z).
    void drawBatch() {
        const int n = options.training.batchSize;
        const int d = options.network.dim();
        x.resize(static_cast<std::size_t>(n) * d);
        y.resize(x.size());
        gradOut.resize(x.size());
        t.resize(static_cast<std::size_t>(n));
        labels.assign(static_cast<std::size_t>(n), 0);
        const bool noise = interpolant.hasLatentNoise();
        const bool anti = options.training.antithetic && noise;
        const int classes = options.network.classCount;
        const int fresh = anti ? n / 2 : n;
        if (pairs) {
            drawCoupled(fresh, anti);
            return;
        }
        // Independent pairs: one row's draws after another, the stream of every model trained
        // before couplings existed.
        std::vector<double> x0(static_cast<std::size_t>(d)), x1(x0.size()), z(x0.size());
        for (int i = 0; i < fresh; ++i) {
            const double ti = tLo + (tHi - tLo) * rng.uniform();
            const InterpolantCoeffs c = interpolant.coeffs(ti);
            const std::size_t image = static_cast<std::size_t>(rng.index(data.size()));
            const float* src = data.image(image);
            for (int k = 0; k < d; ++k) {
                const auto kk = static_cast<std::size_t>(k);
                x0[kk] = rng.normal();
                x1[kk] = src[k] + (options.dequantize ? (rng.uniform() - 0.5) * kBinWidth : 0.0);
                z[kk] = noise ? rng.normal() : 0.0;
            }
            std::int64_t label = 0;
            if (classes > 0) {
                label = data.labels[image];
                if (rng.uniform() < options.classDropout) label = classes;
            }
            writeRows(i, anti, ti, c, x0.data(), x1.data(), z.data(), label);
        }
    }

    // Under a coupling: the batch's fresh pairs first, paired by the coupling (labels follow
    // their images), then t, z and the label dropout per pair.
    void drawCoupled(int fresh, bool anti) {
        const int d = options.network.dim();
        const bool noise = interpolant.hasLatentNoise();
        const int classes = options.network.classCount;
        pairs->draw(data, fresh, rng, coupled);
        std::vector<double> z(static_cast<std::size_t>(d), 0.0);
        for (int i = 0; i < fresh; ++i) {
            const double ti = tLo + (tHi - tLo) * rng.uniform();
            const InterpolantCoeffs c = interpolant.coeffs(ti);
            for (int k = 0; k < d; ++k) z[static_cast<std::size_t>(k)] = noise ? rng.normal() : 0.0;
            std::int64_t label = 0;
            if (classes > 0) {
                label = coupled.labels[static_cast<std::size_t>(i)];
                if (rng.uniform() < options.classDropout) label = classes;
            }
            writeRows(i, anti, ti, c, coupled.x0.row(i).data(), coupled.x1.row(i).data(), z.data(), label);
        }
    }

    // Row i of the fresh draws (rows 2i, 2i + 1 with z flipped when antithetic).
    void writeRows(int i, bool anti, double ti, const InterpolantCoeffs& c, const double* x0, const double* x1,
                   const double* z, std::int64_t label) {
        const int d = options.network.dim();
        for (int copy = 0; copy < (anti ? 2 : 1); ++copy) {
            const double sign = copy == 0 ? 1.0 : -1.0;
            const std::size_t row = static_cast<std::size_t>(anti ? 2 * i + copy : i);
            t[row] = static_cast<float>(ti);
            labels[row] = label;
            float* xr = x.data() + row * d;
            float* yr = y.data() + row * d;
            for (int k = 0; k < d; ++k) {
                const double zk = sign * z[k];
                xr[k] = static_cast<float>(c.alpha * x0[k] + c.beta * x1[k] + c.gamma * zk);
                yr[k] = static_cast<float>(rule(c, x0[k], x1[k], zk));
            }
        }
    }

    void optimizerStep(double gradScale, double lr, int s) {
        const FusedAdamStep f = adamStepFor(options.training, gradScale, lr, s);
        if (device.is_cpu()) {
            fusedAdamUpdate(f, net->flat().numel(), net->flat().data_ptr<float>(), grad.data_ptr<float>(),
                            adamM.data_ptr<float>(), adamV.data_ptr<float>(), ema.data_ptr<float>());
            return;
        }
        // The same update with tensor operations where the weights are not in host memory.
        at::Tensor p = net->flat();
        const at::Tensor g = grad * f.gradScale;
        adamM.mul_(f.beta1).add_(g, 1.0f - f.beta1);
        adamV.mul_(f.beta2).addcmul_(g, g, 1.0f - f.beta2);
        p.mul_(f.decay).addcdiv_(adamM, adamV.sqrt() * f.invSqrtBc2 + f.epsilon, -f.stepSize);
        if (f.ema) ema.mul_(f.emaDecay).add_(p, 1.0f - f.emaDecay);
    }

    // Returns an empty string, or why the step diverged.
    std::string trainStep() {
        drawBatch();
        const auto& o = options.network;
        const int n = options.training.batchSize;
        const std::size_t d = static_cast<std::size_t>(o.dim());
        pool->run([&](int w) {
            Shard& shard = *shards[static_cast<std::size_t>(w)];
            const std::size_t r0 = static_cast<std::size_t>(shard.row0);
            const int rows = shard.rows;
            const at::Tensor xt =
                at::from_blob(x.data() + r0 * d, {rows, o.channels, o.height, o.width}, at::kFloat).to(device);
            const at::Tensor tt = at::from_blob(t.data() + r0, {rows}, at::kFloat).to(device);
            const at::Tensor lt = at::from_blob(labels.data() + r0, {rows}, at::kLong).to(device);
            shard.grad.zero_();
            at::AutoGradMode enable(true);
            const at::Tensor out = shard.net->forward(xt, tt, lt);
            const at::Tensor host = out.detach().to(at::kCPU).contiguous();
            // Each share is normalised by the whole batch, so the shards' losses and gradients add up.
            shard.loss = lossAndGradient(rule.lossForm(), host.data_ptr<float>(), y.data() + r0 * d, rows * d, 1.0 / n,
                                         gradOut.data() + r0 * d);
            if (std::isfinite(shard.loss))
                out.backward(at::from_blob(gradOut.data() + r0 * d, out.sizes(), at::kFloat).to(device));
        });
        double loss = 0.0;
        for (const auto& shard : shards) loss += shard->loss;
        if (!std::isfinite(loss)) return "the loss is not finite";
        for (std::size_t w = 1; w < shards.size(); ++w) grad.add_(shards[w]->grad);
        const double norm = grad.norm().item<double>();
        if (!std::isfinite(norm)) return "the gradient is not finite";
        const double clip = options.training.gradClipNorm;
        const double scale = clip > 0.0 && norm > clip ? clip / (norm + kClipEpsilon) : 1.0;
        const int s = state.step + 1;
        lastLr = options.training.learningRateAt(s);
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

    bool weightsFinite() const { return at::isfinite(net->flat()).all().item<bool>(); }
};

ImageTrainer::ImageTrainer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ImageTrainer::ImageTrainer(ImageTrainer&& other) noexcept = default;
ImageTrainer& ImageTrainer::operator=(ImageTrainer&& other) noexcept = default;
ImageTrainer::~ImageTrainer() = default;

Result<ImageTrainer> ImageTrainer::create(ImageDataset train, const InterpolantOptions& interpolantOptions,
                                          const ImageTrainerOptions& options) {
    auto interpolant = Interpolant::create(interpolantOptions);
    if (!interpolant) return interpolant.error();
    if (auto p = options.validate(*interpolant); !p.empty()) return Error{p};
    if (train.size() == 0 || train.dim() <= 0) return Error{"the training set holds no images"};
    if (train.pixels.size() != train.size() * static_cast<std::size_t>(train.dim()))
        return Error{"the training set's pixel count is not a whole number of images"};
    const UNetOptions& n = options.network;
    if (n.channels != train.channels || n.height != train.height || n.width != train.width)
        return Error{"the network expects " + std::to_string(n.channels) + "×" + std::to_string(n.height) + "×" +
                     std::to_string(n.width) + " images but the data set holds " + std::to_string(train.channels) +
                     "×" + std::to_string(train.height) + "×" + std::to_string(train.width)};
    if (n.classCount > 0) {
        if (!train.hasLabels() || n.classCount != train.classCount())
            return Error{"a class-conditional network needs the data set's labels (" +
                         std::to_string(train.classCount()) + " classes)"};
        if (train.labels.size() != train.size()) return Error{"the data set has a label count unlike its image count"};
        for (int label : train.labels)
            if (label < 0 || label >= n.classCount) return Error{"the data set holds a label outside its classes"};
    }
    for (float v : train.pixels)
        if (!std::isfinite(v)) return Error{"the training set holds non-finite pixel values"};
    auto device = parseTorchDevice(options.device);
    if (!device) return device.error();
    try {
        const ObjectiveKind objective = options.training.resolvedObjective(*interpolant);
        auto impl = std::make_unique<Impl>(std::move(train), *interpolant, options, objective);
        std::tie(impl->tLo, impl->tHi) = options.training.resolvedTimeRange(*interpolant);
        impl->device = *device;
        impl->net->moveTo(*device);
        impl->rng = Rng(options.training.seed ^ kStreamSalt);
        if (options.training.coupling.isCoupled()) {
            auto pairs = ImagePairSampler::create(options.training.coupling, impl->data, options.dequantize,
                                                  options.network.classCount > 0, options.training.seed);
            if (!pairs) return pairs.error();
            impl->pairs.emplace(std::move(*pairs));
        }
        impl->allocate();
        if (Status st = impl->publish(); !st) return st.message().empty() ? Error{"cannot publish"} : Error{st.message()};
        return ImageTrainer(std::move(impl));
    } catch (const std::exception& e) {
        return Error{std::string("cannot build the U-Net: ") + e.what()};
    }
}

Result<ImageTrainer> ImageTrainer::resume(const std::string& path, ImageDataset train, int steps) {
    auto data = readUNetCheckpoint(path);
    if (!data) return data.error();
    if (!data->hasTrainingState())
        return Error{path + ": this model file holds inference weights only (no optimiser state) and cannot be resumed"};
    const ImageModelInfo& info = data->info;
    if (std::string why = imageDataMismatch(info.data, train); !why.empty()) return Error{path + ": " + why};
    ImageTrainerOptions options;
    options.network = info.network;
    options.training = info.trainer;
    if (steps > 0) options.training.steps = steps;
    options.classDropout = info.network.classCount > 0 ? info.classDropout : ImageTrainerOptions{}.classDropout;
    options.dequantize = info.dequantize;
    options.device = info.device;
    options.dataSource = info.data.source;
    auto trainer = create(std::move(train), info.interpolant, options);
    if (!trainer) return Error{path + ": " + trainer.message()};
    Impl& impl = *trainer->m_impl;
    if (impl.objective != info.objective) return Error{path + ": the model description is inconsistent with its options"};
    const auto n = static_cast<std::size_t>(impl.net->parameterCount());
    if (data->weights.size() != n)
        return Error{path + ": the weights hold " + std::to_string(data->weights.size()) + " numbers but " +
                     info.network.describe() + " needs " + std::to_string(n)};
    try {
        at::NoGradGuard noGrad;
        auto load = [&](at::Tensor& dst, const std::vector<float>& src) {
            dst.copy_(at::from_blob(const_cast<float*>(src.data()), {static_cast<std::int64_t>(n)}, at::kFloat));
        };
        at::Tensor flat = impl.net->flat();
        load(flat, info.state.weightsAreEma ? data->rawWeights : data->weights);
        load(impl.ema, data->weights);
        load(impl.adamM, data->adamM);
        load(impl.adamV, data->adamV);
        impl.state = info.state;
        impl.step.store(impl.state.step);
        // A fresh data stream derived from the seed and the step: resuming repeats exactly.
        impl.rng = Rng(options.training.seed ^ kStreamSalt ^ (static_cast<std::uint64_t>(impl.state.step) << 20));
        impl.saveGood();
        if (Status st = impl.publish(); !st) return Error{path + ": " + st.message()};
    } catch (const std::exception& e) {
        return Error{path + ": cannot restore the weights: " + e.what()};
    }
    return trainer;
}

Result<TrainSummary> ImageTrainer::run(const TrainCallback& callback) {
    Impl& impl = *m_impl;
    if (impl.running.exchange(true)) return Error{"this trainer is already running"};
    struct Reset {
        std::atomic<bool>& flag;
        ~Reset() { flag.store(false); }
    } reset{impl.running};
    impl.stopRequested.store(false);
    // Torch's and BLAS's thread counts are process-wide: set for the run, then restored.
    struct RestoreThreads {
        int torch, blas;
        ~RestoreThreads() {
            setTorchThreads(torch);
            if (blas > 0) setBlasThreads(blas);
        }
    } restoreThreads{torchThreads(), blasThreads()};
    // Parallelism comes from data-parallel workers, each single-threaded in torch and BLAS:
    // one synchronisation per step instead of one per operation (see scripts/bench-train-unet).
    setTorchThreads(1);
    setBlasThreads(1);
    keepLargeAllocations();

    const TrainerOptions& o = impl.options.training;
    TrainSummary summary;
    const auto start = Clock::now();
    auto lastReport = start;
    int lastReportStep = impl.state.step;
    const int firstStep = impl.state.step;
    const double secondsBefore = impl.state.seconds;
    auto diverged = [&](const std::string& why) -> Error {
        impl.restoreGood();
        impl.publish();
        return Error{why + "; the weights of step " + std::to_string(impl.state.step) +
                     " were restored. Lower the learning rate or enable gradient clipping."};
    };
    try {
        impl.setUpShards(o.threads > 0 ? o.threads : defaultWorkers());
        while (impl.state.step < o.steps) {
            if (impl.stopRequested.load()) break;
            const std::string problem = impl.trainStep();
            if (!problem.empty())
                return diverged("training diverged at step " + std::to_string(impl.state.step + 1) + ": " + problem);
            const int s = impl.state.step;
            if (s % o.progressEvery != 0 && s != o.steps) continue;
            if (!impl.weightsFinite())
                return diverged("training diverged at step " + std::to_string(s) + ": the weights are not finite");
            const auto now = Clock::now();
            impl.state.seconds = secondsBefore + seconds(start, now);
            impl.saveGood();
            if (Status st = impl.publish(); !st) return Error{st.message()};
            TrainProgress p;
            p.step = s;
            p.totalSteps = o.steps;
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
        const auto end = Clock::now();
        impl.state.seconds = secondsBefore + seconds(start, end);
        if (impl.state.step != impl.good.state.step) {
            // Stopped between reports: make the last step's weights the published ones.
            if (!impl.weightsFinite())
                return diverged("training diverged at step " + std::to_string(impl.state.step) +
                                ": the weights are not finite");
            impl.saveGood();
            if (Status st = impl.publish(); !st) return Error{st.message()};
        }
        summary.seconds = seconds(start, end);
    } catch (const std::exception& e) {
        impl.restoreGood();
        impl.publish();
        return Error{std::string("training failed: ") + e.what() + "; the weights of step " +
                     std::to_string(impl.state.step) + " were restored"};
    }
    summary.outcome = impl.state.step >= o.steps ? TrainOutcome::Completed : TrainOutcome::Stopped;
    summary.step = impl.state.step;
    summary.stepsThisRun = impl.state.step - firstStep;
    summary.finalLoss = impl.state.loss;
    summary.finalEmaLoss = impl.state.emaLoss;
    summary.stepsPerSecond = summary.seconds > 0.0 ? summary.stepsThisRun / summary.seconds : 0.0;
    return summary;
}

void ImageTrainer::requestStop() { m_impl->stopRequested.store(true); }
bool ImageTrainer::isRunning() const { return m_impl->running.load(); }
int ImageTrainer::step() const { return m_impl->step.load(); }

Result<UNetField> ImageTrainer::snapshot(int classLabel, double guidance) const {
    std::shared_ptr<const UNetModel> model;
    {
        std::lock_guard<std::mutex> lock(m_impl->publishMutex);
        model = m_impl->published;
    }
    return UNetField::create(std::move(model), classLabel, guidance);
}

Status ImageTrainer::saveCheckpoint(const std::string& path) const {
    const Impl& impl = *m_impl;
    try {
        UNetCheckpoint data;
        data.info = impl.makeInfo();
        data.weights = toVector(impl.inferenceWeights());
        if (impl.useEma()) data.rawWeights = toVector(impl.net->flat());
        data.adamM = toVector(impl.adamM);
        data.adamV = toVector(impl.adamV);
        return writeUNetCheckpoint(path, data);
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + e.what()};
    }
}

const ImageTrainerOptions& ImageTrainer::options() const { return m_impl->options; }
ImageModelInfo ImageTrainer::info() const { return m_impl->makeInfo(); }

double ImageTrainer::flopsPerStep() const {
    return 3.0 * 2.0 * static_cast<double>(m_impl->net->macsPerImage()) * m_impl->options.training.batchSize;
}

DataFreeLoss ImageTrainer::dataFreeLoss(int batches) {
    Impl& impl = *m_impl;
    const Rng stream = impl.rng;
    const int n = impl.options.training.batchSize;
    const std::size_t count = static_cast<std::size_t>(n) * static_cast<std::size_t>(impl.options.network.dim());
    const std::vector<float> zero(count, 0.0f);
    std::vector<float> grad(count);
    double zeroLoss = 0.0, oracleLoss = 0.0;
    batches = std::max(1, batches);
    for (int b = 0; b < batches; ++b) {
        impl.drawBatch();
        const LossForm form = impl.rule.lossForm();
        zeroLoss += lossAndGradient(form, zero.data(), impl.y.data(), count, 1.0 / n, grad.data());
        // The output equal to each sample's own target: the lowest value the loss form takes.
        oracleLoss += lossAndGradient(form, impl.y.data(), impl.y.data(), count, 1.0 / n, grad.data());
    }
    impl.rng = stream;
    DataFreeLoss d;
    d.zeroOutput = zeroLoss / batches;
    d.scale = (zeroLoss - oracleLoss) / batches;
    return d;
}

long long ImageTrainer::parameterCount() const { return m_impl->net->parameterCount(); }

Status ImageTrainer::setTotalSteps(int steps) {
    if (isRunning()) return Error{"cannot change the step count while training runs"};
    if (steps < 0 || steps > 1000000000) return Error{"steps must be in [0, 1e9]"};
    m_impl->options.training.steps = steps;
    return Status::success();
}

Status ImageTrainer::setBatchSize(int batchSize) {
    if (isRunning()) return Error{"cannot change the batch size while training runs"};
    Impl& impl = *m_impl;
    if (batchSize == impl.options.training.batchSize) return Status::success();
    ImageTrainerOptions next = impl.options;
    next.training.batchSize = batchSize;
    if (std::string p = next.validate(impl.interpolant); !p.empty()) return Error{p};
    impl.options = std::move(next);
    // The shards split the old batch: the next run splits the new one.
    impl.pool.reset();
    impl.shards.clear();
    return Status::success();
}

Status ImageTrainer::setLearningRate(double learningRate) {
    if (isRunning()) return Error{"cannot change the learning rate while training runs"};
    Impl& impl = *m_impl;
    if (learningRate == impl.options.training.learningRate) return Status::success();
    ImageTrainerOptions next = impl.options;
    next.training.learningRate = learningRate;
    if (std::string p = next.validate(impl.interpolant); !p.empty()) return Error{p};
    impl.options = std::move(next);
    return Status::success();
}

Status ImageTrainer::setProgressEvery(int every) {
    if (isRunning()) return Error{"cannot change the report interval while training runs"};
    if (every < 1) return Error{"the report interval must be at least 1 step"};
    m_impl->options.training.progressEvery = every;
    return Status::success();
}

void ImageTrainer::debugPoisonWeightsAtStep(int step) { m_impl->poisonAt = step; }

}  // namespace flowlab::core
