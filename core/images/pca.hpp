#pragma once

#include <cstddef>
#include <string>

#include "common/result.hpp"
#include "common/types.hpp"
#include "images/image_dataset.hpp"

namespace flowlab::core {

/// How principal components are computed. Validates itself.
struct PcaOptions {
    /// Number of components k kept (1 … the dimension d).
    int components = 2;
    /// Largest number of images used (evenly strided over the set, so every class is in): the
    /// cost of forming the covariance is linear in it, and 10 000 images fix the leading
    /// directions of Fashion-MNIST far below a pixel level.
    std::size_t maxImages = 10000;
    /// Up to this dimension the covariance is decomposed exactly (a symmetric eigensolver,
    /// O(d³)); above it the top k come from subspace iteration with Rayleigh–Ritz, which costs
    /// O(d² k) per sweep (32×32 RGB: d = 3072).
    int exactDimLimit = 1024;

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// The first k principal components of a set of points (images as rows, docs/maths.md §10):
/// the eigenvectors of the sample covariance C = (1/(N−1)) Σ (y_i − μ)(y_i − μ)ᵀ with the k
/// largest eigenvalues. Components are orthonormal rows, ordered by decreasing variance, each
/// signed so that its entry of largest magnitude is positive (a recomputation never flips the
/// picture). A component is itself an image (an "eigen-image") of the data's layout.
struct PrincipalComponents {
    Eigen::RowVectorXd mean;  ///< μ, 1 × d
    Points components;        ///< k × d, orthonormal rows
    Vector variances;         ///< k eigenvalues of C, descending (the variance along each component)
    double totalVariance = 0; ///< trace C = Σ of all d eigenvalues, for the explained fraction
    std::size_t imageCount = 0;  ///< images the covariance was formed from

    int dim() const { return static_cast<int>(mean.size()); }
    int count() const { return static_cast<int>(components.rows()); }
    /// Coordinates of points (rows, d values) on the components: (x − μ) Vᵀ, n × k.
    Points project(const Points& x) const;
    /// Points from coordinates: μ + c V, n × d (the best rank-k reconstruction of a projection).
    Points reconstruct(const Points& coordinates) const;
    /// Fraction of the total variance along component i (0 when the data do not vary).
    double explainedFraction(int i) const;
};

/// Principal components of the rows of `points`. Fails on fewer than two points, non-finite
/// values, or k larger than the dimension.
Result<PrincipalComponents> computePca(const Points& points, const PcaOptions& options = {});

/// Principal components of the images of a data set (float pixels, read block by block, so a
/// full copy in double is never made).
Result<PrincipalComponents> computePca(const ImageDataset& data, const PcaOptions& options = {});

}  // namespace flowlab::core
