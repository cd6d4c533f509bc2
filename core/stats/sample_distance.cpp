#include "stats/sample_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/parallel.hpp"
#include "common/rng.hpp"

namespace flowlab::core {
namespace {

std::string checkSets(const Points& a, const Points& b, Eigen::Index minRows) {
    if (a.cols() != b.cols()) return "the two sample sets have different dimensions";
    if (a.cols() == 0) return "the sample sets have no coordinates";
    if (a.rows() < minRows || b.rows() < minRows)
        return "each sample set needs at least " + std::to_string(minRows) + " points";
    if (!a.allFinite() || !b.allFinite()) return "the sample sets contain NaN or infinite values";
    return {};
}

/// Mean of f(|x_i − y_j|) over all pairs (i, j), excluding i = j when `same`; NaN when
/// `keepGoing` (polled on this thread between blocks of rows) asked to stop.
template <class F>
double meanPairwise(const Points& x, const Points& y, bool same, int threads, const std::function<bool()>& keepGoing,
                    F f) {
    const Eigen::Index n = x.rows(), m = y.rows();
    // Per-row sums added in a fixed order, so the result does not depend on the thread count.
    std::vector<double> rows(static_cast<std::size_t>(n), 0.0);
    // Blocks of about 2·10⁷ pairs (a few ms) between two polls of keepGoing.
    const Eigen::Index block = std::max<Eigen::Index>(16, Eigen::Index(20'000'000 / std::max<Eigen::Index>(m, 1)));
    for (Eigen::Index first = 0; first < n; first += block) {
        if (keepGoing && !keepGoing()) return std::numeric_limits<double>::quiet_NaN();
        const Eigen::Index count = std::min(block, n - first);
        parallelFor(count, threads, [&](std::int64_t k) {
            const Eigen::Index i = first + Eigen::Index(k);
            double row = 0.0;
            for (Eigen::Index j = 0; j < m; ++j) {
                if (same && i == j) continue;
                row += f((x.row(i) - y.row(j)).squaredNorm());
            }
            rows[static_cast<std::size_t>(i)] = row;
        });
    }
    double total = 0.0;
    for (double r : rows) total += r;
    const double count = same ? double(n) * double(n - 1) : double(n) * double(m);
    return total / count;
}

/// a·ab + b·aa + c·bb of three pairwise means, or the error "cancelled" when one was stopped.
Result<double> combine(double ab, double aa, double bb, double cab, double caa, double cbb) {
    if (std::isnan(ab) || std::isnan(aa) || std::isnan(bb)) return Error{"cancelled"};
    return cab * ab + caa * aa + cbb * bb;
}

}  // namespace

std::string DistanceOptions::validate() const {
    if (slicedProjections < 1 || slicedProjections > 100000) return "projections must be in [1, 100000]";
    if (!std::isfinite(mmdBandwidth) || mmdBandwidth < 0.0) return "MMD bandwidth must be ≥ 0";
    if (threads < 0) return "threads must be ≥ 0";
    return {};
}

Result<double> energyDistance(const Points& a, const Points& b, const DistanceOptions& o) {
    if (auto p = o.validate(); !p.empty()) return Error{p};
    if (auto p = checkSets(a, b, 2); !p.empty()) return Error{p};
    const int th = resolveThreads(o.threads);
    const auto dist = [](double sq) { return std::sqrt(sq); };
    const double ab = meanPairwise(a, b, false, th, o.keepGoing, dist);
    const double aa = std::isnan(ab) ? ab : meanPairwise(a, a, true, th, o.keepGoing, dist);
    const double bb = std::isnan(aa) ? aa : meanPairwise(b, b, true, th, o.keepGoing, dist);
    return combine(ab, aa, bb, 2.0, -1.0, -1.0);
}

Result<double> slicedWasserstein2(const Points& a, const Points& b, const DistanceOptions& o) {
    if (auto p = o.validate(); !p.empty()) return Error{p};
    if (auto p = checkSets(a, b, 1); !p.empty()) return Error{p};
    Rng rng(o.seed);
    const Eigen::Index d = a.cols();
    const Eigen::Index levels = std::max(a.rows(), b.rows());
    double total = 0.0;
    std::vector<double> pa(a.rows()), pb(b.rows());
    for (int p = 0; p < o.slicedProjections; ++p) {
        if (o.keepGoing && !o.keepGoing()) return Error{"cancelled"};
        Vector dir(d);
        for (Eigen::Index k = 0; k < d; ++k) dir[k] = rng.normal();
        const double nrm = dir.norm();
        if (nrm == 0.0) {
            --p;
            continue;
        }
        dir /= nrm;
        Eigen::Map<Vector>(pa.data(), a.rows()) = a * dir;
        Eigen::Map<Vector>(pb.data(), b.rows()) = b * dir;
        std::sort(pa.begin(), pa.end());
        std::sort(pb.begin(), pb.end());
        double sq = 0.0;
        for (Eigen::Index l = 0; l < levels; ++l) {
            const double u = (l + 0.5) / levels;
            const double qa = pa[std::min<std::size_t>(std::size_t(u * pa.size()), pa.size() - 1)];
            const double qb = pb[std::min<std::size_t>(std::size_t(u * pb.size()), pb.size() - 1)];
            sq += (qa - qb) * (qa - qb);
        }
        total += sq / levels;
    }
    return std::sqrt(total / o.slicedProjections);
}

double mmdBandwidth(const Points& a, const Points& b, const DistanceOptions& o) {
    if (o.mmdBandwidth > 0.0) return o.mmdBandwidth;
    // Median heuristic on (up to) the first 500 points of each set.
    const Eigen::Index na = std::min<Eigen::Index>(a.rows(), 500), nb = std::min<Eigen::Index>(b.rows(), 500);
    Points pooled(na + nb, a.cols());
    pooled.topRows(na) = a.topRows(na);
    pooled.bottomRows(nb) = b.topRows(nb);
    std::vector<double> d;
    d.reserve(std::size_t(pooled.rows()) * std::size_t(pooled.rows() - 1) / 2);
    for (Eigen::Index i = 0; i < pooled.rows(); ++i)
        for (Eigen::Index j = i + 1; j < pooled.rows(); ++j) d.push_back((pooled.row(i) - pooled.row(j)).norm());
    if (d.empty()) return 1.0;
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    const double med = d[d.size() / 2];
    return med > 0.0 ? med : 1.0;
}

Result<double> mmdSquared(const Points& a, const Points& b, const DistanceOptions& o) {
    if (auto p = o.validate(); !p.empty()) return Error{p};
    if (auto p = checkSets(a, b, 2); !p.empty()) return Error{p};
    const double sigma = mmdBandwidth(a, b, o);
    const double scale = -0.5 / (sigma * sigma);
    const int th = resolveThreads(o.threads);
    const auto k = [scale](double sq) { return std::exp(scale * sq); };
    const double aa = meanPairwise(a, a, true, th, o.keepGoing, k);
    const double bb = std::isnan(aa) ? aa : meanPairwise(b, b, true, th, o.keepGoing, k);
    const double ab = std::isnan(bb) ? bb : meanPairwise(a, b, false, th, o.keepGoing, k);
    return combine(ab, aa, bb, -2.0, 1.0, 1.0);
}

}  // namespace flowlab::core
