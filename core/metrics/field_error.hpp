#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/component_coupling.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Where a field is compared with a reference: points x ~ ρ_t (drawn through the interpolant)
/// at each of `times`.
struct FieldErrorOptions {
    std::vector<double> times = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    int pointsPerTime = 1000;  ///< in [1, 1 000 000]
    std::uint64_t seed = 0;    ///< seed of the points: a figure repeats
    /// The coupling of components the pairs follow: under one other than independent the points
    /// are drawn from that coupling's ρ_t (the mixture over the plan's pairs), where a network
    /// trained under it has seen data; independent draws through the interpolant as before.
    ComponentCoupling coupling;

    std::string validate() const;
};

/// Relative L2 error √(Σ|f − g|² / Σ|g|²) of the field `kind` (one FieldKind bit: kVelocity,
/// kScore or kDenoiser) of `field` against `reference`, over points x ~ ρ_t at the given times:
/// how far a learned field is from the exact one where the mass is. Fails when a source cannot
/// give `kind`, an evaluation fails, or the reference is zero there.
Result<double> relativeFieldError(const FieldSource& field, const FieldSource& reference, unsigned kind,
                                  const GaussianMixture& base, const GaussianMixture& target,
                                  const Interpolant& interpolant, const FieldErrorOptions& options = {});

}  // namespace flowlab::core
