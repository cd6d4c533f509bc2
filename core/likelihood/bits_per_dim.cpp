#include "likelihood/bits_per_dim.hpp"

#include <cmath>

#include "images/pixel_scale.hpp"

namespace flowlab::core {

double bitsPerDim(double logDensity, int dim) { return -logDensity / (dim * std::log(2.0)) + 7.0; }

Points dequantise(const Points& x, Rng& rng) {
    Points out = x;
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        for (Eigen::Index c = 0; c < out.cols(); ++c) out(r, c) += (rng.uniform() - 0.5) * kPixelBinWidth;
    return out;
}

BitsPerDimSummary summariseBitsPerDim(const LikelihoodResult& r, int dim) {
    BitsPerDimSummary s;
    const auto n = r.logDensity.size();
    s.perImage.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) s.perImage[i] = bitsPerDim(r.logDensity[i], dim);
    if (n == 0) return s;
    s.mean = s.perImage.mean();
    const double scale = 1.0 / (dim * std::log(2.0));
    if (r.standardError.size() == n) s.traceError = scale * std::sqrt(r.standardError.squaredNorm()) / double(n);
    if (n > 1) s.sampleError = std::sqrt((s.perImage.array() - s.mean).square().sum() / double(n - 1) / double(n));
    return s;
}

}  // namespace flowlab::core
