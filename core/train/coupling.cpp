#include "train/coupling.hpp"

#include <algorithm>

#include "field/learned_field.hpp"
#include "train/ot_assignment.hpp"
#include "train/sinkhorn.hpp"

namespace flowlab::core {

namespace {

// Sinkhorn's stopping rule per batch: an L1 row-marginal error of 1e-4 moves less than one pair
// in ten thousand, well under the batch's own sampling noise.
constexpr double kSinkhornTolerance = 1e-4;
constexpr int kSinkhornIterations = 2000;

double meanSquaredNorm(const GaussianMixture& m) {
    double s = 0.0;
    for (const auto& c : m.components()) s += c.weight * (c.mean.squaredNorm() + c.cov.trace());
    return s;
}

// Φ_1(x0) of the parent's probability-flow ODE by classical RK4 on `steps` uniform steps. (train/
// sits beside sampler/ in the layering and may not call it; the four-stage loop is all we need.)
Status flowMapBlock(const FieldSource& field, Points& x, int steps) {
    const double h = 1.0 / steps;
    FieldValues k1, k2, k3, k4;
    for (int s = 0; s < steps; ++s) {
        const double t = s * h;
        if (Status st = field.evaluate(t, x, kVelocity, k1); !st) return st;
        if (Status st = field.evaluate(t + 0.5 * h, x + 0.5 * h * k1.velocity, kVelocity, k2); !st) return st;
        if (Status st = field.evaluate(t + 0.5 * h, x + 0.5 * h * k2.velocity, kVelocity, k3); !st) return st;
        if (Status st = field.evaluate(t + h, x + h * k3.velocity, kVelocity, k4); !st) return st;
        x += (h / 6.0) * (k1.velocity + 2.0 * k2.velocity + 2.0 * k3.velocity + k4.velocity);
    }
    if (!x.allFinite()) return Error{"the parent model's flow map is not finite"};
    return Status::success();
}

// Rows are independent: a pool of images goes through in blocks, so the four stages' buffers
// stay a few tens of megabytes whatever the pool (2D pools fit in one block, as before).
constexpr Eigen::Index kFlowMapBlockValues = Eigen::Index(1) << 21;

Status flowMap(const FieldSource& field, Points& x, int steps) {
    const Eigen::Index block = std::max<Eigen::Index>(1, kFlowMapBlockValues / std::max<Eigen::Index>(1, x.cols()));
    if (x.rows() <= block) return flowMapBlock(field, x, steps);
    for (Eigen::Index r = 0; r < x.rows(); r += block) {
        Points part = x.middleRows(r, std::min(block, x.rows() - r));
        if (Status st = flowMapBlock(field, part, steps); !st) return st;
        x.middleRows(r, part.rows()) = part;
    }
    return Status::success();
}

}  // namespace

double meanIndependentCost(const GaussianMixture& base, const GaussianMixture& target) {
    return meanSquaredNorm(base) + meanSquaredNorm(target) - 2.0 * base.mean().dot(target.mean());
}

double sinkhornLambda(const CouplingOptions& c, double meanCost) {
    return c.kind == CouplingKind::Sinkhorn ? c.regularisation * meanCost : 0.0;
}

double sinkhornLambda(const CouplingOptions& c, const GaussianMixture& base, const GaussianMixture& target) {
    return sinkhornLambda(c, meanIndependentCost(base, target));
}

double schrodingerBridgeGammaA(const CouplingOptions& c, double meanCost) { return 0.5 * sinkhornLambda(c, meanCost); }

double schrodingerBridgeGammaA(const CouplingOptions& c, const GaussianMixture& base, const GaussianMixture& target) {
    return schrodingerBridgeGammaA(c, meanIndependentCost(base, target));
}

Result<BatchCoupling> BatchCoupling::create(const CouplingOptions& options, const GaussianMixture& base,
                                            const GaussianMixture& target, std::uint64_t seed) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (options.kind != CouplingKind::Reflow)
        return BatchCoupling(options, sinkhornLambda(options, base, target), nullptr);
    const std::string& path = options.reflowModel;
    auto parent = LearnedField::load(path);
    if (!parent) return Error{"reflow: " + parent.message()};
    const ModelInfo& info = parent->info();
    if (Status st = info.checkScene(base, target, info.interpolant); !st)
        return Error{"reflow: " + path + " was trained on another scene: " + st.message()};
    Rng rng(seed ^ 0x5EF10Full);
    return create(options, 0.0, &*parent, base.sample(options.reflowPairs, rng));
}

Result<BatchCoupling> BatchCoupling::create(const CouplingOptions& options, double meanCost,
                                            const FieldSource* parent, Points starts) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (options.isComponentCoupling())
        return Error{"the " + toString(options.kind) + " coupling pairs mixture components; it applies to density "
                     "scenes, not to image data (use independent, ot, sinkhorn:REG or reflow:MODEL)"};
    if (options.kind != CouplingKind::Reflow) return BatchCoupling(options, sinkhornLambda(options, meanCost), nullptr);
    const std::string& path = options.reflowModel;
    if (!parent) return Error{"reflow: no parent model"};
    if (!parent->canProvide(kVelocity))
        return Error{"reflow: " + path + " does not give the velocity b (" + parent->label() +
                     "); train the parent with --field b"};
    if (starts.rows() < 1 || starts.cols() != parent->dim())
        return Error{"reflow: " + path + " is " + std::to_string(parent->dim()) + "-dimensional, the pairs " +
                     std::to_string(starts.cols()) + "-dimensional"};
    auto pool = std::make_shared<Pool>();
    pool->x0 = std::move(starts);
    pool->x1 = pool->x0;
    if (Status st = flowMap(*parent, pool->x1, options.reflowSteps); !st)
        return Error{"reflow: " + path + ": " + st.message()};
    return BatchCoupling(options, 0.0, std::move(pool));
}

std::vector<int> BatchCoupling::partnerRows(const Points& x0, const Points& x1, Rng& rng) const {
    switch (m_options.kind) {
        case CouplingKind::MinibatchOt: return solveAssignment(squaredDistanceCost(x0, x1)).columnOf;
        case CouplingKind::Sinkhorn: {
            SinkhornOptions o;
            o.epsilon = m_lambda;
            o.tolerance = kSinkhornTolerance;
            o.maxIterations = kSinkhornIterations;
            return sampleColumnsFromPlan(sinkhornCouplingPlan(squaredDistanceCost(x0, x1), o), rng);
        }
        case CouplingKind::Independent:
        case CouplingKind::Reflow:
        case CouplingKind::ComponentOt:
        case CouplingKind::ComponentSinkhorn:
        case CouplingKind::ComponentMatrix: break;
    }
    std::vector<int> identity(static_cast<std::size_t>(x0.rows()));
    for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int>(i);
    return identity;
}

void BatchCoupling::pair(Points& x0, Points& x1, Rng& rng) const {
    const Eigen::Index n = x0.rows();
    switch (m_options.kind) {
        case CouplingKind::Independent:
        case CouplingKind::ComponentOt:
        case CouplingKind::ComponentSinkhorn:
        case CouplingKind::ComponentMatrix: return;  // BatchSampler draws these pairs component by component
        case CouplingKind::MinibatchOt:
        case CouplingKind::Sinkhorn: {
            const std::vector<int> column = partnerRows(x0, x1, rng);
            const Points copy = x1;
            for (Eigen::Index i = 0; i < n; ++i) x1.row(i) = copy.row(column[static_cast<std::size_t>(i)]);
            return;
        }
        case CouplingKind::Reflow: {
            const auto size = static_cast<std::uint64_t>(m_pool->x0.rows());
            for (Eigen::Index i = 0; i < n; ++i) {
                const auto k = static_cast<Eigen::Index>(rng.index(size));
                x0.row(i) = m_pool->x0.row(k);
                x1.row(i) = m_pool->x1.row(k);
            }
            return;
        }
    }
}

}  // namespace flowlab::core
