#pragma once

#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// How a set of samples spreads over the classes (labels from a classifier).
struct ClassHistogram {
    std::vector<long long> counts;   ///< per class
    std::vector<double> fractions;   ///< counts / total
    /// Shannon entropy of the fractions in nats: ln K when every class is equally frequent,
    /// 0 when all samples fall in one class (mode collapse).
    double entropy = 0.0;
    /// entropy / ln K, in [0, 1] (1 = uniform); 0 for K = 1.
    double normalisedEntropy = 0.0;
};

/// The histogram of `labels` over classes 0…classCount−1; refuses labels outside them.
Result<ClassHistogram> classHistogram(const std::vector<int>& labels, int classCount);

/// Mean and covariance (unbiased, divisor n − 1) of a set of feature vectors (one per row).
struct FeatureMoments {
    Vector mean;
    Matrix covariance;
};
/// Refuses fewer than two rows or non-finite values.
Result<FeatureMoments> featureMoments(const Points& features);

/// The Fréchet distance between the Gaussians N(μ1, C1) and N(μ2, C2):
///   |μ1 − μ2|² + tr(C1 + C2 − 2 (C1^{½} C2 C1^{½})^{½})
/// (the FID formula in a feature space of our own). The matrix square roots are taken on the
/// symmetric product form with a self-adjoint eigensolver, with negative rounding-error
/// eigenvalues clamped to 0, so the result is real and ≥ 0 up to rounding.
Result<double> frechetDistance(const FeatureMoments& a, const FeatureMoments& b);

/// The same between two sets of feature vectors (each its sample mean and covariance).
Result<double> frechetDistance(const Points& a, const Points& b);

/// The symmetric positive semi-definite square root of a symmetric matrix (negative eigenvalues,
/// from rounding, clamped to 0).
Matrix symmetricSquareRoot(const Matrix& m);

}  // namespace flowlab::core
