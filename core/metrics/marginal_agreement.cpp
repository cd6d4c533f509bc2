#include "metrics/marginal_agreement.hpp"

#include <algorithm>
#include <cmath>

#include "stats/sample_distance.hpp"

namespace flowlab::core {

MarginalAgreement marginalAgreement(const std::vector<const Points*>& clouds, int maxPoints, int threads) {
    const double none = std::numeric_limits<double>::quiet_NaN();
    MarginalAgreement out;
    out.distance.assign(clouds.size(), none);
    if (clouds.empty() || !clouds.front() || clouds.front()->rows() < 2) return out;
    const Points& first = *clouds.front();
    // The first `count` rows of a cloud.
    const auto head = [](const Points& p, Eigen::Index count) -> Points {
        return p.topRows(std::max<Eigen::Index>(0, std::min(count, p.rows())));
    };
    DistanceOptions o;
    o.threads = threads;
    const int n = std::max(2, maxPoints);
    const Points reference = head(first, n);
    out.distance[0] = 0.0;
    for (std::size_t i = 1; i < clouds.size(); ++i) {
        if (!clouds[i] || clouds[i]->rows() < 1) continue;
        if (auto d = energyDistance(reference, head(*clouds[i], n), o)) out.distance[i] = *d;
    }
    // The noise floor: the root mean square of the (unbiased, so signed) energy distance between
    // two disjoint halves of cloud 0's particles, over kNoiseSplits different splits. Each half has
    // as many points as the comparisons use when cloud 0 has enough particles.
    const int pool = int(std::min<Eigen::Index>(2 * Eigen::Index(n), first.rows()));
    const int half = pool / 2;
    if (half >= 2) {
        double sumSquares = 0.0;
        int splits = 0;
        for (int bit = 0; bit < kNoiseSplits; ++bit) {
            Points a(half, first.cols()), b(half, first.cols());
            int na = 0, nb = 0;
            for (int i = 0; i < pool && (na < half || nb < half); ++i) {
                const bool toA = ((i >> bit) & 1) == 0 ? na < half : nb >= half;
                (toA ? a : b).row(toA ? na++ : nb++) = first.row(i);
            }
            if (auto d = energyDistance(a, b, o)) {
                sumSquares += *d * *d;
                ++splits;
            }
        }
        if (splits > 0) out.noise = std::sqrt(sumSquares / splits);
    }
    return out;
}

}  // namespace flowlab::core
