#pragma once

// Internal (includes torch): the MLP field network and its fast training kernel.

#include <vector>

#include "common/rng.hpp"
#include "net/network_options.hpp"
#include "net/torch_includes.hpp"

namespace flowlab::core {

/// The time features of a batch of times t (B): [sin(2π ω_k t), cos(2π ω_k t)]_k, shape B × 2K.
torch::Tensor timeFeatures(const torch::Tensor& t, const torch::Tensor& frequencies);

/// An MLP on [x, features(t)] → R^d (d = NetworkOptions::inputDim) in float32. All trainable
/// parameters live in one flat tensor (layer by layer: weight row-major, then bias) and the layer
/// weights are views into it, so that the optimiser, the EMA, clipping and checkpoints each work
/// on one contiguous array. Parameters do not require grad: training uses MlpTrainKernel's
/// hand-written backward pass, and inference differentiates with respect to x only.
class FieldMlpImpl : public torch::nn::Module {
public:
    explicit FieldMlpImpl(const NetworkOptions& options);

    /// t: (B) times in [0, 1]; x: (B, d). Returns (B, d). Differentiable in x.
    torch::Tensor forward(const torch::Tensor& t, const torch::Tensor& x) const;
    /// The same at one time t for the whole batch x (B, d), as a field evaluation asks: the time
    /// features are then one row, folded into the first layer's bias (b₀ + W₀ₜ·f(t)) instead of
    /// being copied beside every point, so the first product has d columns instead of d + 2K.
    /// Equal to forward() up to float rounding; differentiable in x. Without autograd
    /// (InferenceMode or NoGradGuard) the activations run in place.
    torch::Tensor forwardAt(double t, const torch::Tensor& x) const;

    const NetworkOptions& options() const { return m_options; }
    /// The flat parameter tensor (views of it are the layer weights and biases).
    const torch::Tensor& flat() const { return m_flat; }
    /// The fixed time-embedding frequencies ω (K).
    const torch::Tensor& frequencies() const { return m_frequencies; }
    /// Layer l's weight (out × in) and bias (out); l = 0 … depth (the last is the output layer).
    const torch::Tensor& weight(std::size_t l) const { return m_weights[l]; }
    const torch::Tensor& bias(std::size_t l) const { return m_biases[l]; }
    std::size_t layerCount() const { return m_weights.size(); }

    /// Copies weights (parameterCount floats) and frequencies (K floats) in.
    void load(const float* weights, const float* frequencies);

private:
    NetworkOptions m_options;
    torch::Tensor m_flat;
    torch::Tensor m_frequencies;
    std::vector<torch::Tensor> m_weights;
    std::vector<torch::Tensor> m_biases;
};
TORCH_MODULE(FieldMlp);

/// Seeded initial weights: PyTorch's nn.Linear default, U(−1/√fan_in, 1/√fan_in) for weights and
/// biases, drawn from our own Rng so that a seed gives the same network everywhere.
std::vector<float> initialWeights(const NetworkOptions& options, Rng& rng);
/// The time-embedding frequencies: N(0, σ²) for Fourier; a geometric ladder from 0.25 to
/// 4σ for Sinusoidal.
std::vector<float> makeFrequencies(const NetworkOptions& options, Rng& rng);

/// The activation and its derivative given the pre-activation a and the activation h = act(a).
void activationForward(Activation kind, const torch::Tensor& a, torch::Tensor& h);
void activationBackward(Activation kind, const torch::Tensor& gradH, const torch::Tensor& a,
                        const torch::Tensor& h, torch::Tensor& gradA);

/// Forward and backward passes of a FieldMlp for a fixed batch size, written by hand with
/// preallocated buffers (no autograd graph, no per-step allocation): the training hot loop.
/// The result equals autograd's gradient (a test checks it).
class MlpTrainKernel {
public:
    MlpTrainKernel(FieldMlp net, int batchSize);

    /// Runs the network on times t (B) and points x (B × d), both float32 row-major; returns the
    /// output (B × d), valid until the next call.
    const torch::Tensor& forward(const float* t, const float* x);

    /// Given dL/d(output) (B × d, row-major) after forward(), writes dL/d(parameters) into
    /// `flatGrad` (overwriting it; same layout as FieldMlpImpl::flat()).
    void backward(const float* gradOutput, torch::Tensor& flatGrad);

private:
    FieldMlp m_net;
    int m_batch;
    torch::Tensor m_input;              // B × (d + 2K)
    torch::Tensor m_times;              // B
    torch::Tensor m_arg;                // B × K
    std::vector<torch::Tensor> m_pre;   // pre-activations, B × width
    std::vector<torch::Tensor> m_post;  // activations, B × width
    torch::Tensor m_output;             // B × d
    torch::Tensor m_gradOut;            // B × d
    torch::Tensor m_gradH;              // B × width
    torch::Tensor m_gradA;              // B × width
};

}  // namespace flowlab::core
