#include "field/exact_display_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parallel.hpp"

namespace flowlab::core {
namespace {

constexpr int kLanes = 8;   ///< points a register (AVX2 float)
constexpr int kBlock = 32;  ///< points a pruning block: small blocks have tight boxes
using Lane = Eigen::Array<float, kLanes, 1>;
using LaneMap = Eigen::Map<Lane>;

/// The pair table in float (what the lanes read) and the eigenvalue bounds of S_k⁻¹ (for the
/// block bounds, in double).
struct FloatTable {
    std::vector<float> mx, my, mdx, mdy, p11, p12, p22, a11, a12, a21, a22, trA, logConst;
    std::vector<double> pMin, pMax;
};

FloatTable floatTable(const PairTable2d& T) {
    FloatTable f;
    const auto copy = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
    f.mx = copy(T.mx), f.my = copy(T.my), f.mdx = copy(T.mdx), f.mdy = copy(T.mdy);
    f.p11 = copy(T.p11), f.p12 = copy(T.p12), f.p22 = copy(T.p22);
    f.a11 = copy(T.a11), f.a12 = copy(T.a12), f.a21 = copy(T.a21), f.a22 = copy(T.a22);
    f.trA = copy(T.trA), f.logConst = copy(T.logConst);
    for (std::size_t k = 0; k < T.size(); ++k) {
        const double mid = 0.5 * (T.p11[k] + T.p22[k]);
        const double half = std::hypot(0.5 * (T.p11[k] - T.p22[k]), T.p12[k]);
        f.pMin.push_back(std::max(0.0, mid - half));
        f.pMax.push_back(mid + half);
    }
    return f;
}

/// The pairs whose logit can come within `cut` (< 0) of the largest one at some point of the box
/// [x0, x1] × [y0, y1]: L_k ≤ c_k − ½ λmin(S_k⁻¹) dist²(m_k, box) at every point of it and
/// L_k ≥ c_k − ½ λmax(S_k⁻¹) maxdist²(m_k, box), so a pair whose upper bound is below the best
/// lower bound plus `cut` is below every point's largest logit plus `cut` (and the pair that
/// attains a point's largest logit always stays). A margin covers float rounding.
void candidatePairs(const PairTable2d& T, const FloatTable& F, double x0, double x1, double y0, double y1,
                    double cut, std::vector<int>& out) {
    const std::size_t K = T.size();
    double bestLower = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < K; ++k) {
        const double fx = std::max(std::abs(T.mx[k] - x0), std::abs(T.mx[k] - x1));
        const double fy = std::max(std::abs(T.my[k] - y0), std::abs(T.my[k] - y1));
        bestLower = std::max(bestLower, T.logConst[k] - 0.5 * F.pMax[k] * (fx * fx + fy * fy));
    }
    const double threshold = bestLower + cut - 1.0;
    out.clear();
    for (std::size_t k = 0; k < K; ++k) {
        const double ax = std::max({x0 - T.mx[k], 0.0, T.mx[k] - x1});
        const double ay = std::max({y0 - T.my[k], 0.0, T.my[k] - y1});
        if (!(T.logConst[k] - 0.5 * F.pMin[k] * (ax * ax + ay * ay) < threshold)) out.push_back(int(k));
    }
}

}  // namespace

std::vector<Eigen::Index> spatialOrder(const Points& x) {
    const Eigen::Index n = x.rows();
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) order[std::size_t(i)] = i;
    if (n == 0) return order;
    const double x0 = x.col(0).minCoeff(), x1 = x.col(0).maxCoeff();
    const double y0 = x.col(1).minCoeff(), y1 = x.col(1).maxCoeff();
    int bits = 0;
    while (bits < 10 && double(1 << (2 * (bits + 1))) * 8.0 <= double(n)) ++bits;
    if (bits == 0 || !std::isfinite(x1 - x0) || !std::isfinite(y1 - y0)) return order;
    const int g = 1 << bits;
    const double sx = g / std::max(x1 - x0, 1e-300), sy = g / std::max(y1 - y0, 1e-300);
    const auto spread = [](unsigned v) {  // the bits of v at the even positions
        unsigned r = 0;
        for (int b = 0; b < 10; ++b) r |= ((v >> b) & 1u) << (2 * b);
        return r;
    };
    std::vector<unsigned> cell(static_cast<std::size_t>(n));
    std::vector<Eigen::Index> start(std::size_t(g) * std::size_t(g) + 1, 0);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto cx = unsigned(std::clamp(int((x(i, 0) - x0) * sx), 0, g - 1));
        const auto cy = unsigned(std::clamp(int((x(i, 1) - y0) * sy), 0, g - 1));
        cell[std::size_t(i)] = spread(cx) | (spread(cy) << 1);
        ++start[std::size_t(cell[std::size_t(i)]) + 1];
    }
    for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    for (Eigen::Index i = 0; i < n; ++i) order[std::size_t(start[cell[std::size_t(i)]]++)] = i;
    return order;
}

Status evaluateDisplay2d(const PairTable2d& T, double gamma, const Points& x, unsigned what, double pruneLogRatio,
                         int threads, FieldValues& out) {
    const FloatTable F = floatTable(T);
    const Eigen::Index n = x.rows();
    const std::vector<Eigen::Index> order = spatialOrder(x);
    const Eigen::Index blocks = (n + kBlock - 1) / kBlock;
    const bool needS = what & (kScore | kDenoiser | kDivergence);
    const bool needB = what & (kVelocity | kDivergence);
    const bool needDiv = what & kDivergence;
    const float cut = float(-pruneLogRatio);

    parallelFor(blocks, threads, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock;
        const Eigen::Index P = std::min<Eigen::Index>(kBlock, n - begin);
        double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
        for (Eigen::Index i = 0; i < P; ++i) {
            const Eigen::Index r = order[std::size_t(begin + i)];
            x0 = std::min(x0, x(r, 0)), x1 = std::max(x1, x(r, 0));
            y0 = std::min(y0, x(r, 1)), y1 = std::max(y1, x(r, 1));
        }
        std::vector<int> cand;
        cand.reserve(T.size());
        candidatePairs(T, F, x0, x1, y0, y1, -pruneLogRatio, cand);
        const std::size_t C = cand.size();
        std::vector<float> buffer(C * kLanes);  // logits, then weights, of one group of lanes

        for (Eigen::Index g = 0; g < P; g += kLanes) {
            Lane qx, qy;
            for (int l = 0; l < kLanes; ++l) {
                // Lanes past the end repeat the last point; their results are not written.
                const Eigen::Index r = order[std::size_t(begin + std::min<Eigen::Index>(g + l, P - 1))];
                qx[l] = float(x(r, 0));
                qy[l] = float(x(r, 1));
            }
            Lane maxL = Lane::Constant(-std::numeric_limits<float>::infinity());
            for (std::size_t j = 0; j < C; ++j) {
                const int k = cand[j];
                const Lane dx = qx - F.mx[k], dy = qy - F.my[k];
                const Lane l = F.logConst[k] - 0.5f * (F.p11[k] * dx.square() + 2.0f * F.p12[k] * dx * dy +
                                                      F.p22[k] * dy.square());
                LaneMap(buffer.data() + j * kLanes) = l;
                maxL = maxL.max(l);
            }
            Lane sum = Lane::Zero(), bx = Lane::Zero(), by = Lane::Zero(), sx = Lane::Zero(), sy = Lane::Zero();
            for (std::size_t j = 0; j < C; ++j) {
                LaneMap slot(buffer.data() + j * kLanes);
                const Lane d = slot - maxL;
                if (d.maxCoeff() < cut) {
                    if (needDiv) slot.setZero();
                    continue;
                }
                const int k = cand[j];
                const Lane e = d.exp();
                sum += e;
                if (needDiv) slot = e;
                const Lane dx = qx - F.mx[k], dy = qy - F.my[k];
                if (needB) {
                    bx += e * (F.mdx[k] + F.a11[k] * dx + F.a12[k] * dy);
                    by += e * (F.mdy[k] + F.a21[k] * dx + F.a22[k] * dy);
                }
                if (needS) {
                    sx -= e * (F.p11[k] * dx + F.p12[k] * dy);
                    sy -= e * (F.p12[k] * dx + F.p22[k] * dy);
                }
            }
            const Lane inv = sum.inverse();
            bx *= inv, by *= inv, sx *= inv, sy *= inv;
            Lane div = Lane::Zero();
            if (needDiv) {
                // ∇·b = Σ r_k [tr A_k + (g_k − s)·v_k]  (docs/maths.md §4).
                for (std::size_t j = 0; j < C; ++j) {
                    const LaneMap e(buffer.data() + j * kLanes);
                    if ((e == 0.0f).all()) continue;
                    const int k = cand[j];
                    const Lane dx = qx - F.mx[k], dy = qy - F.my[k];
                    const Lane vx = F.mdx[k] + F.a11[k] * dx + F.a12[k] * dy;
                    const Lane vy = F.mdy[k] + F.a21[k] * dx + F.a22[k] * dy;
                    const Lane gx = -(F.p11[k] * dx + F.p12[k] * dy);
                    const Lane gy = -(F.p12[k] * dx + F.p22[k] * dy);
                    div += e * (F.trA[k] + (gx - sx) * vx + (gy - sy) * vy);
                }
                div *= inv;
            }
            for (int l = 0; l < kLanes && g + l < P; ++l) {
                const Eigen::Index r = order[std::size_t(begin + g + l)];
                if (what & kLogDensity) out.logDensity[r] = double(maxL[l]) + std::log(double(sum[l]));
                if (what & kVelocity) out.velocity(r, 0) = bx[l], out.velocity(r, 1) = by[l];
                if (what & kScore) out.score(r, 0) = sx[l], out.score(r, 1) = sy[l];
                if (what & kDenoiser) out.denoiser(r, 0) = -gamma * sx[l], out.denoiser(r, 1) = -gamma * sy[l];
                if (needDiv) out.divergence[r] = div[l];
            }
        }
    });
    return Status::success();
}

}  // namespace flowlab::core
