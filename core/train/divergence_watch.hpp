#pragma once

#include <optional>
#include <string>

namespace flowlab::core {

/// A network whose relative error against the exact field exceeds this is worse than one that
/// outputs zero (error 1) several times over: the run diverged rather than learned.
inline constexpr double kDivergedRelativeError = 3.0;
/// A final EMA loss this many times max(|lowest|, 1) above the lowest one seen says the run
/// diverged.
inline constexpr double kDivergedLossFactor = 100.0;

/// What a loss means without any network: the loss of the output 0 and how far below it the
/// per-sample target itself lies (½|y|² for the quadratic loss ½|ŷ|² − y·ŷ, |y|² for |ŷ − y|²).
/// An output of k times the target's size in a random direction scores about zeroOutput + k²·scale,
/// in both forms, so the excess over zeroOutput in units of scale is a squared relative error.
struct DataFreeLoss {
    double zeroOutput = 0.0;
    double scale = 1.0;
};

/// Follows a training run's progress reports and tells which ones look healthy: a finite EMA
/// loss not far above the lowest seen, a field error (where the caller can measure one against
/// the exact field) below kDivergedRelativeError, and a loss (where the data-free loss is known)
/// no worse than a network of kDivergedRelativeError times the target's size. The caller keeps
/// the weights of the healthy reports, so a run that blows up — to a NaN, or to finite but absurd
/// weights that a NaN check misses — ends with a verdict and keeps the last good weights instead
/// of its diverged or untrained ones. Shared by `train` (2D, field error) and `images train`
/// (data-free loss), so both judge divergence alike.
class DivergenceWatch {
public:
    /// Judges losses also against the loss of a network that outputs zero.
    void setDataFreeLoss(const DataFreeLoss& reference);
    /// Notes one progress report (`fieldError`: the relative error against the exact field, when
    /// known). True when it is healthy and after step 0: the caller keeps these weights.
    bool note(int step, double emaLoss, std::optional<double> fieldError = std::nullopt);
    /// Empty when the final state is healthy, else why the run counts as diverged (one line).
    std::string verdict(double finalEmaLoss, std::optional<double> finalError = std::nullopt) const;
    /// The step of the last healthy report; 0 when none after step 0 was healthy.
    int lastGoodStep() const { return m_lastGoodStep; }

private:
    bool healthy(double emaLoss, std::optional<double> error) const;
    bool blewUp(double emaLoss) const;
    bool worseThanDataFree(double emaLoss) const;
    double m_bestLoss = 0.0;
    bool m_haveBest = false;
    std::optional<DataFreeLoss> m_dataFree;
    int m_lastGoodStep = 0;
};

}  // namespace flowlab::core
