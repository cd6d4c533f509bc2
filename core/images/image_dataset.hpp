#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace flowlab::core {

/// A set of same-sized images with optional class labels, in pixel space scaled to [−1, 1]
/// (docs/maths.md, pixel space). This is the one in-memory form every image feature shares:
/// the loaders (Fashion-MNIST, IDX pairs, a folder of pictures, the procedural shapes) produce it,
/// the exact empirical field, the U-Net trainer, the classifier and the metrics consume it.
/// An image is a point of dimension channels·height·width, laid out channel-major (C, H, W) —
/// the same order as a LibTorch tensor [N, C, H, W] — so one image is one row of core::Points.
struct ImageDataset {
    int channels = 1;  ///< 1 (grey) or 3 (RGB)
    int height = 0;
    int width = 0;
    /// N·C·H·W values in [−1, 1], image after image, each in (C, H, W) order.
    std::vector<float> pixels;
    /// One label per image in [0, classCount), or empty when the data set has no labels.
    std::vector<int> labels;
    /// Human-readable class names ("T-shirt/top", "disc", …); size classCount, or empty.
    std::vector<std::string> classNames;
    /// Where the images came from, for messages and checkpoints ("fashion-mnist train 14×14").
    std::string description;

    /// Values per image (the point dimension d).
    int dim() const { return channels * height * width; }
    /// Number of images.
    std::size_t size() const { return dim() > 0 ? pixels.size() / static_cast<std::size_t>(dim()) : 0; }
    /// Number of classes (0 when unlabelled).
    int classCount() const { return static_cast<int>(classNames.size()); }
    bool hasLabels() const { return !labels.empty(); }
    /// The first value of image i.
    const float* image(std::size_t i) const { return pixels.data() + i * static_cast<std::size_t>(dim()); }
};

/// A data set split into the images a model trains on and the held-out ones it is measured on.
/// The two never share an image.
struct ImageSplits {
    ImageDataset train;
    ImageDataset test;
};

}  // namespace flowlab::core
