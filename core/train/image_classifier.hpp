#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "images/image_dataset.hpp"

namespace flowlab::core {

/// A small CNN classifier (CPU) that FlowLab trains on a data set's labels, to measure generated
/// images without downloading a network: its predicted labels give the class histogram of
/// samples, its penultimate layer the feature space of the Fréchet distance (core/metrics).
/// Layout: conv3×3(C→b) ReLU, conv3×3(b→b) ReLU, 2×2 average pool, conv3×3(b→2b) ReLU, 2×2
/// average pool, global average pool, linear(2b→F) ReLU (the F features), linear(F→K).
struct ImageClassifierOptions {
    int baseChannels = 32;      ///< b
    int featureWidth = 128;     ///< F, the dimension of the feature space
    int steps = 1500;           ///< Adam steps
    int batchSize = 128;
    double learningRate = 1e-3; ///< constant after a warm-up of steps/20
    std::uint64_t seed = 0;
    int threads = 0;            ///< torch threads during training; 0 = half the cores
    int progressEvery = 100;

    std::string validate() const;
};

/// What the progress callback sees; return false to stop early (the classifier is then usable).
struct ClassifierProgress {
    int step = 0;
    int totalSteps = 0;
    double loss = 0.0;           ///< cross-entropy of the latest batch
    double batchAccuracy = 0.0;  ///< fraction of the latest batch classified right
};
using ClassifierCallback = std::function<bool(const ClassifierProgress&)>;

/// A trained classifier. Immutable after training; evaluation is thread-safe and never throws.
/// No torch type appears in this header.
class ImageClassifier {
public:
    /// Trains on the labelled images of `train` (cross-entropy, Adam). Refuses unlabelled data,
    /// fewer than two classes, invalid options.
    static Result<ImageClassifier> train(const ImageDataset& train, const ImageClassifierOptions& options,
                                         const ClassifierCallback& callback = {});
    /// Reads a classifier file written by save(); refuses a foreign or corrupt file.
    static Result<ImageClassifier> load(const std::string& path);
    /// Writes it atomically.
    Status save(const std::string& path) const;

    /// The predicted class of every image (one per row, C·H·W values).
    Result<std::vector<int>> predict(const Points& images) const;
    /// The F features of every image (one row each).
    Result<Points> features(const Points& images) const;
    /// Fraction of `data`'s images whose label is predicted.
    Result<double> accuracy(const ImageDataset& data) const;

    int channels() const;
    int height() const;
    int width() const;
    int classCount() const;
    const std::vector<std::string>& classNames() const;
    /// The data set it was trained on (ImageDataset::description).
    const std::string& dataDescription() const;

    struct Impl;
    ImageClassifier(ImageClassifier&&) noexcept;
    ImageClassifier& operator=(ImageClassifier&&) noexcept;
    ~ImageClassifier();

private:
    explicit ImageClassifier(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
};

/// The images of a data set as points (one image per row, C·H·W values).
Points imagePoints(const ImageDataset& data);

}  // namespace flowlab::core
