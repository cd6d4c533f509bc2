#include "field/exact_display_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parallel.hpp"
#include "field/float8.hpp"

namespace flowlab::core {
namespace {

constexpr int kLanes = 8;   ///< points a register (AVX2 float)
constexpr int kBlock = 32;  ///< points a pruning block: small blocks have tight boxes

/// One pair of the table in float, the fields the lanes read side by side in one cache line
/// (½ of the diagonal of S_k⁻¹ folded in for the logit).
struct PairF {
    float mx, my, logConst, halfP11, p12, halfP22, p11, p22;
    float mdx, mdy, a11, a12, a21, a22, trA, pad;
};
static_assert(sizeof(PairF) == 64, "one pair per cache line");

/// The pair table in float (what the lanes read) and the eigenvalue bounds of S_k⁻¹ (for the
/// block bounds, in double).
struct FloatTable {
    std::vector<PairF> pairs;
    std::vector<double> pMin, pMax;
};

FloatTable floatTable(const PairTable2d& T) {
    FloatTable f;
    for (std::size_t k = 0; k < T.size(); ++k) {
        f.pairs.push_back({float(T.mx[k]), float(T.my[k]), float(T.logConst[k]), float(0.5 * T.p11[k]),
                           float(T.p12[k]), float(0.5 * T.p22[k]), float(T.p11[k]), float(T.p22[k]),
                           float(T.mdx[k]), float(T.mdy[k]), float(T.a11[k]), float(T.a12[k]), float(T.a21[k]),
                           float(T.a22[k]), float(T.trA[k]), 0.0f});
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
    // Whole-table array expressions (four pairs a register) rather than a loop with branches:
    // this runs once per block of 32 points over every pair.
    using Map = Eigen::Map<const Eigen::ArrayXd>;
    const auto K = Eigen::Index(T.size());
    out.clear();
    if (K == 0) return;
    const Map mx(T.mx.data(), K), my(T.my.data(), K), c(T.logConst.data(), K);
    const Map pMin(F.pMin.data(), K), pMax(F.pMax.data(), K);
    const Eigen::ArrayXd fx = (mx - x0).abs().max((mx - x1).abs()), fy = (my - y0).abs().max((my - y1).abs());
    const double bestLower = (c - 0.5 * pMax * (fx.square() + fy.square())).maxCoeff<Eigen::PropagateNumbers>();
    const double threshold = bestLower + cut - 1.0;
    const Eigen::ArrayXd ax = (x0 - mx).max(mx - x1).max(0.0), ay = (y0 - my).max(my - y1).max(0.0);
    const Eigen::ArrayXd upper = c - 0.5 * pMin * (ax.square() + ay.square());
    for (Eigen::Index k = 0; k < K; ++k)
        if (!(upper[k] < threshold)) out.push_back(int(k));
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
        const Float8 cutLane = Float8::splat(cut);

        for (Eigen::Index g = 0; g < P; g += kLanes) {
            float lx[kLanes], ly[kLanes];
            for (int l = 0; l < kLanes; ++l) {
                // Lanes past the end repeat the last point; their results are not written.
                const Eigen::Index r = order[std::size_t(begin + std::min<Eigen::Index>(g + l, P - 1))];
                lx[l] = float(x(r, 0));
                ly[l] = float(x(r, 1));
            }
            const Float8 qx = Float8::load(lx), qy = Float8::load(ly);
            Float8 maxL = Float8::splat(-std::numeric_limits<float>::infinity());
            for (std::size_t j = 0; j < C; ++j) {
                const PairF& k = F.pairs[std::size_t(cand[j])];
                const Float8 dx = qx - Float8::splat(k.mx), dy = qy - Float8::splat(k.my);
                // L = c − ½ p11 dx² − p12 dx dy − ½ p22 dy²
                const Float8 inner = fma(Float8::splat(k.p12), dy, Float8::splat(k.halfP11) * dx);
                const Float8 l = fnma(Float8::splat(k.halfP22) * dy, dy, fnma(inner, dx, Float8::splat(k.logConst)));
                l.store(buffer.data() + j * kLanes);
                maxL = max(maxL, l);
            }
            Float8 sum = Float8::splat(0.0f), bx = sum, by = sum, sx = sum, sy = sum;
            for (std::size_t j = 0; j < C; ++j) {
                float* slot = buffer.data() + j * kLanes;
                const Float8 d = Float8::load(slot) - maxL;
                if (!anyGreaterEqual(d, cutLane)) {
                    if (needDiv) Float8::splat(0.0f).store(slot);
                    continue;
                }
                const PairF& k = F.pairs[std::size_t(cand[j])];
                const Float8 e = expNonPositive(d);
                sum += e;
                if (needDiv) e.store(slot);
                const Float8 dx = qx - Float8::splat(k.mx), dy = qy - Float8::splat(k.my);
                if (needB) {
                    bx = fma(e, fma(Float8::splat(k.a12), dy, fma(Float8::splat(k.a11), dx, Float8::splat(k.mdx))), bx);
                    by = fma(e, fma(Float8::splat(k.a22), dy, fma(Float8::splat(k.a21), dx, Float8::splat(k.mdy))), by);
                }
                if (needS) {
                    sx = fnma(e, fma(Float8::splat(k.p12), dy, Float8::splat(k.p11) * dx), sx);
                    sy = fnma(e, fma(Float8::splat(k.p22), dy, Float8::splat(k.p12) * dx), sy);
                }
            }
            const Float8 inv = Float8::splat(1.0f) / sum;
            bx *= inv, by *= inv, sx *= inv, sy *= inv;
            Float8 div = Float8::splat(0.0f);
            if (needDiv) {
                // ∇·b = Σ r_k [tr A_k + (g_k − s)·v_k]  (docs/maths.md §4).
                for (std::size_t j = 0; j < C; ++j) {
                    const Float8 e = Float8::load(buffer.data() + j * kLanes);
                    if (e.allZero()) continue;
                    const PairF& k = F.pairs[std::size_t(cand[j])];
                    const Float8 dx = qx - Float8::splat(k.mx), dy = qy - Float8::splat(k.my);
                    const Float8 vx = fma(Float8::splat(k.a12), dy, fma(Float8::splat(k.a11), dx, Float8::splat(k.mdx)));
                    const Float8 vy = fma(Float8::splat(k.a22), dy, fma(Float8::splat(k.a21), dx, Float8::splat(k.mdy)));
                    const Float8 gx = Float8::splat(0.0f) - fma(Float8::splat(k.p12), dy, Float8::splat(k.p11) * dx);
                    const Float8 gy = Float8::splat(0.0f) - fma(Float8::splat(k.p22), dy, Float8::splat(k.p12) * dx);
                    div = fma(e, fma(gy - sy, vy, fma(gx - sx, vx, Float8::splat(k.trA))), div);
                }
                div *= inv;
            }
            float oMax[kLanes], oSum[kLanes], oBx[kLanes], oBy[kLanes], oSx[kLanes], oSy[kLanes], oDiv[kLanes];
            maxL.store(oMax), sum.store(oSum), bx.store(oBx), by.store(oBy), sx.store(oSx), sy.store(oSy);
            div.store(oDiv);
            for (int l = 0; l < kLanes && g + l < P; ++l) {
                const Eigen::Index r = order[std::size_t(begin + g + l)];
                if (what & kLogDensity) out.logDensity[r] = double(oMax[l]) + std::log(double(oSum[l]));
                if (what & kVelocity) out.velocity(r, 0) = oBx[l], out.velocity(r, 1) = oBy[l];
                if (what & kScore) out.score(r, 0) = oSx[l], out.score(r, 1) = oSy[l];
                if (what & kDenoiser) out.denoiser(r, 0) = -gamma * oSx[l], out.denoiser(r, 1) = -gamma * oSy[l];
                if (needDiv) out.divergence[r] = oDiv[l];
            }
        }
    });
    return Status::success();
}

}  // namespace flowlab::core
