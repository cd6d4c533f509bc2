#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace flowlab::core {

class GaussianMixture;

/// Interpolant families of docs/maths.md §2.
enum class InterpolantFamily { Linear, Trig, EncDec, FmOt, Vp, SubVp, Ve };

/// Choices of γ(t) for the two-sided families (docs/maths.md §2).
enum class GammaKind { Zero, Brownian, ABrownian, BSquared, SineSquared };

/// What defines an interpolant. Validates itself; the defaults are those of docs/maths.md.
struct InterpolantOptions {
    InterpolantFamily family = InterpolantFamily::Linear;
    GammaKind gamma = GammaKind::Zero;
    double gammaA = 1.0;        ///< a of `a-brownian`, > 0
    double sigmaMin = 1e-3;     ///< σ_min of `fm-ot`, in [0, 1)
    double vpBetaMin = 0.1;     ///< β_min of `vp`/`subvp`
    double vpBetaMax = 20.0;    ///< β_max of `vp`/`subvp`
    double veSigmaMin = 0.01;   ///< σ_min of `ve`
    double veSigmaMax = 10.0;   ///< σ_max of `ve`

    /// Checks ranges and combinations (γ only for two-sided families). Empty string when valid.
    std::string validate() const;
};

/// Equal when every parameter is (a model trained on one interpolant fits only the same one).
bool operator==(const InterpolantOptions& a, const InterpolantOptions& b);
inline bool operator!=(const InterpolantOptions& a, const InterpolantOptions& b) { return !(a == b); }

/// α, β, γ and their time derivatives at one t. Products αα̇ and γγ̇ are given separately
/// because they stay finite where α̇ or γ̇ alone blow up (VP at t = 1, Brownian γ at the ends).
struct InterpolantCoeffs {
    double alpha = 0, beta = 0, gamma = 0;
    double alphaDot = 0, betaDot = 0, gammaDot = 0;
    double alphaAlphaDot = 0;  ///< α α̇
    double gammaGammaDot = 0;  ///< γ γ̇
};

/// x_t = α(t) x0 + β(t) x1 + γ(t) z with analytic derivatives.
class Interpolant {
public:
    /// Validates the options; an invalid set gives an error naming the problem.
    static Result<Interpolant> create(const InterpolantOptions& options);

    /// Also checks the family against the base density (one-sided families need N(0, I)).
    static Result<Interpolant> create(const InterpolantOptions& options,
                                      const GaussianMixture& base);

    const InterpolantOptions& options() const { return m_options; }
    InterpolantFamily family() const { return m_options.family; }

    /// One-sided families (fm-ot, vp, subvp, ve): x0 is the noise, γ ≡ 0.
    bool isOneSided() const;
    /// True when γ(t) > 0 somewhere in (0, 1).
    bool hasLatentNoise() const;

    InterpolantCoeffs coeffs(double t) const;

    /// The diffusion-matched ε(t) = ½ g(1 − t)² of docs/maths.md §6 (vp, subvp, ve only).
    Result<double> matchedEpsilon(double t) const;
    bool hasMatchedEpsilon() const;

private:
    explicit Interpolant(const InterpolantOptions& o) : m_options(o) {}
    InterpolantOptions m_options;
};

/// One-sided families (fm-ot, vp, subvp, ve): x0 is the noise and γ ≡ 0 (they fix their own γ).
bool isOneSided(InterpolantFamily family);

/// Names used in files and the CLI.
const std::vector<std::string>& interpolantFamilyNames();
const std::vector<std::string>& gammaKindNames();
std::string toString(InterpolantFamily family);
std::string toString(GammaKind gamma);
Result<InterpolantFamily> parseInterpolantFamily(const std::string& name);
Result<GammaKind> parseGammaKind(const std::string& name);

}  // namespace flowlab::core
