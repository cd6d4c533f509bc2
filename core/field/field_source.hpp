#pragma once

#include <limits>
#include <string>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// Which fields to evaluate (bit mask). Asking for several at once lets a source share work
/// (the exact field computes the posterior weights once for b, s and log ρ_t).
enum FieldKind : unsigned {
    kVelocity = 1u << 0,    ///< b(t, x)
    kScore = 1u << 1,       ///< s(t, x) = ∇ log ρ_t
    kDenoiser = 1u << 2,    ///< η(t, x) = E[z | x_t = x]
    kLogDensity = 1u << 3,  ///< log ρ_t(x)
    kDivergence = 1u << 4,  ///< ∇·b(t, x)
};

/// The values of one evaluation; only the requested members are resized and filled.
struct FieldValues {
    Points velocity;
    Points score;
    Points denoiser;
    Vector logDensity;
    Vector divergence;
};

/// Anything that gives fields at (t, x): the exact mixture fields, a learned network, or a
/// combination. Samplers and the likelihood see only this interface.
class FieldSource {
public:
    virtual ~FieldSource() = default;

    /// Dimension of x.
    virtual int dim() const = 0;

    /// Bit mask of the FieldKind values this source can evaluate.
    virtual unsigned provides() const = 0;

    /// Evaluates the fields in `what` at every row of `x` at time t ∈ [0, 1]. Must be safe to
    /// call concurrently from several threads. An error (e.g. a network that produced NaN) comes
    /// back as a value; `out` is then unspecified.
    virtual Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const = 0;

    /// A short label for logs and the GUI ("exact", "learned b (MLP 3×256)").
    virtual std::string label() const = 0;

    /// A bound L(t) on how fast the score contracts at time t, over all x: the largest
    /// eigenvalue of −∇s (for a Gaussian 1/σ²). The SDE samplers keep ε(t)·Δt·L(t) small so that
    /// their explicit steps stay stable and unbiased. NaN when the source cannot tell (a learned
    /// network); the samplers then estimate it from the particles.
    virtual double scoreLipschitz(double /*t*/) const { return std::numeric_limits<double>::quiet_NaN(); }

    bool canProvide(unsigned what) const { return (provides() & what) == what; }
};

}  // namespace flowlab::core
