#include "net/field_mlp.hpp"

#include <algorithm>
#include <cmath>

#include "net/field_model.hpp"
#include "net/net_diagnostics.hpp"

#include <chrono>

namespace flowlab::core {

namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr double kSoftplusThreshold = 20.0;

int featureDim(const NetworkOptions& o) { return o.inputDim + 2 * o.timeFrequencies; }

}  // namespace

torch::Tensor timeFeatures(const torch::Tensor& t, const torch::Tensor& frequencies) {
    const torch::Tensor arg = at::outer(t.reshape({-1}), frequencies) * kTwoPi;
    return at::cat({at::sin(arg), at::cos(arg)}, 1);
}

FieldMlpImpl::FieldMlpImpl(const NetworkOptions& options) : m_options(options) {
    const auto opts = at::TensorOptions().dtype(at::kFloat);
    m_flat = at::zeros({options.parameterCount()}, opts);
    m_frequencies = register_buffer("frequencies", at::zeros({options.timeFrequencies}, opts));
    std::int64_t offset = 0;
    std::int64_t in = featureDim(options);
    for (int l = 0; l <= options.depth; ++l) {
        const std::int64_t out = l == options.depth ? options.inputDim : options.width;
        torch::Tensor w = m_flat.narrow(0, offset, out * in).view({out, in});
        offset += out * in;
        torch::Tensor b = m_flat.narrow(0, offset, out);
        offset += out;
        m_weights.push_back(register_parameter("weight" + std::to_string(l), w, /*requires_grad=*/false));
        m_biases.push_back(register_parameter("bias" + std::to_string(l), b, /*requires_grad=*/false));
        in = out;
    }
}

namespace {

torch::Tensor activate(Activation kind, torch::Tensor a) {
    // In place when nothing records the graph: saves an allocation and a pass over memory.
    const bool inPlace = !at::GradMode::is_enabled();
    switch (kind) {
        case Activation::SiLU: return inPlace ? at::silu_(a) : at::silu(a);
        case Activation::ReLU: return inPlace ? at::relu_(a) : at::relu(a);
        case Activation::Tanh: return inPlace ? at::tanh_(a) : at::tanh(a);
        case Activation::Gelu: return at::gelu(a);
        case Activation::Softplus: return at::softplus(a, 1.0, kSoftplusThreshold);
    }
    return a;
}

}  // namespace

torch::Tensor FieldMlpImpl::forward(const torch::Tensor& t, const torch::Tensor& x) const {
    torch::Tensor h = at::cat({x, timeFeatures(t, m_frequencies)}, 1);
    const std::size_t last = m_weights.size() - 1;
    for (std::size_t l = 0; l < last; ++l) h = activate(m_options.activation, at::addmm(m_biases[l], h, m_weights[l].t()));
    return at::addmm(m_biases[last], h, m_weights[last].t());
}

torch::Tensor FieldMlpImpl::forwardAt(double t, const torch::Tensor& x) const {
    const std::int64_t d = m_options.inputDim;
    const torch::Tensor& w0 = m_weights[0];
    const torch::Tensor features = timeFeatures(at::full({1}, t, at::kFloat), m_frequencies).reshape({-1});
    const torch::Tensor bias0 = at::addmv(m_biases[0], w0.narrow(1, d, w0.size(1) - d), features);
    torch::Tensor h = at::addmm(bias0, x, w0.narrow(1, 0, d).t());
    const std::size_t last = m_weights.size() - 1;
    for (std::size_t l = 1; l <= last; ++l) {
        h = activate(m_options.activation, h);
        h = at::addmm(m_biases[l], h, m_weights[l].t());
    }
    return h;
}

void FieldMlpImpl::load(const float* weights, const float* frequencies) {
    at::NoGradGuard noGrad;
    m_flat.copy_(at::from_blob(const_cast<float*>(weights), {m_flat.numel()}, at::kFloat));
    m_frequencies.copy_(at::from_blob(const_cast<float*>(frequencies), {m_frequencies.numel()}, at::kFloat));
}

std::shared_ptr<const FieldModel> makeFieldModel(ModelInfo info, const float* weights, const float* frequencies) {
    auto model = std::make_shared<FieldModel>();
    model->net = FieldMlp(info.network);
    model->net->load(weights, frequencies);
    model->net->eval();
    model->info = std::move(info);
    return model;
}

std::vector<float> initialWeights(const NetworkOptions& options, Rng& rng) {
    std::vector<float> w;
    w.reserve(static_cast<std::size_t>(options.parameterCount()));
    int in = featureDim(options);
    for (int l = 0; l <= options.depth; ++l) {
        const int out = l == options.depth ? options.inputDim : options.width;
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        for (long long i = 0; i < static_cast<long long>(out) * in + out; ++i)
            w.push_back(static_cast<float>((2.0 * rng.uniform() - 1.0) * bound));
        in = out;
    }
    return w;
}

std::vector<float> makeFrequencies(const NetworkOptions& options, Rng& rng) {
    const int k = options.timeFrequencies;
    std::vector<float> f(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) {
        if (options.timeEmbedding == TimeEmbedding::Fourier) {
            f[static_cast<std::size_t>(i)] = static_cast<float>(options.fourierScale * rng.normal());
        } else {
            const double lo = 0.25, hi = 4.0 * options.fourierScale;
            const double u = k == 1 ? 0.0 : static_cast<double>(i) / (k - 1);
            f[static_cast<std::size_t>(i)] = static_cast<float>(lo * std::pow(hi / lo, u));
        }
    }
    return f;
}

void activationForward(Activation kind, const torch::Tensor& a, torch::Tensor& h) {
    switch (kind) {
        case Activation::SiLU: at::silu_out(h, a); break;
        case Activation::ReLU: at::clamp_min_out(h, a, 0.0); break;
        case Activation::Tanh: at::tanh_out(h, a); break;
        case Activation::Gelu: at::gelu_out(h, a); break;
        case Activation::Softplus: at::softplus_out(h, a, 1.0, kSoftplusThreshold); break;
    }
}

void activationBackward(Activation kind, const torch::Tensor& gradH, const torch::Tensor& a, const torch::Tensor& h,
                        torch::Tensor& gradA) {
    switch (kind) {
        case Activation::SiLU: at::silu_backward_out(gradA, gradH, a); break;
        case Activation::ReLU: at::threshold_backward_out(gradA, gradH, h, 0.0); break;
        case Activation::Tanh: at::tanh_backward_out(gradA, gradH, h); break;
        case Activation::Gelu: at::gelu_backward_out(gradA, gradH, a); break;
        case Activation::Softplus: at::softplus_backward_out(gradA, gradH, a, 1.0, kSoftplusThreshold); break;
    }
}

MlpTrainKernel::MlpTrainKernel(FieldMlp net, int batchSize) : m_net(std::move(net)), m_batch(batchSize) {
    const auto& o = m_net->options();
    const auto opts = at::TensorOptions().dtype(at::kFloat);
    m_input = at::empty({batchSize, featureDim(o)}, opts);
    m_times = at::empty({batchSize}, opts);
    m_arg = at::empty({batchSize, o.timeFrequencies}, opts);
    for (int l = 0; l < o.depth; ++l) {
        m_pre.push_back(at::empty({batchSize, o.width}, opts));
        m_post.push_back(at::empty({batchSize, o.width}, opts));
    }
    m_output = at::empty({batchSize, o.inputDim}, opts);
    m_gradOut = at::empty({batchSize, o.inputDim}, opts);
    m_gradH = at::empty({batchSize, o.width}, opts);
    m_gradA = at::empty({batchSize, o.width}, opts);
}

const torch::Tensor& MlpTrainKernel::forward(const float* t, const float* x) {
    at::NoGradGuard noGrad;
    const auto& o = m_net->options();
    const int d = o.inputDim, k = o.timeFrequencies;
    std::copy(t, t + m_batch, m_times.data_ptr<float>());
    // x into the first d columns of the input, then the time features beside it.
    float* in = m_input.data_ptr<float>();
    const int cols = featureDim(o);
    for (int i = 0; i < m_batch; ++i) std::copy(x + i * d, x + (i + 1) * d, in + i * cols);
    at::mul_out(m_arg, m_times.unsqueeze(1), m_net->frequencies().unsqueeze(0) * static_cast<float>(kTwoPi));
    at::Tensor sinPart = m_input.narrow(1, d, k);
    at::Tensor cosPart = m_input.narrow(1, d + k, k);
    at::sin_out(sinPart, m_arg);
    at::cos_out(cosPart, m_arg);

    const std::size_t last = m_net->layerCount() - 1;
    const at::Tensor* h = &m_input;
    for (std::size_t l = 0; l < last; ++l) {
        at::addmm_out(m_pre[l], m_net->bias(l), *h, m_net->weight(l).t());
        activationForward(o.activation, m_pre[l], m_post[l]);
        h = &m_post[l];
    }
    at::addmm_out(m_output, m_net->bias(last), *h, m_net->weight(last).t());
    return m_output;
}

void MlpTrainKernel::backward(const float* gradOutput, torch::Tensor& flatGrad) {
    at::NoGradGuard noGrad;
    const auto& o = m_net->options();
    std::copy(gradOutput, gradOutput + static_cast<std::ptrdiff_t>(m_batch) * o.inputDim, m_gradOut.data_ptr<float>());
    // Views of the flat gradient with the parameters' layout.
    std::int64_t offset = 0;
    std::vector<at::Tensor> gw, gb;
    for (std::size_t l = 0; l < m_net->layerCount(); ++l) {
        const auto& w = m_net->weight(l);
        gw.push_back(flatGrad.narrow(0, offset, w.numel()).view(w.sizes()));
        offset += w.numel();
        gb.push_back(flatGrad.narrow(0, offset, w.size(0)));
        offset += w.size(0);
    }
    const std::size_t last = m_net->layerCount() - 1;
    const at::Tensor& hLast = last == 0 ? m_input : m_post[last - 1];
    at::mm_out(gw[last], m_gradOut.t(), hLast);
    at::sum_out(gb[last], m_gradOut, {0});
    if (last == 0) return;
    at::mm_out(m_gradH, m_gradOut, m_net->weight(last));
    for (std::size_t l = last; l-- > 0;) {
        activationBackward(o.activation, m_gradH, m_pre[l], m_post[l], m_gradA);
        const at::Tensor& hIn = l == 0 ? m_input : m_post[l - 1];
        at::mm_out(gw[l], m_gradA.t(), hIn);
        at::sum_out(gb[l], m_gradA, {0});
        // The gradient with respect to the input features is never needed.
        if (l > 0) at::mm_out(m_gradH, m_gradA, m_net->weight(l));
    }
}

namespace {

FieldMlp seededNetwork(const NetworkOptions& options, const std::vector<float>& weights, const std::vector<float>& frequencies) {
    FieldMlp net(options);
    net->load(weights.data(), frequencies.data());
    return net;
}

}  // namespace

Result<double> manualGradientError(const NetworkOptions& options, int batchSize, std::uint64_t seed) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (batchSize < 1) return Error{"batch size must be ≥ 1"};
    try {
        Rng rng(seed);
        const auto w = initialWeights(options, rng);
        const auto f = makeFrequencies(options, rng);
        FieldMlp net = seededNetwork(options, w, f);
        const int d = options.inputDim;
        std::vector<float> t(static_cast<std::size_t>(batchSize)), x(static_cast<std::size_t>(batchSize) * d),
            y(x.size()), g(x.size());
        for (auto& v : t) v = static_cast<float>(rng.uniform());
        for (auto& v : x) v = static_cast<float>(2.0 * rng.normal());
        for (auto& v : y) v = static_cast<float>(rng.normal());

        MlpTrainKernel kernel(net, batchSize);
        const at::Tensor out = kernel.forward(t.data(), x.data());
        const float* o = out.data_ptr<float>();
        for (std::size_t i = 0; i < g.size(); ++i) g[i] = (o[i] - y[i]) / static_cast<float>(batchSize);
        at::Tensor manual = at::zeros_like(net->flat());
        kernel.backward(g.data(), manual);

        // Autograd on a leaf copy of the flat parameters, through the same module forward.
        FieldMlp probe = seededNetwork(options, w, f);
        at::Tensor leaf = probe->flat().clone().set_requires_grad(true);
        std::int64_t offset = 0;
        at::Tensor h = at::cat({at::from_blob(x.data(), {batchSize, d}, at::kFloat),
                                timeFeatures(at::from_blob(t.data(), {batchSize}, at::kFloat), probe->frequencies())},
                               1);
        for (std::size_t l = 0; l < probe->layerCount(); ++l) {
            const auto& w0 = probe->weight(l);
            at::Tensor W = leaf.narrow(0, offset, w0.numel()).view(w0.sizes());
            offset += w0.numel();
            at::Tensor b = leaf.narrow(0, offset, w0.size(0));
            offset += w0.size(0);
            h = at::addmm(b, h, W.t());
            if (l + 1 < probe->layerCount()) {
                switch (options.activation) {
                    case Activation::SiLU: h = at::silu(h); break;
                    case Activation::ReLU: h = at::relu(h); break;
                    case Activation::Tanh: h = at::tanh(h); break;
                    case Activation::Gelu: h = at::gelu(h); break;
                    case Activation::Softplus: h = at::softplus(h, 1.0, kSoftplusThreshold); break;
                }
            }
        }
        const at::Tensor target = at::from_blob(y.data(), {batchSize, d}, at::kFloat);
        const at::Tensor loss = ((0.5 * h * h - target * h).sum(1)).mean();
        const at::Tensor autogradGrad = torch::autograd::grad({loss}, {leaf})[0];
        const double scale = autogradGrad.abs().max().item<double>() + 1e-12;
        const double gradError = (manual - autogradGrad).abs().max().item<double>() / scale;
        // The kernel's forward must also agree with the module's (what inference uses).
        at::Tensor moduleOut;
        {
            at::NoGradGuard noGrad;
            moduleOut = net->forward(at::from_blob(t.data(), {batchSize}, at::kFloat),
                                     at::from_blob(x.data(), {batchSize, d}, at::kFloat));
        }
        const double outScale = moduleOut.abs().max().item<double>() + 1e-12;
        const double forwardError = (moduleOut - out).abs().max().item<double>() / outScale;
        return std::max(gradError, forwardError);
    } catch (const std::exception& e) {
        return Error{std::string("gradient check failed: ") + e.what()};
    }
}

Result<double> foldedTimeForwardError(const NetworkOptions& options, int batchSize, double t, std::uint64_t seed) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (batchSize < 1) return Error{"batch size must be ≥ 1"};
    try {
        Rng rng(seed);
        const auto w = initialWeights(options, rng);
        const auto f = makeFrequencies(options, rng);
        FieldMlp net = seededNetwork(options, w, f);
        std::vector<float> x(static_cast<std::size_t>(batchSize) * options.inputDim);
        for (auto& v : x) v = static_cast<float>(2.0 * rng.normal());
        const at::Tensor xt = at::from_blob(x.data(), {batchSize, options.inputDim}, at::kFloat);
        at::Tensor reference, folded;
        {
            at::NoGradGuard noGrad;
            reference = net->forward(at::full({batchSize}, t, at::kFloat), xt);
        }
        {
            c10::InferenceMode inference;
            folded = net->forwardAt(t, xt).clone();
        }
        const double scale = reference.abs().max().item<double>() + 1e-12;
        return (folded - reference).abs().max().item<double>() / scale;
    } catch (const std::exception& e) {
        return Error{std::string("forward check failed: ") + e.what()};
    }
}

}  // namespace flowlab::core

namespace flowlab::core {

Result<double> matmulCheckError(int n, std::uint64_t seed) {
    if (n < 1 || n > 512) return Error{"matrix size must be in [1, 512]"};
    try {
        Rng rng(seed);
        const int rows = n + 5, cols = n + 3;
        std::vector<float> a(std::size_t(rows) * n), b(std::size_t(n) * cols);
        for (auto& v : a) v = static_cast<float>(rng.normal());
        for (auto& v : b) v = static_cast<float>(rng.normal());
        at::Tensor c;
        {
            at::NoGradGuard noGrad;
            c = at::mm(at::from_blob(a.data(), {rows, n}, at::kFloat), at::from_blob(b.data(), {n, cols}, at::kFloat))
                    .contiguous();
        }
        const float* cp = c.data_ptr<float>();
        double worst = 0.0, scale = 1e-30;
        for (int i = 0; i < rows; ++i) {
            for (int j = 0; j < cols; ++j) {
                double sum = 0.0;
                for (int k = 0; k < n; ++k) sum += double(a[std::size_t(i) * n + k]) * double(b[std::size_t(k) * cols + j]);
                worst = std::max(worst, std::abs(double(cp[std::size_t(i) * cols + j]) - sum));
                scale = std::max(scale, std::abs(sum));
            }
        }
        return worst / scale;
    } catch (const std::exception& e) {
        return Error{std::string("matrix-multiply check failed: ") + e.what()};
    }
}

Result<double> measureMatmulGflops(int n, double seconds) {
    if (n < 1 || n > 8192) return Error{"matrix size must be in [1, 8192]"};
    if (!(seconds > 0.0) || seconds > 600.0) return Error{"duration must be in (0, 600] seconds"};
    try {
        at::NoGradGuard noGrad;
        const at::Tensor a = at::randn({n, n});
        const at::Tensor b = at::randn({n, n});
        at::Tensor c = at::empty({n, n});
        for (int i = 0; i < 3; ++i) at::mm_out(c, a, b);  // warm up the BLAS threads and caches
        using Clock = std::chrono::steady_clock;
        const auto start = Clock::now();
        long long reps = 0;
        double elapsed = 0.0;
        do {
            for (int i = 0; i < 8; ++i) at::mm_out(c, a, b);
            reps += 8;
            elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        } while (elapsed < seconds);
        return 2.0 * n * static_cast<double>(n) * n * static_cast<double>(reps) / elapsed / 1e9;
    } catch (const std::exception& e) {
        return Error{std::string("matrix-multiply benchmark failed: ") + e.what()};
    }
}

}  // namespace flowlab::core
