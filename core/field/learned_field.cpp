#include "field/learned_field.hpp"

#include <algorithm>
#include <cmath>

#include "field/network_field_map.hpp"
#include "net/checkpoint.hpp"
#include "net/field_model.hpp"

namespace flowlab::core {

namespace {

// Rows per network call: bounds the activations' memory (rows × width floats per layer) for
// huge evaluations such as fine grids, without costing small ones anything.
constexpr Eigen::Index kChunkRows = 32768;
constexpr double kTimeSlack = 1e-9;

}  // namespace

LearnedField::LearnedField(std::shared_ptr<const Model> model, Interpolant interpolant)
    : m_model(std::move(model)), m_interpolant(std::move(interpolant)) {}

Result<LearnedField> LearnedField::load(const std::string& path) {
    auto data = readCheckpoint(path);
    if (!data) return data.error();
    auto interpolant = Interpolant::create(data->info.interpolant, data->info.base);
    if (!interpolant) return Error{path + ": " + interpolant.message()};
    try {
        auto model = makeFieldModel(data->info, data->weights.data(), data->frequencies.data());
        return LearnedField(std::move(model), std::move(*interpolant));
    } catch (const std::exception& e) {
        return Error{path + ": cannot build the network: " + e.what()};
    }
}

Result<LearnedField> LearnedField::load(const std::string& path, const GaussianMixture& base,
                                        const GaussianMixture& target, const InterpolantOptions& interpolant) {
    auto field = load(path);
    if (!field) return field.error();
    if (Status st = field->info().checkScene(base, target, interpolant); !st)
        return Error{path + ": refused: " + st.message()};
    return field;
}

Status LearnedField::save(const std::string& path) const {
    try {
        CheckpointData data;
        data.info = m_model->info;
        const at::Tensor& flat = m_model->net->flat();
        data.weights.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
        const at::Tensor& f = m_model->net->frequencies();
        data.frequencies.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
        return writeCheckpoint(path, data);
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + e.what()};
    }
}

int LearnedField::dim() const { return m_model->info.network.inputDim; }

const ModelInfo& LearnedField::info() const { return m_model->info; }

std::string LearnedField::label() const {
    const auto& info = m_model->info;
    return "learned " + toString(info.field) + " (" + info.network.describe() + ", step " +
           std::to_string(info.state.step) + ")";
}

unsigned LearnedField::provides() const { return providesFor(m_model->info.field, m_interpolant); }

unsigned LearnedField::providesFor(TrainTarget field, const Interpolant& interpolant) {
    const bool oneSided = interpolant.isOneSided();
    const bool noise = interpolant.hasLatentNoise();
    switch (field) {
        case TrainTarget::Velocity: return kVelocity | kDivergence | (oneSided ? kScore : 0u);
        case TrainTarget::Score:
            return kScore | (noise ? kDenoiser : 0u) | (oneSided ? (kVelocity | kDivergence) : 0u);
        case TrainTarget::Denoiser: return kDenoiser | kScore;
        case TrainTarget::InterpolantVelocity: return noise ? 0u : (kVelocity | kDivergence);
    }
    return 0u;
}

Status LearnedField::evaluateNetwork(double t, const Points& x, Points& out) const {
    if (x.cols() != dim()) return Error{"points have " + std::to_string(x.cols()) + " columns; the model needs " + std::to_string(dim())};
    if (!std::isfinite(t)) return Error{"time is not finite"};
    try {
        // No autograd state at all (cheaper than NoGradGuard); the network sees float32 and the
        // caller's doubles are converted once in and once out, straight into `out`.
        c10::InferenceMode inference;
        out.resize(x.rows(), x.cols());
        for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kChunkRows) {
            const Eigen::Index rows = std::min(kChunkRows, x.rows() - r0);
            const at::Tensor xt = at::from_blob(const_cast<double*>(x.data() + r0 * x.cols()), {rows, x.cols()}, at::kDouble)
                                      .to(at::kFloat);
            at::from_blob(out.data() + r0 * x.cols(), {rows, x.cols()}, at::kDouble).copy_(m_model->net->forwardAt(t, xt));
        }
        return Status::success();
    } catch (const std::exception& e) {
        return Error{std::string("learned field: ") + e.what()};
    }
}

Status LearnedField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (what == 0) return Status::success();
    if (!canProvide(what)) return Error{label() + " cannot provide the requested field (learned " +
                                        toString(m_model->info.field) + " for the " +
                                        toString(m_interpolant.family()) + " interpolant)"};
    if (x.cols() != dim()) return Error{"points have " + std::to_string(x.cols()) + " columns; the model needs " + std::to_string(dim())};
    // Integrators may land a rounding error outside [0, 1] at the ends; more is a caller's mistake.
    if (!(t >= -kTimeSlack && t <= 1.0 + kTimeSlack)) return Error{"time must lie in [0, 1]"};
    t = std::clamp(t, 0.0, 1.0);

    const InterpolantCoeffs c = m_interpolant.coeffs(t);
    const ModelInfo& info = m_model->info;
    const double d = static_cast<double>(dim());
    auto compose = [&](FieldKind kind) { return fieldFromNetwork(info.field, info.output, c, kind, t); };
    for (FieldKind k : {kVelocity, kScore, kDenoiser, kDivergence}) {
        if ((what & k) == 0u) continue;
        if (FieldAffine f = compose(k); !f.valid) return Error{f.why};
    }
    if (what & kLogDensity) return Error{"a learned field does not provide log ρ_t"};

    try {
        Points net;
        Vector divN;
        if (what & kDivergence) {
            // ∇·N by autograd, one backward pass per output dimension (two in 2D): exact.
            net.resize(x.rows(), x.cols());
            divN.resize(x.rows());
            for (Eigen::Index r0 = 0; r0 < x.rows(); r0 += kChunkRows) {
                const Eigen::Index rows = std::min(kChunkRows, x.rows() - r0);
                at::Tensor xt = at::from_blob(const_cast<double*>(x.data() + r0 * x.cols()), {rows, x.cols()},
                                              at::kDouble)
                                    .to(at::kFloat)
                                    .set_requires_grad(true);
                at::AutoGradMode enable(true);
                const at::Tensor y = m_model->net->forwardAt(t, xt);
                at::Tensor div = at::zeros({rows}, at::kFloat);
                for (int k = 0; k < dim(); ++k) {
                    const at::Tensor g = torch::autograd::grad({y.select(1, k).sum()}, {xt},
                                                               /*grad_outputs=*/{}, /*retain_graph=*/k + 1 < dim())[0];
                    div += g.select(1, k);
                }
                const at::Tensor yd = y.detach().to(at::kDouble).contiguous();
                const at::Tensor dd = div.to(at::kDouble).contiguous();
                std::copy(yd.data_ptr<double>(), yd.data_ptr<double>() + rows * x.cols(), net.data() + r0 * x.cols());
                std::copy(dd.data_ptr<double>(), dd.data_ptr<double>() + rows, divN.data() + r0);
            }
        } else if (Status st = evaluateNetwork(t, x, net); !st) {
            return st;
        }
        if (!net.allFinite() || (divN.size() && !divN.allFinite()))
            return Error{label() + " produced NaN or infinity" + atTimeSuffix(t)};
        auto apply = [&](FieldKind kind, Points& dst) {
            const FieldAffine f = compose(kind);
            dst = f.a * net + f.c * x;
        };
        if (what & kVelocity) apply(kVelocity, out.velocity);
        if (what & kScore) apply(kScore, out.score);
        if (what & kDenoiser) apply(kDenoiser, out.denoiser);
        if (what & kDivergence) {
            const FieldAffine f = compose(kDivergence);
            out.divergence = f.a * divN + Vector::Constant(x.rows(), f.c * d);
        }
        return Status::success();
    } catch (const std::exception& e) {
        return Error{std::string("learned field: ") + e.what()};
    }
}

}  // namespace flowlab::core
