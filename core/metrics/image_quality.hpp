#pragma once

#include "common/result.hpp"
#include "common/types.hpp"
#include "images/image_dataset.hpp"
#include "metrics/image_metrics.hpp"
#include "train/image_classifier.hpp"

namespace flowlab::core {

/// How generated images compare with real ones in a classifier's eyes (no downloaded network).
struct ImageQuality {
    /// Fréchet distance between the classifier features of the samples and of the reference.
    double frechet = 0.0;
    /// The same between two halves of the reference: the distance's floor at this sample size.
    double referenceFloor = 0.0;
    ClassHistogram samples;    ///< predicted classes of the samples
    ClassHistogram reference;  ///< predicted classes of the reference images
};

/// Classifies and embeds `samples` (one image per row) and the images of `reference` (e.g. the
/// test split). Refuses images of another shape than the classifier's.
Result<ImageQuality> measureImageQuality(const ImageClassifier& classifier, const Points& samples,
                                         const ImageDataset& reference);

}  // namespace flowlab::core
