#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// One component of a Gaussian mixture. `cov` is d×d; in 2D any symmetric positive
/// semi-definite matrix, in other dimensions an isotropic c·I with c ≥ 0. A zero covariance is a
/// point mass (a data point).
struct GaussianComponent {
    double weight = 1.0;
    Vector mean;
    Matrix cov;
};

/// A Gaussian mixture density in any dimension: FlowLab's one kind of density (docs/maths.md §4).
/// Presets, data sets, drawings and images all become mixtures, which is what makes every field
/// exact. Weights are normalised on construction.
class GaussianMixture {
public:
    /// Components with more than this many entries are refused (a hostile file guard).
    static constexpr std::size_t kMaxComponents = 200000;
    static constexpr int kMaxDim = 4096;

    GaussianMixture() = default;

    /// Validates (finite values, matching shapes, non-negative weights with a positive sum,
    /// symmetric PSD covariances, isotropic outside 2D) and normalises the weights.
    static Result<GaussianMixture> create(int dim, std::vector<GaussianComponent> components);

    /// N(mean, variance·I) in `dim` dimensions.
    static GaussianMixture isotropic(int dim, double variance = 1.0, double mean = 0.0);

    int dim() const { return m_dim; }
    std::size_t size() const { return m_components.size(); }
    bool empty() const { return m_components.empty(); }
    const std::vector<GaussianComponent>& components() const { return m_components; }
    const GaussianComponent& component(std::size_t i) const { return m_components[i]; }

    /// True for a single component N(0, I) (what the one-sided interpolants require of the base).
    bool isStandardNormal(double tolerance = 1e-12) const;

    /// Mixture mean and covariance.
    Vector mean() const;
    Matrix covariance() const;

    /// n seeded samples, one per row.
    Points sample(Eigen::Index n, Rng& rng) const;

    /// log ρ(x) for each row; −inf where a point-mass-only mixture has no density.
    Vector logDensity(const Points& x) const;

    /// A component index drawn by weight.
    std::size_t drawComponent(Rng& rng) const;

private:
    int m_dim = 0;
    std::vector<GaussianComponent> m_components;
    std::vector<double> m_cumulative;  // cumulative weights, for sampling
};

}  // namespace flowlab::core
