#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "images/image_dataset.hpp"

namespace flowlab::core {

/// Where the Debian package dataset-fashion-mnist installs its files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
/// Largest image side FlowLab works with in pixel space.
inline constexpr int kMaxImageDataSide = 32;
/// Smallest side accepted by --size.
inline constexpr int kMinImageDataSide = 4;

/// Which image data set to load and how (docs/maths.md §10). Validates itself.
struct ImageDataOptions {
    /// `fashion-mnist`, `shapes`, `folder:DIR` or `idx:IMAGES[,LABELS]`.
    std::string spec;
    /// Side of the square images after resizing (area average, e.g. 28 → 14); 0 keeps the data
    /// set's own size (28 for Fashion-MNIST, 16 for shapes; folders need a size, default 28).
    int size = 0;
    /// Caps on the number of training / test images (the first ones of each split); 0 = all
    /// (shapes: 4000 / 1000 generated).
    int maxTrain = 0;
    int maxTest = 0;
    /// Seed of the procedural shapes (train and test are generated from different streams).
    std::uint64_t seed = 0;
    /// Where `fashion-mnist` is read from: the package's folder, or another one (a test points
    /// it at a missing folder to see what a machine without the package shows).
    std::string fashionMnistDir = kFashionMnistDir;

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// The names understood by ImageDataOptions::spec, for help texts.
std::string imageDataSpecHelp();

/// Loads, resizes and scales an image data set into its train and test splits (which never
/// share an image). Fashion-MNIST uses its own split; the shapes generate both; a folder or a
/// single IDX pair keeps every 10th image (index 9, 19, …) for the test split. Errors name the
/// file and the problem (a missing package names `dataset-fashion-mnist` and scripts/setup).
Result<ImageSplits> loadImageData(const ImageDataOptions& options);

/// Fashion-MNIST from the four IDX files in `dir` (the package's folder by default).
Result<ImageSplits> loadFashionMnist(const ImageDataOptions& options, const std::string& dir = kFashionMnistDir);

/// The ten Fashion-MNIST classes, in label order.
const std::vector<std::string>& fashionMnistClassNames();

}  // namespace flowlab::core
