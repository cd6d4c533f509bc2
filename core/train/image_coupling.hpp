#pragma once

#include <cstdint>
#include <vector>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "common/types.hpp"
#include "images/image_dataset.hpp"
#include "net/coupling_options.hpp"
#include "train/coupling.hpp"

namespace flowlab::core {

/// The fresh (x0, x1) pairs of an image training batch, one flattened image per row:
/// x0 ~ N(0, I), x1 a training image (dequantised when asked) and its label (0 when unlabelled;
/// −1 for reflow pairs, which are generated and carry none).
struct ImagePairs {
    Points x0;
    Points x1;
    std::vector<int> labels;
};

/// E‖x0 − x1‖² of independent pairs, x0 ~ N(0, I_d) and x1 a uniformly drawn training image:
/// d + the images' mean squared norm (+ the dequantisation's variance d · w²/12). The scale that
/// a sinkhorn:REG coupling's λ is relative to, as meanIndependentCost is for a scene.
double meanIndependentCost(const ImageDataset& data, bool dequantize);

/// Draws the pairs of image training batches and couples them as in 2D (docs/maths.md §12), with
/// the same BatchCoupling on flattened pixel vectors: ot applies the exact assignment of the
/// batch, sinkhorn samples the entropic plan (λ = REG · meanIndependentCost), and reflow draws
/// from a pool of pairs (x0, Φ_1(x0)) of a previous image model's ODE flow map. Labels follow
/// their images through the pairing. No torch here. Immutable after create(); copies share the
/// reflow pool.
class ImagePairSampler {
public:
    /// Fails on invalid options; for reflow when the parent file cannot be read as an image
    /// model, was trained on other data (size, channels, classes or description differ), does
    /// not give b, or when `conditional` (generated pairs carry no labels). The pool's starts are
    /// drawn with `seed`.
    static Result<ImagePairSampler> create(const CouplingOptions& options, const ImageDataset& data,
                                           bool dequantize, bool conditional, std::uint64_t seed);

    /// n pairs as drawn, unpaired: for each row a random image, then x0, then the
    /// dequantisation noise.
    void drawIndependent(const ImageDataset& data, int n, Rng& rng, ImagePairs& out) const;
    /// n coupled pairs: drawIndependent, then the coupling's pairing (ot, sinkhorn); reflow
    /// takes n pairs from its pool instead.
    void draw(const ImageDataset& data, int n, Rng& rng, ImagePairs& out) const;

    const BatchCoupling& coupling() const { return m_coupling; }

private:
    ImagePairSampler(BatchCoupling coupling, bool dequantize)
        : m_coupling(std::move(coupling)), m_dequantize(dequantize) {}

    BatchCoupling m_coupling;
    bool m_dequantize;
};

}  // namespace flowlab::core
