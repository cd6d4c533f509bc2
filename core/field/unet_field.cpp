#include "field/unet_field.hpp"

#include <algorithm>
#include <cmath>

#include "field/learned_field.hpp"
#include "field/network_field_map.hpp"
#include "net/unet.hpp"

namespace flowlab::core {

namespace {

// Images per network call: bounds the activation memory of big evaluations.
constexpr Eigen::Index kChunkImages = 256;
constexpr double kTimeSlack = 1e-9;
constexpr double kMaxGuidance = 100.0;

}  // namespace

UNetField::UNetField(std::shared_ptr<const UNetModel> model, Interpolant interpolant, int classLabel, double guidance)
    : m_model(std::move(model)), m_interpolant(std::move(interpolant)), m_class(classLabel), m_guidance(guidance) {}

Result<UNetField> UNetField::create(std::shared_ptr<const UNetModel> model, int classLabel, double guidance) {
    const ImageModelInfo& info = model->info;
    auto interpolant = Interpolant::create(info.interpolant);
    if (!interpolant) return interpolant.error();
    const int classes = info.network.classCount;
    if (!std::isfinite(guidance) || guidance < 0.0 || guidance > kMaxGuidance)
        return Error{"the guidance scale w must be in [0, " + std::to_string(static_cast<int>(kMaxGuidance)) + "]"};
    if (classes == 0) {
        if (classLabel >= 0) return Error{"the model is unconditional (trained without classes): it takes no --class"};
    } else if (classLabel >= classes) {
        return Error{"class " + std::to_string(classLabel) + " is out of range: the model knows classes 0…" +
                     std::to_string(classes - 1)};
    } else if (classLabel < 0 && guidance != 0.0) {
        return Error{"a guidance scale w ≠ 0 needs a class (--class K)"};
    }
    return UNetField(std::move(model), std::move(*interpolant), classLabel < 0 ? -1 : classLabel,
                     classLabel < 0 ? 0.0 : guidance);
}

Result<UNetField> UNetField::load(const std::string& path, int classLabel, double guidance) {
    auto data = readUNetCheckpoint(path);
    if (!data) return data.error();
    auto device = parseTorchDevice("cpu");
    auto model = makeUNetModel(data->info, data->weights, *device);
    if (!model) return Error{path + ": " + model.message()};
    auto field = create(std::move(*model), classLabel, guidance);
    if (!field) return Error{path + ": " + field.message()};
    return field;
}

Result<UNetField> UNetField::withConditioning(int classLabel, double guidance) const {
    return create(m_model, classLabel, guidance);
}

int UNetField::dim() const { return m_model->info.network.dim(); }
const ImageModelInfo& UNetField::info() const { return m_model->info; }

unsigned UNetField::provides() const {
    return LearnedField::providesFor(m_model->info.field, m_interpolant) & ~static_cast<unsigned>(kDivergence);
}

std::string UNetField::label() const {
    const auto& info = m_model->info;
    std::string s = "learned " + toString(info.field) + " (" + info.network.describe() + ", step " +
                    std::to_string(info.state.step) + ")";
    if (m_class >= 0) {
        const auto& names = info.data.classNames;
        s += ", class " + std::to_string(m_class);
        if (static_cast<std::size_t>(m_class) < names.size()) s += " (" + names[static_cast<std::size_t>(m_class)] + ")";
        char buf[32];
        std::snprintf(buf, sizeof buf, ", w = %g", m_guidance);
        s += buf;
    }
    return s;
}

namespace {

// The guided network output for a chunk of images (x already on the device, shaped B×C×H×W).
at::Tensor guidedForward(const UNetModel& model, const at::Tensor& x, double t, int classLabel, double w) {
    const auto rows = x.size(0);
    const at::Tensor tt = at::full({rows}, t, x.options());
    const auto longs = at::TensorOptions().dtype(at::kLong).device(x.device());
    const int classes = model.info.network.classCount;
    if (classes == 0) return model.net->forward(x, tt, at::Tensor());
    const at::Tensor none = at::full({rows}, classes, longs);
    if (classLabel < 0 || w == 0.0) return model.net->forward(x, tt, none);
    const at::Tensor given = at::full({rows}, classLabel, longs);
    if (w == 1.0) return model.net->forward(x, tt, given);
    // Both passes in one batch: (1 − w) N(·|∅) + w N(·|y).
    const at::Tensor both = model.net->forward(at::cat({x, x}), at::cat({tt, tt}), at::cat({none, given}));
    return both.narrow(0, 0, rows) * static_cast<float>(1.0 - w) + both.narrow(0, rows, rows) * static_cast<float>(w);
}

at::Tensor toDevice(const Points& x, Eigen::Index r0, Eigen::Index rows, const UNetModel& model) {
    const auto& n = model.info.network;
    return at::from_blob(const_cast<double*>(x.data() + r0 * x.cols()), {rows, n.channels, n.height, n.width}, at::kDouble)
        .to(model.device, at::kFloat);
}

void copyBack(const at::Tensor& y, Eigen::Index r0, Eigen::Index rows, Points& out) {
    // Converted to double straight into `out` (one pass instead of a copy and a conversion).
    at::from_blob(out.data() + r0 * out.cols(), {rows, out.cols()}, at::kDouble).copy_(y.reshape({rows, out.cols()}));
}

}  // namespace

Status UNetField::evaluateNetwork(double t, const Points& x, Points& out) const {
    if (x.cols() != dim()) return Error{"images have " + std::to_string(x.cols()) + " values; the model needs " + std::to_string(dim())};
    if (!std::isfinite(t)) return Error{"time is not finite"};
    try {
        // No autograd state at all, so the U-Net also runs its elementwise steps in place.
        c10::InferenceMode inference;
        out.resize(x.rows(), x.cols());
        for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kChunkImages) {
            const Eigen::Index rows = std::min(kChunkImages, x.rows() - r0);
            const at::Tensor y = guidedForward(*m_model, toDevice(x, r0, rows, *m_model), t, m_class, m_guidance);
            copyBack(y, r0, rows, out);
        }
        return Status::success();
    } catch (const std::exception& e) {
        return Error{std::string("learned image field: ") + e.what()};
    }
}

Status UNetField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (what == 0) return Status::success();
    if (!canProvide(what))
        return Error{label() + " cannot provide the requested field (learned " + toString(m_model->info.field) +
                     " for the " + toString(m_interpolant.family()) + " interpolant" +
                     ((what & (kDivergence | kLogDensity)) ? "; ∇·b and log ρ_t need an estimator" : "") + ")"};
    if (!(t >= -kTimeSlack && t <= 1.0 + kTimeSlack)) return Error{"time must lie in [0, 1]"};
    t = std::clamp(t, 0.0, 1.0);
    const InterpolantCoeffs c = m_interpolant.coeffs(t);
    const ImageModelInfo& info = m_model->info;
    auto compose = [&](FieldKind kind) { return fieldFromNetwork(info.field, info.output, c, kind, t); };
    for (FieldKind k : {kVelocity, kScore, kDenoiser})
        if ((what & k) != 0u)
            if (FieldAffine f = compose(k); !f.valid) return Error{f.why};
    Points net;
    if (Status st = evaluateNetwork(t, x, net); !st) return st;
    if (!net.allFinite()) return Error{label() + " produced NaN or infinity" + atTimeSuffix(t)};
    auto apply = [&](FieldKind kind, Points& dst) {
        const FieldAffine f = compose(kind);
        dst = f.a * net + f.c * x;
    };
    if (what & kVelocity) apply(kVelocity, out.velocity);
    if (what & kScore) apply(kScore, out.score);
    if (what & kDenoiser) apply(kDenoiser, out.denoiser);
    return Status::success();
}

Status UNetField::divergenceProbe(double t, const Points& x, const Points& probe, Vector& out) const {
    if (!canProvide(kVelocity)) return Error{label() + " cannot provide b, so neither its divergence"};
    if (x.cols() != dim() || probe.rows() != x.rows() || probe.cols() != x.cols())
        return Error{"the probe vectors must have the shape of the images"};
    if (!(t >= -kTimeSlack && t <= 1.0 + kTimeSlack)) return Error{"time must lie in [0, 1]"};
    t = std::clamp(t, 0.0, 1.0);
    const FieldAffine f = fieldFromNetwork(m_model->info.field, m_model->info.output, m_interpolant.coeffs(t),
                                           kDivergence, t);
    if (!f.valid) return Error{f.why};
    try {
        out.resize(x.rows());
        for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kChunkImages) {
            const Eigen::Index rows = std::min(kChunkImages, x.rows() - r0);
            at::AutoGradMode enable(true);
            const at::Tensor xt = toDevice(x, r0, rows, *m_model).set_requires_grad(true);
            const at::Tensor v = toDevice(probe, r0, rows, *m_model);
            const at::Tensor y = guidedForward(*m_model, xt, t, m_class, m_guidance);
            const at::Tensor vj = torch::autograd::grad({y}, {xt}, {v})[0];
            // vᵀ(∂b/∂x)v = a·vᵀ(∂N/∂x)v + c·|v|².
            const at::Tensor r = (vj * v).sum({1, 2, 3}) * static_cast<float>(f.a) +
                                 (v * v).sum({1, 2, 3}) * static_cast<float>(f.c);
            const at::Tensor host = r.to(at::kCPU, at::kDouble).contiguous();
            std::copy(host.data_ptr<double>(), host.data_ptr<double>() + rows, out.data() + r0);
        }
        if (!out.allFinite()) return Error{label() + " produced NaN or infinity" + atTimeSuffix(t)};
        return Status::success();
    } catch (const std::exception& e) {
        return Error{std::string("learned image field: ") + e.what()};
    }
}

Status UNetField::save(const std::string& path) const {
    try {
        UNetCheckpoint data;
        data.info = m_model->info;
        const at::Tensor flat = m_model->net->flat().to(at::kCPU).contiguous();
        data.weights.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
        return writeUNetCheckpoint(path, data);
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + e.what()};
    }
}

Result<std::unique_ptr<FieldSource>> loadImageModelField(const std::string& path, int classLabel, double guidance) {
    auto field = UNetField::load(path, classLabel, guidance);
    if (!field) return field.error();
    return std::unique_ptr<FieldSource>(std::make_unique<UNetField>(std::move(*field)));
}

}  // namespace flowlab::core
