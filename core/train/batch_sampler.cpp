#include "train/batch_sampler.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "train/component_plan.hpp"

namespace flowlab::core {

BatchSampler::Prepared BatchSampler::prepare(const GaussianMixture& m) {
    Prepared p;
    double sum = 0.0;
    for (const auto& c : m.components()) {
        sum += c.weight;
        p.cumulative.push_back(sum);
        p.means.push_back(c.mean);
        if (m.dim() == 2) {
            Eigen::SelfAdjointEigenSolver<Matrix> eig(c.cov);
            const Vector root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
            p.roots.push_back(eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose());
        } else {
            p.roots.push_back(Matrix::Constant(1, 1, std::sqrt(std::max(0.0, c.cov(0, 0)))));
        }
    }
    for (auto& c : p.cumulative) c /= sum;
    return p;
}

void BatchSampler::drawFrom(const Prepared& p, Rng& rng, double* out, int dim) {
    const double u = rng.uniform();
    const auto it = std::upper_bound(p.cumulative.begin(), p.cumulative.end(), u);
    const auto k = std::min<std::size_t>(static_cast<std::size_t>(it - p.cumulative.begin()), p.means.size() - 1);
    drawComponent(p, k, rng, out, dim);
}

void BatchSampler::drawComponent(const Prepared& p, std::size_t k, Rng& rng, double* out, int dim) {
    const Vector& mean = p.means[k];
    const Matrix& root = p.roots[k];
    if (root.rows() == dim && dim > 1) {
        double z[2] = {rng.normal(), rng.normal()};
        for (int i = 0; i < dim; ++i) out[i] = mean[i] + root(i, 0) * z[0] + root(i, 1) * z[1];
    } else {
        const double s = root(0, 0);
        for (int i = 0; i < dim; ++i) out[i] = mean[i] + s * rng.normal();
    }
}

BatchSampler::BatchSampler(Prepared base, Prepared target, Interpolant interpolant, TrainerOptions options,
                           ObjectiveKind objective, double tLo, double tHi, BatchCoupling coupling,
                           PairPlan pairs)
    : m_base(std::move(base)),
      m_target(std::move(target)),
      m_interpolant(std::move(interpolant)),
      m_options(std::move(options)),
      m_objective(objective),
      m_rule(m_interpolant, m_options.target, objective),
      m_form(m_rule.lossForm()),
      m_tLo(tLo),
      m_tHi(tHi),
      m_dim(m_options.network.inputDim),
      m_coupling(std::move(coupling)),
      m_pairs(std::move(pairs)) {}

Result<BatchSampler> BatchSampler::create(const GaussianMixture& base, const GaussianMixture& target,
                                          const Interpolant& interpolant, const TrainerOptions& options) {
    if (base.dim() != target.dim()) return Error{"base and target have different dimensions"};
    if (base.empty() || target.empty()) return Error{"base and target must not be empty"};
    if (options.network.inputDim != base.dim())
        return Error{"the network is " + std::to_string(options.network.inputDim) + "-dimensional but the scene is " +
                     std::to_string(base.dim()) + "-dimensional"};
    if (auto p = options.validate(interpolant); !p.empty()) return Error{p};
    const auto [lo, hi] = options.resolvedTimeRange(interpolant);
    auto coupling = BatchCoupling::create(options.coupling, base, target, options.seed);
    if (!coupling) return coupling.error();
    PairPlan pairs;
    if (options.coupling.isComponentCoupling()) {
        auto plan = componentCoupling(options.coupling, base, target);
        if (!plan) return plan.error();
        double sum = 0.0;
        for (std::size_t i = 0; i < base.size(); ++i) {
            for (std::size_t j = 0; j < target.size(); ++j) {
                const double w = plan->plan()(Eigen::Index(i), Eigen::Index(j));
                if (!(w > 0.0)) continue;
                sum += w;
                pairs.cumulative.push_back(sum);
                pairs.base.push_back(i);
                pairs.target.push_back(j);
            }
        }
        for (auto& c : pairs.cumulative) c /= sum;
    }
    return BatchSampler(prepare(base), prepare(target), interpolant, options, options.resolvedObjective(interpolant),
                        lo, hi, std::move(*coupling), std::move(pairs));
}

void BatchSampler::draw(Rng& rng, TrainingBatch& batch) const {
    const int n = m_options.batchSize;
    const int d = m_dim;
    if (batch.size != n || batch.dim != d) {
        batch.size = n;
        batch.dim = d;
        batch.t.assign(static_cast<std::size_t>(n), 0.0f);
        batch.x.assign(static_cast<std::size_t>(n) * d, 0.0f);
        batch.y.assign(static_cast<std::size_t>(n) * d, 0.0f);
    }
    const bool noise = m_interpolant.hasLatentNoise();
    const bool anti = m_options.antithetic && noise;
    const int fresh = anti ? n / 2 : n;
    if (!m_pairs.cumulative.empty()) {
        drawComponentPairs(rng, batch, fresh, anti);
        return;
    }
    if (m_coupling.options().isCoupled()) {
        drawCoupled(rng, batch, fresh, anti);
        return;
    }
    // Independent pairs: one row's draws after another (t, x0, x1, z), the stream of every
    // model trained before couplings existed.
    std::vector<double> x0(static_cast<std::size_t>(d)), x1(static_cast<std::size_t>(d)), z(static_cast<std::size_t>(d));
    for (int i = 0; i < fresh; ++i) {
        const double t = m_tLo + (m_tHi - m_tLo) * rng.uniform();
        const InterpolantCoeffs c = m_interpolant.coeffs(t);
        drawFrom(m_base, rng, x0.data(), d);
        drawFrom(m_target, rng, x1.data(), d);
        for (int k = 0; k < d; ++k) z[static_cast<std::size_t>(k)] = noise ? rng.normal() : 0.0;
        for (int copy = 0; copy < (anti ? 2 : 1); ++copy)
            writeRow(batch, anti ? 2 * i + copy : i, t, c, x0.data(), x1.data(), z.data(), copy == 0 ? 1.0 : -1.0);
    }
}

void BatchSampler::drawCoupled(Rng& rng, TrainingBatch& batch, int fresh, bool anti) const {
    const int d = m_dim;
    Points x0(fresh, d), x1(fresh, d);
    if (!m_coupling.replacesDraws()) {
        for (int i = 0; i < fresh; ++i) {
            drawFrom(m_base, rng, x0.row(i).data(), d);
            drawFrom(m_target, rng, x1.row(i).data(), d);
        }
    }
    m_coupling.pair(x0, x1, rng);
    const bool noise = m_interpolant.hasLatentNoise();
    std::vector<double> z(static_cast<std::size_t>(d), 0.0);
    for (int i = 0; i < fresh; ++i) {
        const double t = m_tLo + (m_tHi - m_tLo) * rng.uniform();
        const InterpolantCoeffs c = m_interpolant.coeffs(t);
        for (int k = 0; k < d; ++k) z[static_cast<std::size_t>(k)] = noise ? rng.normal() : 0.0;
        for (int copy = 0; copy < (anti ? 2 : 1); ++copy)
            writeRow(batch, anti ? 2 * i + copy : i, t, c, x0.row(i).data(), x1.row(i).data(), z.data(),
                     copy == 0 ? 1.0 : -1.0);
    }
}

void BatchSampler::drawComponentPairs(Rng& rng, TrainingBatch& batch, int fresh, bool anti) const {
    const int d = m_dim;
    const bool noise = m_interpolant.hasLatentNoise();
    std::vector<double> x0(static_cast<std::size_t>(d)), x1(static_cast<std::size_t>(d)), z(static_cast<std::size_t>(d));
    const auto& cum = m_pairs.cumulative;
    for (int i = 0; i < fresh; ++i) {
        const double t = m_tLo + (m_tHi - m_tLo) * rng.uniform();
        const InterpolantCoeffs c = m_interpolant.coeffs(t);
        const auto it = std::upper_bound(cum.begin(), cum.end(), rng.uniform());
        const auto k = std::min<std::size_t>(static_cast<std::size_t>(it - cum.begin()), cum.size() - 1);
        drawComponent(m_base, m_pairs.base[k], rng, x0.data(), d);
        drawComponent(m_target, m_pairs.target[k], rng, x1.data(), d);
        for (int k2 = 0; k2 < d; ++k2) z[static_cast<std::size_t>(k2)] = noise ? rng.normal() : 0.0;
        for (int copy = 0; copy < (anti ? 2 : 1); ++copy)
            writeRow(batch, anti ? 2 * i + copy : i, t, c, x0.data(), x1.data(), z.data(), copy == 0 ? 1.0 : -1.0);
    }
}

void BatchSampler::writeRow(TrainingBatch& batch, int row, double t, const InterpolantCoeffs& c, const double* x0,
                            const double* x1, const double* z, double sign) const {
    const int d = m_dim;
    batch.t[static_cast<std::size_t>(row)] = static_cast<float>(t);
    float* x = batch.x.data() + static_cast<std::size_t>(row) * d;
    float* y = batch.y.data() + static_cast<std::size_t>(row) * d;
    for (int k = 0; k < d; ++k) {
        const double zk = sign * z[k];
        x[k] = static_cast<float>(c.alpha * x0[k] + c.beta * x1[k] + c.gamma * zk);
        y[k] = static_cast<float>(m_rule(c, x0[k], x1[k], zk));
    }
}

double BatchSampler::lossAndGradient(const float* out, const TrainingBatch& batch, float* grad) const {
    return lossAndGradient(out, batch, 0, batch.size, grad);
}

double BatchSampler::lossAndGradient(const float* out, const TrainingBatch& batch, int row0, int rows,
                                     float* grad) const {
    const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(batch.dim);
    const float* target = batch.y.data() + static_cast<std::size_t>(row0) * static_cast<std::size_t>(batch.dim);
    return flowlab::core::lossAndGradient(m_form, out, target, count, 1.0 / batch.size, grad);
}

TargetRule::TargetRule(const Interpolant& interpolant, TrainTarget target, ObjectiveKind objective)
    : m_target(target),
      m_objective(objective),
      m_oneSided(interpolant.isOneSided()),
      m_noise(interpolant.hasLatentNoise()),
      m_sigmaMin(interpolant.options().sigmaMin) {}

double TargetRule::operator()(const InterpolantCoeffs& c, double x0, double x1, double z) const {
    switch (m_objective) {
        case ObjectiveKind::FlowMatching: return x1 - (1.0 - m_sigmaMin) * x0;
        case ObjectiveKind::DenoisingScore: return x0;
        default: break;
    }
    switch (m_target) {
        case TrainTarget::Velocity: return c.alphaDot * x0 + c.betaDot * x1 + (m_noise ? c.gammaDot * z : 0.0);
        case TrainTarget::InterpolantVelocity: return c.alphaDot * x0 + c.betaDot * x1;
        case TrainTarget::Score: return m_oneSided ? -x0 / c.alpha : -z / c.gamma;
        case TrainTarget::Denoiser: return z;
    }
    return 0.0;
}

double lossAndGradient(LossForm form, const float* out, const float* target, std::size_t count, double invN,
                       float* grad) {
    double loss = 0.0;
    if (form == LossForm::Quadratic) {
        for (std::size_t i = 0; i < count; ++i) {
            const double o = out[i], y = target[i];
            loss += 0.5 * o * o - y * o;
            grad[i] = static_cast<float>((o - y) * invN);
        }
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            const double r = static_cast<double>(out[i]) - target[i];
            loss += r * r;
            grad[i] = static_cast<float>(2.0 * r * invN);
        }
    }
    return loss * invN;
}

}  // namespace flowlab::core
