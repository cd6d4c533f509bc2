#include "metrics/image_metrics.hpp"

#include <cmath>

#include <Eigen/Eigenvalues>

namespace flowlab::core {

Result<ClassHistogram> classHistogram(const std::vector<int>& labels, int classCount) {
    if (classCount < 1) return Error{"a class histogram needs at least one class"};
    if (labels.empty()) return Error{"a class histogram needs at least one sample"};
    ClassHistogram h;
    h.counts.assign(static_cast<std::size_t>(classCount), 0);
    for (int label : labels) {
        if (label < 0 || label >= classCount)
            return Error{"label " + std::to_string(label) + " is outside the classes 0…" + std::to_string(classCount - 1)};
        ++h.counts[static_cast<std::size_t>(label)];
    }
    const double total = static_cast<double>(labels.size());
    for (long long c : h.counts) {
        const double p = static_cast<double>(c) / total;
        h.fractions.push_back(p);
        if (p > 0.0) h.entropy -= p * std::log(p);
    }
    h.normalisedEntropy = classCount > 1 ? h.entropy / std::log(static_cast<double>(classCount)) : 0.0;
    return h;
}

Result<FeatureMoments> featureMoments(const Points& features) {
    if (features.rows() < 2) return Error{"feature statistics need at least two samples"};
    if (!features.allFinite()) return Error{"the features hold NaN or infinity"};
    FeatureMoments m;
    m.mean = features.colwise().mean().transpose();
    const Matrix centred = features.rowwise() - m.mean.transpose();
    m.covariance = centred.transpose() * centred / static_cast<double>(features.rows() - 1);
    return m;
}

Matrix symmetricSquareRoot(const Matrix& m) {
    Eigen::SelfAdjointEigenSolver<Matrix> eig(0.5 * (m + m.transpose()));
    const Vector root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    return eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose();
}

Result<double> frechetDistance(const FeatureMoments& a, const FeatureMoments& b) {
    const Eigen::Index d = a.mean.size();
    if (d == 0 || b.mean.size() != d || a.covariance.rows() != d || a.covariance.cols() != d ||
        b.covariance.rows() != d || b.covariance.cols() != d)
        return Error{"the two feature sets have different dimensions"};
    // tr (C1^{½} C2 C1^{½})^{½}: the product form is symmetric PSD, unlike C1 C2, so its square
    // root comes from a self-adjoint eigensolver and its trace is the sum of √λ.
    const Matrix rootA = symmetricSquareRoot(a.covariance);
    const Matrix product = rootA * b.covariance * rootA;
    Eigen::SelfAdjointEigenSolver<Matrix> eig(0.5 * (product + product.transpose()), Eigen::EigenvaluesOnly);
    const double crossTrace = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
    const double distance =
        (a.mean - b.mean).squaredNorm() + a.covariance.trace() + b.covariance.trace() - 2.0 * crossTrace;
    if (!std::isfinite(distance)) return Error{"the Fréchet distance is not finite"};
    // Rounding can leave a tiny negative value for identical sets.
    return std::max(0.0, distance);
}

Result<double> frechetDistance(const Points& a, const Points& b) {
    if (a.cols() != b.cols()) return Error{"the two feature sets have different dimensions"};
    auto ma = featureMoments(a);
    if (!ma) return ma.error();
    auto mb = featureMoments(b);
    if (!mb) return mb.error();
    return frechetDistance(*ma, *mb);
}

}  // namespace flowlab::core
