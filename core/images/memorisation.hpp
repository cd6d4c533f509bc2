#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "images/image_dataset.hpp"

namespace flowlab::core {

/// Per-pixel RMS distance under which a sample counts as a copy of a training image: half an
/// 8-bit level's bin width (2/256), i.e. the sample rounds to that image almost everywhere. Two
/// different images of a data set are typically hundreds of levels apart somewhere.
inline constexpr double kCopyRmsThreshold = 0.5 * 2.0 / 256.0;

/// How close samples come to the training set (docs/maths.md §10: the exact field memorises).
struct MemorisationReport {
    std::vector<double> nearestDistance;  ///< Euclidean distance of each sample to its nearest training image
    std::vector<std::size_t> nearestIndex; ///< that image's index in the training set
    double medianDistance = 0.0;
    double meanDistance = 0.0;
    /// Fraction of samples whose per-pixel RMS distance √(‖x − y‖²/d) is below `threshold`.
    double copyFraction = 0.0;
    double threshold = kCopyRmsThreshold;
    /// For scale: the median distance from each test image to its nearest training image
    /// (filled by memorisationReport when a test set is given; NaN otherwise).
    double testMedianDistance = 0.0;
};

/// Nearest training image of every sample, by one matrix product per block
/// (‖x − y‖² = ‖x‖² − 2 x·y + ‖y‖², the winner's distance recomputed exactly).
/// `test` (may be empty) gives the reference scale of an unseen image's distance.
Result<MemorisationReport> memorisationReport(const Points& samples, const ImageDataset& train,
                                              const ImageDataset* test = nullptr,
                                              double threshold = kCopyRmsThreshold);

/// The training image nearest to one point, and how far it is.
struct NearestImage {
    std::size_t index = 0;  ///< index in the data set
    double distance = 0.0;  ///< Euclidean ‖x − y‖
    double rms = 0.0;       ///< per-pixel RMS distance √(‖x − y‖²/d), comparable with kCopyRmsThreshold
    int label = -1;         ///< its class, −1 when the data set has no labels
};

/// Nearest image of `data` to `x` by a streaming pass over the stored pixels (no copy of the
/// set in double: one click of the inspector on 60 000 images costs ~50 ms). Fails on an empty
/// set, a dimension mismatch or non-finite x.
Result<NearestImage> nearestImage(const Eigen::RowVectorXd& x, const ImageDataset& data);

/// The images of a data set as rows of a Points matrix.
Points datasetPoints(const ImageDataset& data);

}  // namespace flowlab::core
