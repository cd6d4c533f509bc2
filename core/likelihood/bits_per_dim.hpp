#pragma once

#include "common/rng.hpp"
#include "likelihood/likelihood.hpp"

namespace flowlab::core {

/// Bits per dimension of 8-bit data scaled by pixelToUnit (docs/maths.md §10):
///     bpd = −log p_x(x) / (d ln 2) + 7,
/// 7 = log₂ 128 turning a density over [−1, 1]^d into one over the 256 levels of each pixel.
double bitsPerDim(double logDensity, int dim);

/// Uniform dequantisation, the convention of the score-SDE paper: each stored value (the centre
/// of its 8-bit bin) moves uniformly within the bin, x + (u − ½)·2/256 with u ~ U[0, 1). The
/// likelihood of the dequantised point is a lower bound on the discrete data's.
Points dequantise(const Points& x, Rng& rng);

/// The mean bits/dim over images with its two uncertainties.
struct BitsPerDimSummary {
    Vector perImage;             ///< bits/dim of each image
    double mean = 0.0;
    /// Hutchinson's standard error of the mean (probes independent across images); 0 for an
    /// exact trace.
    double traceError = 0.0;
    /// Standard error of the mean over the images (the data's own spread).
    double sampleError = 0.0;
};

BitsPerDimSummary summariseBitsPerDim(const LikelihoodResult& result, int dim);

}  // namespace flowlab::core
