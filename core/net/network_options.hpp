#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// Nonlinearity between the hidden layers of a network.
enum class Activation { SiLU, ReLU, Tanh, Gelu, Softplus };

/// How the time t ∈ [0, 1] enters the network.
enum class TimeEmbedding {
    Fourier,     ///< Gaussian Fourier features sin/cos(2π ω_k t), ω_k ~ N(0, σ²) fixed at creation
    Sinusoidal,  ///< transformer-style sin/cos(t · 1000^{−k/K}·scale) on a geometric ladder
};

/// Kinds of network. Only the MLP exists now; the interface leaves room for an image U-Net.
enum class NetworkKind { Mlp };

/// The architecture of a field network: what a checkpoint must reproduce exactly. The network
/// maps [x, features(t)] (x of dimension `inputDim`) to a vector of dimension `inputDim`.
struct NetworkOptions {
    NetworkKind kind = NetworkKind::Mlp;
    int inputDim = 2;            ///< dimension of x (and of the output); not fixed to 2
    int width = 128;             ///< units per hidden layer
    int depth = 3;               ///< number of hidden layers (≥ 1)
    Activation activation = Activation::SiLU;
    TimeEmbedding timeEmbedding = TimeEmbedding::Fourier;
    int timeFrequencies = 16;    ///< K: the time features are 2K numbers (sin and cos)
    double fourierScale = 4.0;   ///< σ of the Gaussian Fourier frequencies (or the ladder scale)

    /// Empty when valid, else the problem in words.
    std::string validate() const;

    /// Number of trainable parameters.
    long long parameterCount() const;
    /// Multiply–add operations of one forward pass for one point (for GFLOP/s figures).
    long long forwardMacsPerPoint() const;
    /// "MLP 3×128 SiLU, Fourier(16)" for labels and logs.
    std::string describe() const;

    bool operator==(const NetworkOptions& o) const;
    bool operator!=(const NetworkOptions& o) const { return !(*this == o); }
};

JsonValue networkOptionsToJson(const NetworkOptions& options);
/// Refuses unknown names, missing members and out-of-range values with a message.
Result<NetworkOptions> networkOptionsFromJson(const JsonValue& json);

const std::vector<std::string>& activationNames();
std::string toString(Activation activation);
Result<Activation> parseActivation(const std::string& name);
const std::vector<std::string>& timeEmbeddingNames();
std::string toString(TimeEmbedding embedding);
Result<TimeEmbedding> parseTimeEmbedding(const std::string& name);

}  // namespace flowlab::core
