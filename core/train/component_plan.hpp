#pragma once

#include "common/result.hpp"
#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/component_coupling.hpp"
#include "field/exact_field.hpp"
#include "net/coupling_options.hpp"

namespace flowlab::core {

/// W2²(N(m0, C0), N(m1, C1)) = ‖m0 − m1‖² + tr(C0 + C1 − 2 (C0^½ C1 C0^½)^½) for every pair of
/// components (rows: base, columns: target): the cost of the component OT coupling. 2D uses
/// the full covariances, other dimensions the isotropic c·I (Bures term d (√c0 − √c1)²).
Matrix componentTransportCost(const GaussianMixture& base, const GaussianMixture& target);

/// The plan π_ij a coupling prescribes for the components of these mixtures (docs/maths.md §12):
/// independent → no matrix (w vᵀ implicitly); components-ot → the exact transport plan of the
/// weights for componentTransportCost (checked optimal by duality); components-sinkhorn:REG →
/// the entropic plan with λ = REG · Σ w_i v_j C_ij, rounded onto the marginals; components-matrix
/// → the given matrix, checked. Fails for minibatch OT, Sinkhorn and reflow (they couple samples,
/// not components: no exact field) and for a matrix that is not a coupling of these components.
Result<ComponentCoupling> componentCoupling(const CouplingOptions& coupling, const GaussianMixture& base,
                                            const GaussianMixture& target);

/// The exact field of the pairs a coupling makes: ExactField::create with componentCoupling().
/// The one place a coupled scene's exact field is built (CLI, window, training comparisons).
Result<ExactField> exactFieldFor(const CouplingOptions& coupling, const GaussianMixture& base,
                                 const GaussianMixture& target, const Interpolant& interpolant,
                                 ExactFieldOptions options = {});

}  // namespace flowlab::core
