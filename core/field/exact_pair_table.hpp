#pragma once

#include <cstddef>
#include <vector>

#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/component_coupling.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Per-pair quantities of the 2D exact field at one t (docs/maths.md §4), structure-of-arrays:
/// shared by the exact double kernel (field/exact_field.cpp) and the display kernel.
struct PairTable2d {
    std::vector<double> mx, my;              ///< m_k
    std::vector<double> mdx, mdy;            ///< ṁ_k
    std::vector<double> p11, p12, p22;       ///< S_k⁻¹ (symmetric)
    std::vector<double> a11, a12, a21, a22;  ///< A_k = ½ Ṡ_k S_k⁻¹
    std::vector<double> trA;
    std::vector<double> logConst;            ///< log w_k − log 2π − ½ log det S_k
    std::vector<std::size_t> baseIndex, targetIndex;  ///< the pair k = (i, j), for the posterior probe
    std::size_t size() const { return mx.size(); }
};

/// ṁ = α̇ μ0 + β̇ μ1. α̇ can be infinite where α = 0 (VP at t = 1); the one-sided families have
/// μ0 = 0, so that term is dropped rather than formed as ∞·0.
Vector pairMeanDot(const InterpolantCoeffs& c, const Vector& mu0, const Vector& mu1);

/// The table of every (base, target) pair of positive weight w_k = coupling.weight(i, j, …)
/// (w_i v_j for the independent coupling), in base-major order; a singular S_k gets
/// `varianceFloor` added to its diagonal.
PairTable2d pairTable2d(const InterpolantCoeffs& c, const GaussianMixture& base, const GaussianMixture& target,
                        double varianceFloor, const ComponentCoupling& coupling = {});

}  // namespace flowlab::core
