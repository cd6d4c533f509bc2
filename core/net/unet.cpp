#include "net/unet.hpp"

#include <algorithm>
#include <cmath>

#include <torch/cuda.h>

namespace flowlab::core {

namespace {

// DDPM's time scaling: sinusoidal features of 1000·t resolve t ∈ [0, 1] as finely as its
// integer steps.
constexpr double kTimeScale = 1000.0;
constexpr double kMaxPeriod = 10000.0;
constexpr double kNormEpsilon = 1e-5;

int halfUp(int n) { return (n + 1) / 2; }

// Torch refuses dots in parameter names (they separate submodules): "down0.1.conv1.weight"
// is registered as "down0_1_conv1_weight".
std::string parameterName(std::string name) {
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
}

}  // namespace

Result<torch::Device> parseTorchDevice(const std::string& name) {
    if (name == "cpu") return torch::Device(torch::kCPU);
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            return Error{"--device cuda: this FlowLab's LibTorch has no CUDA support or no GPU is present "
                         "(Debian's LibTorch is CPU-only); use --device cpu"};
        return torch::Device(torch::kCUDA);
    }
    return Error{"unknown device '" + name + "' (known: cpu, cuda)"};
}

torch::Tensor FlatModule::addUniform(const std::string& name, at::IntArrayRef shape, std::int64_t fanIn, Rng& rng) {
    at::Tensor p = at::zeros(shape, at::kFloat);
    if (fanIn > 0) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(fanIn));
        float* v = p.data_ptr<float>();
        for (std::int64_t i = 0; i < p.numel(); ++i) v[i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
    }
    m_params.push_back(register_parameter(parameterName(name), p));
    return m_params.back();
}

torch::Tensor FlatModule::addConstant(const std::string& name, at::IntArrayRef shape, float value) {
    m_params.push_back(register_parameter(parameterName(name), at::full(shape, value, at::kFloat)));
    return m_params.back();
}

torch::Tensor FlatModule::addNormal(const std::string& name, at::IntArrayRef shape, Rng& rng) {
    at::Tensor p = at::empty(shape, at::kFloat);
    float* v = p.data_ptr<float>();
    for (std::int64_t i = 0; i < p.numel(); ++i) v[i] = static_cast<float>(rng.normal());
    m_params.push_back(register_parameter(parameterName(name), p));
    return m_params.back();
}

void FlatModule::finishParameters() {
    std::int64_t total = 0;
    for (const auto& p : m_params) total += p.numel();
    m_flat = at::empty({total}, at::kFloat);
    std::int64_t offset = 0;
    at::NoGradGuard noGrad;
    for (auto& p : m_params) {
        at::Tensor view = m_flat.narrow(0, offset, p.numel()).view(p.sizes());
        view.copy_(p);
        // The parameter keeps its identity (autograd leaf, registered name) and now stores its
        // values inside the flat tensor.
        p.set_data(view);
        offset += p.numel();
    }
}

void FlatModule::load(const float* values, std::int64_t count) {
    TORCH_CHECK(count == m_flat.numel(), "parameter count mismatch");
    at::NoGradGuard noGrad;
    m_flat.copy_(at::from_blob(const_cast<float*>(values), {count}, at::kFloat));
}

void FlatModule::bindGradients(const torch::Tensor& flatGrad) {
    std::int64_t offset = 0;
    for (auto& p : m_params) {
        p.mutable_grad() = flatGrad.narrow(0, offset, p.numel()).view(p.sizes());
        offset += p.numel();
    }
}

void FlatModule::rebind(const torch::Tensor& flat) {
    m_flat = flat;
    std::int64_t offset = 0;
    for (auto& p : m_params) {
        p.set_data(m_flat.narrow(0, offset, p.numel()).view(p.sizes()));
        offset += p.numel();
    }
}

void FlatModule::moveTo(const torch::Device& device) {
    if (m_flat.device() == device) return;
    at::NoGradGuard noGrad;
    rebind(m_flat.to(device));
}

void FlatModule::shareParameters(const FlatModule& source) {
    TORCH_CHECK(source.m_flat.numel() == m_flat.numel() && source.m_params.size() == m_params.size(),
                "replica of another architecture");
    rebind(source.m_flat);
}

torch::Tensor ConvLayer::operator()(const torch::Tensor& x) const {
    return at::conv2d(x, weight, bias, {stride, stride}, {padding, padding});
}

torch::Tensor NormLayer::operator()(const torch::Tensor& x) const {
    return at::group_norm(x, groups, weight, bias, kNormEpsilon, /*cudnn_enabled=*/true);
}

torch::Tensor LinearLayer::operator()(const torch::Tensor& x) const { return at::linear(x, weight, bias); }

ConvLayer FlatModule::addConv(const std::string& name, int in, int out, int kernel, int stride, Rng& rng, bool zero) {
    const std::int64_t fanIn = zero ? 0 : static_cast<std::int64_t>(in) * kernel * kernel;
    ConvLayer c;
    c.weight = addUniform(name + ".weight", {out, in, kernel, kernel}, fanIn, rng);
    c.bias = addUniform(name + ".bias", {out}, fanIn, rng);
    c.stride = stride;
    c.padding = kernel / 2;
    return c;
}

NormLayer FlatModule::addNorm(const std::string& name, int channels, int groups) {
    NormLayer n;
    n.weight = addConstant(name + ".weight", {channels}, 1.0f);
    n.bias = addConstant(name + ".bias", {channels}, 0.0f);
    n.groups = groups;
    return n;
}

LinearLayer FlatModule::addLinear(const std::string& name, int in, int out, Rng& rng) {
    LinearLayer l;
    l.weight = addUniform(name + ".weight", {out, in}, in, rng);
    l.bias = addUniform(name + ".bias", {out}, in, rng);
    return l;
}

UNetImpl::ResBlock UNetImpl::addResBlock(const std::string& name, int in, int out, int pixels, Rng& rng) {
    ResBlock b;
    const int groups = m_options.groups;
    b.norm1 = addNorm(name + ".norm1", in, groups);
    b.conv1 = addConv(name + ".conv1", in, out, 3, 1, rng);
    b.embed = addLinear(name + ".embed", m_options.embeddingWidth(), out, rng);
    b.norm2 = addNorm(name + ".norm2", out, groups);
    b.conv2 = addConv(name + ".conv2", out, out, 3, 1, rng);
    m_macs += static_cast<std::int64_t>(m_options.embeddingWidth()) * out;
    m_macs += static_cast<std::int64_t>(pixels) * 9 * (static_cast<std::int64_t>(in) * out + static_cast<std::int64_t>(out) * out);
    if (in != out) {
        b.skip = addConv(name + ".skip", in, out, 1, 1, rng);
        m_macs += static_cast<std::int64_t>(pixels) * in * out;
    }
    return b;
}

UNetImpl::UNetImpl(const UNetOptions& options, std::uint64_t seed) : m_options(options) {
    TORCH_CHECK(options.validate().empty(), options.validate());
    Rng rng(seed);
    const int base = options.baseChannels;
    const int emb = options.embeddingWidth();
    const int levels = options.levels();
    m_timeFeatures = 2 * std::max(1, base / 2);
    m_time1 = addLinear("time.linear1", m_timeFeatures, emb, rng);
    m_time2 = addLinear("time.linear2", emb, emb, rng);
    m_macs += static_cast<std::int64_t>(m_timeFeatures) * emb + static_cast<std::int64_t>(emb) * emb;
    if (options.classCount > 0) m_classEmbedding = addNormal("class.embedding", {options.classCount + 1, emb}, rng);

    // Resolution of each level (stride-2 convolutions round up).
    std::vector<int> h(static_cast<std::size_t>(levels)), w(h.size());
    h[0] = options.height;
    w[0] = options.width;
    for (int l = 1; l < levels; ++l) {
        h[static_cast<std::size_t>(l)] = halfUp(h[static_cast<std::size_t>(l - 1)]);
        w[static_cast<std::size_t>(l)] = halfUp(w[static_cast<std::size_t>(l - 1)]);
    }
    auto pixels = [&](int l) { return h[static_cast<std::size_t>(l)] * w[static_cast<std::size_t>(l)]; };

    m_inConv = addConv("in", options.channels, base, 3, 1, rng);
    m_macs += static_cast<std::int64_t>(pixels(0)) * 9 * options.channels * base;
    std::vector<int> skips{base};  // channel counts of the skip connections, in push order
    int ch = base;
    for (int l = 0; l < levels; ++l) {
        const int out = base * options.channelMultipliers[static_cast<std::size_t>(l)];
        std::vector<ResBlock> blocks;
        for (int r = 0; r < options.resBlocks; ++r) {
            blocks.push_back(addResBlock("down" + std::to_string(l) + "." + std::to_string(r), ch, out, pixels(l), rng));
            ch = out;
            skips.push_back(ch);
        }
        m_down.push_back(std::move(blocks));
        if (l + 1 < levels) {
            m_downsample.push_back(addConv("down" + std::to_string(l) + ".downsample", ch, ch, 3, 2, rng));
            m_macs += static_cast<std::int64_t>(pixels(l + 1)) * 9 * ch * ch;
            skips.push_back(ch);
        }
    }
    m_mid1 = addResBlock("mid1", ch, ch, pixels(levels - 1), rng);
    m_mid2 = addResBlock("mid2", ch, ch, pixels(levels - 1), rng);
    m_up.resize(static_cast<std::size_t>(levels));
    m_upsample.resize(static_cast<std::size_t>(levels - 1));
    for (int l = levels - 1; l >= 0; --l) {
        const int out = base * options.channelMultipliers[static_cast<std::size_t>(l)];
        for (int r = 0; r <= options.resBlocks; ++r) {
            const int in = ch + skips.back();
            skips.pop_back();
            m_up[static_cast<std::size_t>(l)].push_back(
                addResBlock("up" + std::to_string(l) + "." + std::to_string(r), in, out, pixels(l), rng));
            ch = out;
        }
        if (l > 0) {
            m_upsample[static_cast<std::size_t>(l - 1)] = addConv("up" + std::to_string(l) + ".upsample", ch, ch, 3, 1, rng);
            m_macs += static_cast<std::int64_t>(pixels(l - 1)) * 9 * ch * ch;
        }
    }
    m_outNorm = addNorm("out.norm", ch, options.groups);
    m_outConv = addConv("out.conv", ch, options.channels, 3, 1, rng, /*zero=*/true);
    m_macs += static_cast<std::int64_t>(pixels(0)) * 9 * ch * options.channels;
    finishParameters();
}

namespace {

// Without autograd (sampling) the elementwise steps write into tensors they just created: each
// saves an allocation and a pass over the activations. With autograd they must not (their
// inputs are saved for the backward pass).
at::Tensor siluOf(at::Tensor x) { return at::GradMode::is_enabled() ? at::silu(x) : at::silu_(x); }

}  // namespace

torch::Tensor UNetImpl::resBlock(const ResBlock& b, const torch::Tensor& x, const torch::Tensor& embedding) const {
    const bool inPlace = !at::GradMode::is_enabled();
    at::Tensor h = b.conv1(siluOf(b.norm1(x)));
    const at::Tensor e = b.embed(embedding).unsqueeze(-1).unsqueeze(-1);
    h = inPlace ? h.add_(e) : h + e;
    h = b.conv2(siluOf(b.norm2(h)));
    const at::Tensor skip = b.skip.weight.defined() ? b.skip(x) : x;
    return inPlace ? h.add_(skip) : skip + h;
}

torch::Tensor UNetImpl::forward(const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& labels) const {
    const int half = m_timeFeatures / 2;
    const at::Tensor freq =
        at::exp(at::arange(half, x.options()) * static_cast<float>(-std::log(kMaxPeriod) / half));
    const at::Tensor arg = at::outer(t.reshape({-1}).to(x.options()) * static_cast<float>(kTimeScale), freq);
    at::Tensor embedding = m_time2(siluOf(m_time1(at::cat({at::sin(arg), at::cos(arg)}, 1))));
    if (m_options.classCount > 0) embedding = embedding + at::embedding(m_classEmbedding, labels);
    embedding = siluOf(embedding);

    std::vector<at::Tensor> skips;
    at::Tensor h = m_inConv(x);
    skips.push_back(h);
    for (std::size_t l = 0; l < m_down.size(); ++l) {
        for (const auto& block : m_down[l]) {
            h = resBlock(block, h, embedding);
            skips.push_back(h);
        }
        if (l < m_downsample.size()) {
            h = m_downsample[l](h);
            skips.push_back(h);
        }
    }
    h = resBlock(m_mid2, resBlock(m_mid1, h, embedding), embedding);
    for (std::size_t l = m_up.size(); l-- > 0;) {
        for (const auto& block : m_up[l]) {
            h = resBlock(block, at::cat({h, skips.back()}, 1), embedding);
            skips.pop_back();
        }
        if (l > 0) {
            const at::Tensor& next = skips.back();
            h = at::upsample_nearest2d(h, {next.size(2), next.size(3)});
            h = m_upsample[l - 1](h);
        }
    }
    return m_outConv(siluOf(m_outNorm(h)));
}

Result<std::shared_ptr<const UNetModel>> makeUNetModel(ImageModelInfo info, const std::vector<float>& weights,
                                                       const torch::Device& device) {
    try {
        auto model = std::make_shared<UNetModel>();
        model->net = UNet(info.network, 0);
        if (model->net->parameterCount() != static_cast<std::int64_t>(weights.size()))
            return Error{"the weights hold " + std::to_string(weights.size()) + " numbers but the architecture " +
                         info.network.describe() + " needs " + std::to_string(model->net->parameterCount())};
        model->net->load(weights.data(), static_cast<std::int64_t>(weights.size()));
        model->net->moveTo(device);
        model->net->eval();
        model->device = device;
        model->info = std::move(info);
        return std::shared_ptr<const UNetModel>(std::move(model));
    } catch (const std::exception& e) {
        return Error{std::string("cannot build the U-Net: ") + e.what()};
    }
}

Result<double> unetInferenceForwardError(const UNetOptions& options, int batchSize, std::uint64_t seed) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (batchSize < 1) return Error{"batch size must be ≥ 1"};
    try {
        UNet net(options, seed);
        Rng rng(seed + 1);
        std::vector<float> weights(static_cast<std::size_t>(net->parameterCount()));
        for (auto& w : weights) w = static_cast<float>(0.3 * rng.normal());
        net->load(weights.data(), net->parameterCount());
        std::vector<float> x(static_cast<std::size_t>(batchSize) * options.dim()), t(static_cast<std::size_t>(batchSize));
        std::vector<std::int64_t> labels(static_cast<std::size_t>(batchSize));
        for (auto& v : x) v = static_cast<float>(rng.normal());
        for (auto& v : t) v = static_cast<float>(rng.uniform());
        for (auto& v : labels) v = options.classCount > 0 ? std::int64_t(rng.uniform() * (options.classCount + 1)) % (options.classCount + 1) : 0;
        const at::Tensor xt = at::from_blob(x.data(), {batchSize, options.channels, options.height, options.width}, at::kFloat);
        const at::Tensor tt = at::from_blob(t.data(), {batchSize}, at::kFloat);
        const at::Tensor yt = options.classCount > 0 ? at::from_blob(labels.data(), {batchSize}, at::kLong) : at::Tensor();
        at::Tensor recorded, inference;
        {
            at::AutoGradMode enable(true);
            recorded = net->forward(xt.clone().set_requires_grad(true), tt, yt).detach();
        }
        {
            c10::InferenceMode mode;
            inference = net->forward(xt, tt, yt).clone();
        }
        const double scale = recorded.abs().max().item<double>() + 1e-12;
        return (inference - recorded).abs().max().item<double>() / scale;
    } catch (const std::exception& e) {
        return Error{std::string("U-Net forward check failed: ") + e.what()};
    }
}

}  // namespace flowlab::core
