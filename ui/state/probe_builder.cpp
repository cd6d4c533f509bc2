#include "state/probe_builder.hpp"

#include <QString>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowlab::ui {
namespace {

constexpr int kGridColumns = 16, kGridRows = 12;
constexpr int kPathSamples = 48;
constexpr std::size_t kContributions = 6;

QPointF point(const core::Vector& v) { return {v[0], v[1]}; }

QString number(double v) { return QString::number(std::abs(v) < 5e-4 ? 0.0 : v, 'f', 2); }

}  // namespace

int ProbeBuilder::nearestComponent(const core::ExactField& field, QPointF world) {
    int best = -1;
    double bestD = 0;
    const auto& comps = field.target().components();
    for (std::size_t j = 0; j < comps.size(); ++j) {
        const double d = std::hypot(comps[j].mean[0] - world.x(), comps[j].mean[1] - world.y());
        if (best < 0 || d < bestD) best = int(j), bestD = d;
    }
    return best;
}

std::shared_ptr<const ProbeDrawing> ProbeBuilder::build(const std::shared_ptr<const core::ExactField>& field, QPointF x,
                                                        double t, const QRectF& world) {
    if (m_mode == ProbeMode::Off || !field || field->dim() != 2) return nullptr;
    core::Vector xv(2);
    xv << x.x(), x.y();
    const auto post = field->posterior(std::clamp(t, 0.0, 1.0), xv);
    if (!post) return nullptr;
    auto d = std::make_shared<ProbeDrawing>();
    d->x = x;
    d->t = post->t;
    for (const auto& c : field->target().components()) d->componentMeans.push_back(point(c.mean));
    d->weights = post->targetWeights;
    d->meanX0 = point(post->meanX0);
    d->meanX1 = point(post->meanX1);
    const core::InterpolantCoeffs& c = post->coeffs;
    const auto term = [](double coeff, const core::Vector& v) {
        return std::isfinite(coeff) ? QPointF(coeff * v[0], coeff * v[1]) : QPointF();
    };
    d->termX0 = term(c.alphaDot, post->meanX0);
    d->termX1 = term(c.betaDot, post->meanX1);
    d->termZ = term(c.gammaDot, post->meanZ);
    d->velocity = point(post->velocity);
    d->alphaDot = c.alphaDot;
    d->betaDot = c.betaDot;
    d->gammaDot = c.gammaDot;
    d->caption = QStringLiteral("b = \\dot{\\alpha}\\,\\mathbb{E}[x_0 \\mid x_t] + \\dot{\\beta}\\,\\mathbb{E}[x_1 \\mid x_t] + "
                                "\\dot{\\gamma}\\,\\mathbb{E}[z \\mid x_t],\\quad \\dot{\\alpha} = %1,\\; \\dot{\\beta} = %2,\\; "
                                "\\dot{\\gamma} = %3")
                     .arg(number(c.alphaDot), number(c.betaDot), number(c.gammaDot));

    if (m_mode == ProbeMode::Conditional) {
        if (m_targetPoint) {
            core::GaussianComponent mass;
            mass.weight = 1.0;
            mass.mean = core::Vector(2);
            mass.mean << m_targetPoint->x(), m_targetPoint->y();
            mass.cov = core::Matrix::Zero(2, 2);  // a point mass: the target is x1 itself
            conditionalField(field, mass, -1, m_targetPoint);
            buildForPoint(*d, *field, *post, *m_targetPoint);
        } else {
            buildForComponent(*d, field, *post);
        }
        sampleGrid(*d, post->t, world);
        // The largest terms of b = Σ_j p(j | x_t) u_t(x | j).
        const auto& w = post->targetWeights;
        std::vector<std::size_t> order(w.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return w[a] > w[b]; });
        for (std::size_t k = 0; k < std::min(kContributions, order.size()); ++k) {
            if (w[order[k]] < 1e-3) break;
            d->contributions.push_back(w[order[k]] * point(post->componentVelocity[order[k]]));
        }
    }
    return d;
}


void ProbeBuilder::conditionalField(const std::shared_ptr<const core::ExactField>& field,
                                    const core::GaussianComponent& target, int component, std::optional<QPointF> point) {
    if (m_conditionalOf == field && m_conditionalComponent == component && m_conditionalPoint == point && m_conditional) return;
    m_conditional.reset();
    // Given target component j, x0 follows the base components with weights π_ij (w_i when
    // the components are independent).
    core::GaussianMixture base = field->base();
    if (!field->coupling().isIndependent() && component >= 0) {
        std::vector<core::GaussianComponent> comps = base.components();
        for (std::size_t i = 0; i < comps.size(); ++i) comps[i].weight = field->coupling().plan()(Eigen::Index(i), component);
        if (auto b = core::GaussianMixture::create(2, std::move(comps))) base = std::move(*b);
    }
    if (auto t = core::GaussianMixture::create(2, {target})) {
        if (auto f = core::ExactField::create(base, *t, field->interpolant()))
            m_conditional = std::make_shared<const core::ExactField>(std::move(*f));
    }
    m_conditionalOf = field;
    m_conditionalComponent = component;
    m_conditionalPoint = point;
}

void ProbeBuilder::buildForComponent(ProbeDrawing& d, const std::shared_ptr<const core::ExactField>& fieldPtr,
                                     const core::Posterior& post) {
    const core::ExactField& field = *fieldPtr;
    const auto& w = post.targetWeights;
    int j = m_component;
    if (j < 0 || std::size_t(j) >= w.size()) j = int(std::max_element(w.begin(), w.end()) - w.begin());
    d.component = j;
    core::GaussianComponent one = field.target().component(std::size_t(j));
    one.weight = 1.0;
    conditionalField(fieldPtr, one, j, std::nullopt);
    d.conditionalVelocity = point(post.componentVelocity[std::size_t(j)]);
    // The conditional path: the mean of x_s given x1 ~ component j, and its spread at t.
    const core::InterpolantCoeffs& c = post.coeffs;
    const core::Vector mu0 = field.base().mean();
    const core::Vector mu1 = field.target().component(std::size_t(j)).mean;
    const double var0 = 0.5 * field.base().covariance().trace();
    const double var1 = 0.5 * field.target().component(std::size_t(j)).cov.trace();
    for (int i = 0; i <= kPathSamples; ++i) {
        const auto k = field.interpolant().coeffs(double(i) / kPathSamples);
        d.conditionalPath.push_back(point(k.alpha * mu0 + k.beta * mu1));
    }
    d.conditionalMean = point(c.alpha * mu0 + c.beta * mu1);
    d.conditionalSpread = std::sqrt(std::max(0.0, c.alpha * c.alpha * var0 + c.beta * c.beta * var1 + c.gamma * c.gamma));
    d.caption = QStringLiteral("b(t, x) = \\sum_j p(j \\mid x_t = x)\\, u_t(x \\mid j),\\quad p(%1 \\mid x_t) = %2")
                    .arg(j + 1)
                    .arg(number(w[std::size_t(j)]));
}

void ProbeBuilder::buildForPoint(ProbeDrawing& d, const core::ExactField& field, const core::Posterior& post, QPointF x1) {
    d.targetPoint = x1;
    const core::InterpolantCoeffs& c = post.coeffs;
    const core::Vector mu0 = field.base().mean();
    const core::Vector x1v = (core::Vector(2) << x1.x(), x1.y()).finished();
    const double var0 = 0.5 * field.base().covariance().trace();
    d.conditionalMean = point(c.alpha * mu0 + c.beta * x1v);
    d.conditionalSpread = std::sqrt(std::max(0.0, c.alpha * c.alpha * var0 + c.gamma * c.gamma));
    d.caption = QStringLiteral("u_t(x \\mid x_1) = \\dot{\\alpha}\\,\\mathbb{E}[x_0 \\mid x_t, x_1] + \\dot{\\beta}\\, x_1 + "
                               "\\dot{\\gamma}\\,\\mathbb{E}[z \\mid x_t, x_1],\\quad b(t, x) = \\mathbb{E}[u_t(x \\mid x_1) \\mid x_t = x]");
    if (!m_conditional) return;
    // Given x_t = x and x1, the interpolant's x0 and z are Gaussian: the path through the point
    // is s ↦ α(s) E[x0 | x, x1] + β(s) x1 + γ(s) E[z | x, x1] (it passes x at s = t), and its
    // tangent there is u_t(x | x1).
    const auto given = m_conditional->posterior(post.t, post.x);
    if (!given) return;
    d.conditionalVelocity = point(given->velocity);
    for (int i = 0; i <= kPathSamples; ++i) {
        const auto k = field.interpolant().coeffs(double(i) / kPathSamples);
        d.conditionalPath.push_back(point(k.alpha * given->meanX0 + k.beta * x1v + k.gamma * given->meanZ));
    }
}

void ProbeBuilder::sampleGrid(ProbeDrawing& d, double t, const QRectF& world) const {
    if (!m_conditional) return;
    // u_t(· | x1) on a coarse grid over the view.
    core::Points grid(kGridColumns * kGridRows, 2);
    for (int r = 0; r < kGridRows; ++r)
        for (int q = 0; q < kGridColumns; ++q) {
            grid(r * kGridColumns + q, 0) = world.left() + (q + 0.5) * world.width() / kGridColumns;
            grid(r * kGridColumns + q, 1) = world.top() + (r + 0.5) * world.height() / kGridRows;
        }
    core::FieldValues v;
    if (!m_conditional->evaluate(t, grid, core::kVelocity, v)) return;
    for (Eigen::Index i = 0; i < grid.rows(); ++i) {
        if (!std::isfinite(v.velocity(i, 0)) || !std::isfinite(v.velocity(i, 1))) continue;
        d.gridPoints.emplace_back(grid(i, 0), grid(i, 1));
        d.gridVectors.emplace_back(v.velocity(i, 0), v.velocity(i, 1));
    }
}

}  // namespace flowlab::ui
