#pragma once

// Internal (includes torch): the time-conditioned image U-Net, its layers, and the flat
// parameter storage the image trainer and checkpoints work on.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "net/torch_includes.hpp"
#include "net/unet_checkpoint.hpp"
#include "net/unet_options.hpp"

namespace flowlab::core {

/// The torch device of a `--device` name: "cpu", or "cuda" when this LibTorch was built with CUDA
/// and a GPU is present. Refuses anything else, and CUDA on a CPU-only LibTorch, with a message.
Result<torch::Device> parseTorchDevice(const std::string& name);

/// A 2D convolution with bias (weights OIHW).
struct ConvLayer {
    torch::Tensor weight, bias;
    int stride = 1;
    int padding = 0;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

/// GroupNorm's affine parameters with its group count.
struct NormLayer {
    torch::Tensor weight, bias;
    int groups = 1;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

/// y = x Wᵀ + b.
struct LinearLayer {
    torch::Tensor weight, bias;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

/// A module whose parameters all live in one flat float32 tensor (parameter after parameter in
/// registration order, each contiguous): the optimiser, the EMA, clipping, NaN checks and
/// checkpoints then work on one array, and autograd accumulates into one flat gradient.
/// Subclasses register their parameters, then call finishParameters().
class FlatModule : public torch::nn::Module {
public:
    /// The flat parameter tensor (the registered parameters are views of it).
    const torch::Tensor& flat() const { return m_flat; }
    std::int64_t parameterCount() const { return m_flat.numel(); }
    /// Copies `count` floats in (count must equal parameterCount()).
    void load(const float* values, std::int64_t count);
    /// Makes autograd accumulate every parameter's gradient into views of `flatGrad` (same
    /// size and device as flat()); zero it before each backward pass.
    void bindGradients(const torch::Tensor& flatGrad);
    /// Moves the flat storage (and so every parameter) to `device`.
    void moveTo(const torch::Device& device);
    /// Makes this module's parameters views of `source`'s flat tensor (same architecture): a
    /// replica that shares the weights, with gradients of its own (bindGradients), so several
    /// threads can run forward and backward passes at once.
    void shareParameters(const FlatModule& source);

protected:
    /// A parameter of `shape` with PyTorch's default initialisation U(−1/√fanIn, 1/√fanIn) from
    /// our own Rng (a seed gives the same network everywhere); fanIn 0 gives zeros.
    torch::Tensor addUniform(const std::string& name, at::IntArrayRef shape, std::int64_t fanIn, Rng& rng);
    torch::Tensor addConstant(const std::string& name, at::IntArrayRef shape, float value);
    torch::Tensor addNormal(const std::string& name, at::IntArrayRef shape, Rng& rng);
    /// A convolution with padding kernel/2; `zero` starts it at zero.
    ConvLayer addConv(const std::string& name, int in, int out, int kernel, int stride, Rng& rng, bool zero = false);
    NormLayer addNorm(const std::string& name, int channels, int groups);
    LinearLayer addLinear(const std::string& name, int in, int out, Rng& rng);
    void finishParameters();

private:
    void rebind(const torch::Tensor& flat);

    torch::Tensor m_flat;
    std::vector<torch::Tensor> m_params;
};

/// The U-Net of UNetOptions (see there for the layout). forward() is const and thread-safe in
/// inference (no state changes: GroupNorm keeps no running statistics).
class UNetImpl : public FlatModule {
public:
    /// Builds the network with seeded initial weights (the output convolution starts at zero).
    UNetImpl(const UNetOptions& options, std::uint64_t seed);

    /// x: (B, C, H, W) float; t: (B) times in [0, 1]; labels: (B) int64 in [0, classCount]
    /// (classCount = ∅), ignored (may be undefined) when the network is unconditional.
    /// Returns (B, C, H, W).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& labels) const;

    const UNetOptions& options() const { return m_options; }
    /// Multiply–adds of one forward pass for one image (convolutions and linear layers).
    std::int64_t macsPerImage() const { return m_macs; }

private:
    struct ResBlock {
        NormLayer norm1, norm2;
        ConvLayer conv1, conv2;
        LinearLayer embed;
        ConvLayer skip;   // 1×1 where the channel count changes, else undefined
    };
    ResBlock addResBlock(const std::string& name, int in, int out, int pixels, Rng& rng);
    torch::Tensor resBlock(const ResBlock& block, const torch::Tensor& x, const torch::Tensor& embedding) const;

    UNetOptions m_options;
    std::int64_t m_macs = 0;
    int m_timeFeatures = 0;
    LinearLayer m_time1, m_time2;
    torch::Tensor m_classEmbedding;  // (classCount + 1) × embedding width
    ConvLayer m_inConv;
    std::vector<std::vector<ResBlock>> m_down;  // per level
    std::vector<ConvLayer> m_downsample;        // per level but the last
    ResBlock m_mid1, m_mid2;
    std::vector<std::vector<ResBlock>> m_up;    // per level (index = level)
    std::vector<ConvLayer> m_upsample;          // per level but the first (index = level − 1)
    NormLayer m_outNorm;
    ConvLayer m_outConv;
};
TORCH_MODULE(UNet);

/// An immutable trained U-Net with its description, shared read-only by every copy of a
/// UNetField (the module is never modified after construction: concurrent evaluation is safe).
struct UNetModel {
    ImageModelInfo info;
    UNet net{nullptr};
    torch::Device device{torch::kCPU};
};

/// Builds the network of `info` with these weights on `device`; refuses weights that do not fit
/// the architecture.
Result<std::shared_ptr<const UNetModel>> makeUNetModel(ImageModelInfo info, const std::vector<float>& weights,
                                                       const torch::Device& device);

}  // namespace flowlab::core
