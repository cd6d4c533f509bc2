#include "train/divergence_watch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flowlab::core {

void DivergenceWatch::setDataFreeLoss(const DataFreeLoss& reference) { m_dataFree = reference; }

bool DivergenceWatch::blewUp(double emaLoss) const {
    // The quadratic objectives' losses may be negative (E|b|² − 2 E[İ·b]): measure the rise
    // above the lowest against its size, with a floor of 1 for losses near zero.
    return m_haveBest && emaLoss > m_bestLoss + kDivergedLossFactor * std::max(std::abs(m_bestLoss), 1.0);
}

bool DivergenceWatch::worseThanDataFree(double emaLoss) const {
    // The first reports may already be absurd (then the lowest loss is absurd too and blewUp()
    // sees no rise): the data-free loss is a yardstick that no step can spoil.
    if (!m_dataFree) return false;
    const double excess = emaLoss - m_dataFree->zeroOutput;
    return excess > kDivergedRelativeError * kDivergedRelativeError * std::max(m_dataFree->scale, 1e-12);
}

bool DivergenceWatch::healthy(double emaLoss, std::optional<double> error) const {
    if (!std::isfinite(emaLoss) || blewUp(emaLoss) || worseThanDataFree(emaLoss)) return false;
    return !error || *error <= kDivergedRelativeError;
}

bool DivergenceWatch::note(int step, double emaLoss, std::optional<double> fieldError) {
    if (std::isfinite(emaLoss) && (!m_haveBest || emaLoss < m_bestLoss)) {
        m_bestLoss = emaLoss;
        m_haveBest = true;
    }
    if (step <= 0 || !healthy(emaLoss, fieldError)) return false;
    m_lastGoodStep = step;
    return true;
}

std::string DivergenceWatch::verdict(double finalEmaLoss, std::optional<double> finalError) const {
    char buf[320];
    if (!std::isfinite(finalEmaLoss)) return "training diverged: the final loss is not finite";
    if (blewUp(finalEmaLoss)) {
        std::snprintf(buf, sizeof buf, "training diverged: the final EMA loss %.4g is far above the lowest (%.4g)",
                      finalEmaLoss, m_bestLoss);
        return buf;
    }
    if (worseThanDataFree(finalEmaLoss)) {
        std::snprintf(buf, sizeof buf,
                      "training diverged: the final EMA loss %.4g is far worse than the %.4g of a network that "
                      "outputs zero; lower --lr or keep --clip",
                      finalEmaLoss, m_dataFree->zeroOutput);
        return buf;
    }
    if (finalError && *finalError > kDivergedRelativeError) {
        std::snprintf(buf, sizeof buf,
                      "training diverged: the relative error against the exact field is %.4g (a network that "
                      "outputs zero has 1); lower --lr or keep --clip",
                      *finalError);
        return buf;
    }
    return {};
}

}  // namespace flowlab::core
