#include "field/exact_field.hpp"

#include "field/exact_display_kernel.hpp"
#include "field/exact_pair_table.hpp"

#include "common/parallel.hpp"

#include <Eigen/LU>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace flowlab::core {
namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

/// Per-pair quantities for isotropic covariances in any dimension.
struct PairTableIso {
    Matrix means;       // K×d
    Matrix meanDots;    // K×d
    Vector variance;    // s_k
    Vector halfRate;    // a_k = ½ ṡ_k / s_k
    Vector logConst;    // log w_k − ½ d log(2π s_k)
};

Eigen::Index chunkRows(std::size_t pairs) {
    const auto k = static_cast<Eigen::Index>(std::max<std::size_t>(pairs, 1));
    return std::clamp<Eigen::Index>(16384 / k, 8, 256);
}

/// Threads worth starting for n points × K pairs: spawning costs ~20 µs a thread, so small
/// batches stay on the calling thread.
int threadsFor(Eigen::Index n, Eigen::Index K, int requested) {
    constexpr double kMinWorkPerThread = 5.0e4;  // point-pair evaluations (~0.4 ms)
    const double work = double(n) * double(std::max<Eigen::Index>(K, 1));
    const int byWork = static_cast<int>(std::max(1.0, work / kMinWorkPerThread));
    return std::min(resolveThreads(requested), byWork);
}

void resizeOutputs(Eigen::Index n, int d, unsigned what, FieldValues& out) {
    if (what & kVelocity) out.velocity.resize(n, d);
    if (what & kScore) out.score.resize(n, d);
    if (what & kDenoiser) out.denoiser.resize(n, d);
    if (what & kLogDensity) out.logDensity.resize(n);
    if (what & kDivergence) out.divergence.resize(n);
}

/// Smallest covariance eigenvalue over the components (closed form in 2D; the isotropic kernel
/// reads cov(0, 0) in other dimensions, and so does this).
double minVariance(const GaussianMixture& m) {
    double lo = std::numeric_limits<double>::infinity();
    for (const auto& c : m.components()) {
        double v = c.cov(0, 0);
        if (m.dim() == 2) {
            const double a = c.cov(0, 0), b = 0.5 * (c.cov(0, 1) + c.cov(1, 0)), d = c.cov(1, 1);
            v = 0.5 * (a + d) - std::sqrt(0.25 * (a - d) * (a - d) + b * b);
        }
        lo = std::min(lo, std::max(v, 0.0));
    }
    return std::isfinite(lo) ? lo : 0.0;
}

/// Pass 1 of the 2D kernel: the logits L(p, k) = log(w_k N(x_p; m_k, S_k)) of every pair at the
/// points (px, py), and their maximum per point (for a stable log-sum-exp).
void pairLogits2d(const PairTable2d& T, const Eigen::ArrayXd& px, const Eigen::ArrayXd& py, Eigen::ArrayXXd& L,
                  Eigen::ArrayXd& maxL) {
    const auto K = static_cast<Eigen::Index>(T.size());
    const Eigen::Index P = px.size();
    L.resize(P, K);
    maxL = Eigen::ArrayXd::Constant(P, -std::numeric_limits<double>::infinity());
    Eigen::ArrayXd dx(P), dy(P);
    for (Eigen::Index k = 0; k < K; ++k) {
        dx = px - T.mx[k];
        dy = py - T.my[k];
        L.col(k) = T.logConst[k] - 0.5 * (T.p11[k] * dx.square() + 2.0 * T.p12[k] * dx * dy + T.p22[k] * dy.square());
        maxL = maxL.max(L.col(k));
    }
}

}  // namespace

std::string ExactFieldOptions::validate() const {
    if (threads < 0 || threads > 1024) return "threads must be between 0 (all cores) and 1024";
    if (!(varianceFloor > 0.0) || !std::isfinite(varianceFloor)) return "variance floor must be > 0";
    if (!(pruneLogRatio >= 0.0) || !std::isfinite(pruneLogRatio)) return "prune log-ratio must be >= 0 (0 = exact)";
    return {};
}

ExactField::ExactField(GaussianMixture base, GaussianMixture target, Interpolant interpolant,
                       ExactFieldOptions options, ComponentCoupling coupling)
    : m_base(std::move(base)),
      m_target(std::move(target)),
      m_interpolant(std::move(interpolant)),
      m_options(options),
      m_coupling(std::move(coupling)),
      m_minVarianceBase(minVariance(m_base)),
      m_minVarianceTarget(minVariance(m_target)) {}

Result<ExactField> ExactField::create(GaussianMixture base, GaussianMixture target,
                                      Interpolant interpolant, ExactFieldOptions options,
                                      ComponentCoupling coupling) {
    if (base.empty() || target.empty()) return Error{"base and target densities must not be empty"};
    if (base.dim() != target.dim()) {
        return Error{"base is " + std::to_string(base.dim()) + "-dimensional but target is " +
                     std::to_string(target.dim()) + "-dimensional"};
    }
    if (const auto problem = options.validate(); !problem.empty()) return Error{problem};
    auto checked = Interpolant::create(interpolant.options(), base);
    if (!checked) return checked.error();
    if (!coupling.isIndependent()) {
        if (std::string why = ComponentCoupling::check(coupling.plan(), base, target); !why.empty()) return Error{why};
    }
    return ExactField(std::move(base), std::move(target), std::move(interpolant), options, std::move(coupling));
}

std::string ExactField::label() const {
    return m_coupling.isIndependent() ? std::string("exact") : "exact (" + m_coupling.name() + ")";
}

unsigned ExactField::provides() const {
    return kVelocity | kScore | kDenoiser | kLogDensity | kDivergence;
}

double ExactField::scoreLipschitz(double t) const {
    const InterpolantCoeffs c = m_interpolant.coeffs(std::clamp(t, 0.0, 1.0));
    double s = c.alpha * c.alpha * m_minVarianceBase + c.beta * c.beta * m_minVarianceTarget + c.gamma * c.gamma;
    // The evaluation adds the floor to a singular S_k (point masses at an endpoint): so does L.
    if (!(s > 0.0)) s = m_options.varianceFloor;
    return 1.0 / s;
}

Status ExactField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (!(t >= 0.0 && t <= 1.0)) return Error{"t must be in [0, 1], got " + std::to_string(t)};
    if (x.cols() != dim()) {
        return Error{"points have " + std::to_string(x.cols()) + " coordinates, the field has " +
                     std::to_string(dim())};
    }
    resizeOutputs(x.rows(), dim(), what, out);
    if (x.rows() == 0) return Status::success();
    return dim() == 2 ? evaluate2d(t, x, what, out) : evaluateIsotropic(t, x, what, out);
}

Status ExactField::evaluate2d(double t, const Points& x, unsigned what, FieldValues& out) const {
    const InterpolantCoeffs c = m_interpolant.coeffs(t);
    const PairTable2d T = pairTable2d(c, m_base, m_target, m_options.varianceFloor, m_coupling);
    if (m_options.pruneLogRatio > 0.0)
        return evaluateDisplay2d(T, c.gamma, x, what, m_options.pruneLogRatio, threadsFor(x.rows(), Eigen::Index(T.size()), m_options.threads), out);
    const auto K = static_cast<Eigen::Index>(T.size());
    const Eigen::Index n = x.rows();
    const Eigen::Index rows = chunkRows(T.size());
    const Eigen::Index chunks = (n + rows - 1) / rows;
    const bool needS = what & (kScore | kDenoiser | kDivergence);
    const bool needB = what & (kVelocity | kDivergence);

    parallelFor(chunks, threadsFor(n, K, m_options.threads), [&](std::int64_t ch) {
        const Eigen::Index begin = ch * rows;
        const Eigen::Index P = std::min(rows, n - begin);
        const Eigen::ArrayXd px = x.block(begin, 0, P, 1).array();
        const Eigen::ArrayXd py = x.block(begin, 1, P, 1).array();
        // Pass 1: logits of every pair and their maximum (for a stable log-sum-exp).
        Eigen::ArrayXXd L(P, K);
        Eigen::ArrayXd dx(P), dy(P);
        Eigen::ArrayXd maxL(P);
        pairLogits2d(T, px, py, L, maxL);
        // Pass 2: unnormalised weights e_k = exp(L_k − max), fused with the accumulation of
        // Σ e_k v_k and Σ e_k g_k; one division per point at the end instead of one per pair.
        Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(P);
        Eigen::ArrayXd bx = Eigen::ArrayXd::Zero(P), by = Eigen::ArrayXd::Zero(P);
        Eigen::ArrayXd sx = Eigen::ArrayXd::Zero(P), sy = Eigen::ArrayXd::Zero(P);
        Eigen::ArrayXd e(P);
        for (Eigen::Index k = 0; k < K; ++k) {
            e = (L.col(k) - maxL).exp();
            sum += e;
            if (what & kDivergence) L.col(k) = e;
            if (!needB && !needS) continue;
            dx = px - T.mx[k];
            dy = py - T.my[k];
            if (needB) {
                bx += e * (T.mdx[k] + T.a11[k] * dx + T.a12[k] * dy);
                by += e * (T.mdy[k] + T.a21[k] * dx + T.a22[k] * dy);
            }
            if (needS) {
                sx -= e * (T.p11[k] * dx + T.p12[k] * dy);
                sy -= e * (T.p12[k] * dx + T.p22[k] * dy);
            }
        }
        const Eigen::ArrayXd inv = sum.inverse();
        bx *= inv;
        by *= inv;
        sx *= inv;
        sy *= inv;
        if (what & kLogDensity) out.logDensity.segment(begin, P) = (maxL + sum.log()).matrix();
        if (what & kVelocity) {
            out.velocity.block(begin, 0, P, 1) = bx.matrix();
            out.velocity.block(begin, 1, P, 1) = by.matrix();
        }
        if (what & kScore) {
            out.score.block(begin, 0, P, 1) = sx.matrix();
            out.score.block(begin, 1, P, 1) = sy.matrix();
        }
        if (what & kDenoiser) {
            out.denoiser.block(begin, 0, P, 1) = (-c.gamma * sx).matrix();
            out.denoiser.block(begin, 1, P, 1) = (-c.gamma * sy).matrix();
        }
        if (what & kDivergence) {
            // ∇·b = Σ r_k [tr A_k + (g_k − s)·v_k]  (docs/maths.md §4), with r_k = e_k / Σe.
            Eigen::ArrayXd div = Eigen::ArrayXd::Zero(P);
            for (Eigen::Index k = 0; k < K; ++k) {
                dx = px - T.mx[k];
                dy = py - T.my[k];
                const auto vx = T.mdx[k] + T.a11[k] * dx + T.a12[k] * dy;
                const auto vy = T.mdy[k] + T.a21[k] * dx + T.a22[k] * dy;
                const auto gx = -(T.p11[k] * dx + T.p12[k] * dy);
                const auto gy = -(T.p12[k] * dx + T.p22[k] * dy);
                div += L.col(k) * (T.trA[k] + (gx - sx) * vx + (gy - sy) * vy);
            }
            out.divergence.segment(begin, P) = (div * inv).matrix();
        }
    });
    return Status::success();
}

Status ExactField::evaluateIsotropic(double t, const Points& x, unsigned what, FieldValues& out) const {
    const InterpolantCoeffs c = m_interpolant.coeffs(t);
    const int d = dim();
    std::vector<std::array<std::size_t, 2>> pairs;
    pairs.reserve(pairCount());
    for (std::size_t i = 0; i < m_base.size(); ++i)
        for (std::size_t j = 0; j < m_target.size(); ++j)
            if (m_coupling.weight(i, j, m_base.component(i).weight, m_target.component(j).weight) > 0.0)
                pairs.push_back({i, j});
    const auto K = static_cast<Eigen::Index>(pairs.size());
    PairTableIso T;
    T.means.resize(K, d);
    T.meanDots.resize(K, d);
    T.variance.resize(K);
    T.halfRate.resize(K);
    T.logConst.resize(K);
    for (Eigen::Index k = 0; k < K; ++k) {
        const auto& b0 = m_base.component(pairs[k][0]);
        const auto& b1 = m_target.component(pairs[k][1]);
        const double c0 = b0.cov(0, 0), c1 = b1.cov(0, 0);
        T.means.row(k) = (c.alpha * b0.mean + c.beta * b1.mean).transpose();
        T.meanDots.row(k) = pairMeanDot(c, b0.mean, b1.mean).transpose();
        double s = c.alpha * c.alpha * c0 + c.beta * c.beta * c1 + c.gamma * c.gamma;
        if (!(s > 0.0)) s += m_options.varianceFloor;
        const double sd = 2.0 * (c.alphaAlphaDot * c0 + c.beta * c.betaDot * c1 + c.gammaGammaDot);
        T.variance[k] = s;
        T.halfRate[k] = 0.5 * sd / s;
        T.logConst[k] = std::log(m_coupling.weight(pairs[k][0], pairs[k][1], b0.weight, b1.weight)) -
                        0.5 * d * (kLog2Pi + std::log(s));
    }
    const Vector invVar = T.variance.cwiseInverse();
    // Matrices that turn posterior weights into fields by GEMM.
    const Matrix aM = T.halfRate.asDiagonal() * T.means;   // a_k m_k
    const Matrix invM = invVar.asDiagonal() * T.means;      // m_k / s_k
    const Vector mDotMd = (T.means.cwiseProduct(T.meanDots)).rowwise().sum();  // m_k·ṁ_k

    const Eigen::Index n = x.rows();
    const Eigen::Index rows = chunkRows(pairs.size());
    const Eigen::Index chunks = (n + rows - 1) / rows;
    parallelFor(chunks, threadsFor(n, K, m_options.threads), [&](std::int64_t ch) {
        const Eigen::Index begin = ch * rows;
        const Eigen::Index P = std::min(rows, n - begin);
        const Matrix X = x.middleRows(begin, P);
        // |x − m_k|² from the differences themselves: the expansion |x|² − 2x·m + |m|² would
        // lose ~1e-15·|x|² to cancellation, which matters where S_k is at the variance floor.
        Matrix D2(P, K);
        for (Eigen::Index k = 0; k < K; ++k) D2.col(k) = (X.rowwise() - T.means.row(k)).rowwise().squaredNorm();
        Eigen::ArrayXXd L = (-0.5 * D2.array()).rowwise() * invVar.transpose().array();
        L.rowwise() += T.logConst.transpose().array();
        const Eigen::ArrayXd maxL = L.rowwise().maxCoeff();
        L = (L.colwise() - maxL).exp();
        const Eigen::ArrayXd sum = L.rowwise().sum();
        L.colwise() /= sum;
        const Matrix R = L.matrix();
        if (what & kLogDensity) out.logDensity.segment(begin, P) = (maxL + sum.log()).matrix();
        Matrix B, S;
        if (what & (kVelocity | kDivergence)) {
            B = R * T.meanDots - R * aM;
            B += (R * T.halfRate).asDiagonal() * X;
        }
        if (what & (kScore | kDenoiser | kDivergence)) {
            S = R * invM;
            S -= (R * invVar).asDiagonal() * X;
        }
        if (what & kVelocity) out.velocity.middleRows(begin, P) = B;
        if (what & kScore) out.score.middleRows(begin, P) = S;
        if (what & kDenoiser) out.denoiser.middleRows(begin, P) = -c.gamma * S;
        if (what & kDivergence) {
            // term_k = d a_k + g_k·v_k − s·v_k with
            // g_k·v_k = −[(x·ṁ_k − m_k·ṁ_k) + a_k |x − m_k|²] / s_k,
            // s·v_k  = s·ṁ_k + a_k (s·x − s·m_k).
            const Matrix xMd = X * T.meanDots.transpose();
            const Matrix sMd = S * T.meanDots.transpose();
            const Matrix sM = S * T.means.transpose();
            const Vector sx = S.cwiseProduct(X).rowwise().sum();
            Matrix term(P, K);
            for (Eigen::Index k = 0; k < K; ++k) {
                const double a = T.halfRate[k];
                term.col(k) = Vector::Constant(P, d * a) -
                              ((xMd.col(k).array() - mDotMd[k] + a * D2.col(k).array()) * invVar[k]).matrix() -
                              sMd.col(k) - a * (sx - sM.col(k));
            }
            out.divergence.segment(begin, P) = R.cwiseProduct(term).rowwise().sum();
        }
    });
    return Status::success();
}

Result<GaussianMixture> ExactField::marginal(double t) const {
    const InterpolantCoeffs c = m_interpolant.coeffs(t);
    const int d = dim();
    const Matrix I = Matrix::Identity(d, d);
    std::vector<GaussianComponent> comps;
    comps.reserve(pairCount());
    for (std::size_t i = 0; i < m_base.size(); ++i) {
        for (std::size_t j = 0; j < m_target.size(); ++j) {
            const auto& b0 = m_base.component(i);
            const auto& b1 = m_target.component(j);
            GaussianComponent k;
            k.weight = m_coupling.weight(i, j, b0.weight, b1.weight);
            if (!m_coupling.isIndependent() && !(k.weight > 0.0)) continue;
            k.mean = c.alpha * b0.mean + c.beta * b1.mean;
            k.cov = c.alpha * c.alpha * b0.cov + c.beta * c.beta * b1.cov + c.gamma * c.gamma * I;
            comps.push_back(std::move(k));
        }
    }
    return GaussianMixture::create(d, std::move(comps));
}

Result<Posterior> ExactField::posterior(double t, const Vector& x) const {
    if (!(t >= 0.0 && t <= 1.0)) return Error{"t must be in [0, 1], got " + std::to_string(t)};
    if (dim() != 2) return Error{"the posterior probe needs a 2D field, this one is " + std::to_string(dim()) + "D"};
    if (x.size() != 2 || !x.allFinite()) return Error{"the probe point must be a finite 2D point"};
    Posterior p;
    p.t = t;
    p.x = x;
    p.coeffs = m_interpolant.coeffs(t);
    const InterpolantCoeffs& c = p.coeffs;
    const PairTable2d T = pairTable2d(c, m_base, m_target, m_options.varianceFloor, m_coupling);
    const auto K = static_cast<Eigen::Index>(T.size());
    Eigen::ArrayXXd L;
    Eigen::ArrayXd maxL;
    pairLogits2d(T, Eigen::ArrayXd::Constant(1, x[0]), Eigen::ArrayXd::Constant(1, x[1]), L, maxL);
    const Eigen::ArrayXd e = (L.row(0).transpose() - maxL[0]).exp();
    const Eigen::ArrayXd r = e / e.sum();

    const Vector zero = Vector::Zero(2);
    p.targetWeights.assign(m_target.size(), 0.0);
    p.baseWeights.assign(m_base.size(), 0.0);
    p.componentX1.assign(m_target.size(), zero);
    p.componentVelocity.assign(m_target.size(), zero);
    p.meanX0 = p.meanX1 = p.meanZ = zero;
    Vector pairSum = zero;
    for (Eigen::Index k = 0; k < K; ++k) {
        const std::size_t i = T.baseIndex[std::size_t(k)], j = T.targetIndex[std::size_t(k)];
        const Vector d = x - Vector((Vector(2) << T.mx[k], T.my[k]).finished());
        const Vector Pd = (Vector(2) << T.p11[k] * d[0] + T.p12[k] * d[1], T.p12[k] * d[0] + T.p22[k] * d[1]).finished();
        // Per pair, (x0, x1, z) and x_t are jointly Gaussian with Cov(x0, x_t) = α C0, so
        // E[x0 | x_t, k] = μ0 + α C0 S⁻¹ (x − m_k), and likewise for x1 and z.
        const Vector e0 = m_base.component(i).mean + c.alpha * (m_base.component(i).cov * Pd);
        const Vector e1 = m_target.component(j).mean + c.beta * (m_target.component(j).cov * Pd);
        const Vector v = (Vector(2) << T.mdx[k] + T.a11[k] * d[0] + T.a12[k] * d[1],
                          T.mdy[k] + T.a21[k] * d[0] + T.a22[k] * d[1]).finished();
        p.targetWeights[j] += r[k];
        p.baseWeights[i] += r[k];
        p.meanX0 += r[k] * e0;
        p.meanX1 += r[k] * e1;
        p.meanZ += r[k] * (c.gamma * Pd);
        p.componentX1[j] += r[k] * e1;
        p.componentVelocity[j] += r[k] * v;
        pairSum += r[k] * v;
    }
    for (std::size_t j = 0; j < m_target.size(); ++j) {
        if (p.targetWeights[j] > 0.0) {
            p.componentX1[j] /= p.targetWeights[j];
            p.componentVelocity[j] /= p.targetWeights[j];
        }
    }
    const bool finite = std::isfinite(c.alphaDot) && std::isfinite(c.betaDot) && std::isfinite(c.gammaDot);
    p.velocity = finite ? Vector(c.alphaDot * p.meanX0 + c.betaDot * p.meanX1 + c.gammaDot * p.meanZ) : pairSum;
    return p;
}

}  // namespace flowlab::core
