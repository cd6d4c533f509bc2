#include "metrics/image_quality.hpp"

namespace flowlab::core {

Result<ImageQuality> measureImageQuality(const ImageClassifier& classifier, const Points& samples,
                                         const ImageDataset& reference) {
    if (reference.size() < 4) return Error{"the reference set needs at least four images"};
    const Points real = imagePoints(reference);
    auto fakeFeatures = classifier.features(samples);
    if (!fakeFeatures) return fakeFeatures.error();
    auto realFeatures = classifier.features(real);
    if (!realFeatures) return realFeatures.error();
    auto fakeLabels = classifier.predict(samples);
    if (!fakeLabels) return fakeLabels.error();
    auto realLabels = classifier.predict(real);
    if (!realLabels) return realLabels.error();
    ImageQuality q;
    auto frechet = frechetDistance(*fakeFeatures, *realFeatures);
    if (!frechet) return frechet.error();
    q.frechet = *frechet;
    const Eigen::Index half = realFeatures->rows() / 2;
    auto floor = frechetDistance(realFeatures->topRows(half), realFeatures->bottomRows(realFeatures->rows() - half));
    if (!floor) return floor.error();
    q.referenceFloor = *floor;
    auto h = classHistogram(*fakeLabels, classifier.classCount());
    if (!h) return h.error();
    q.samples = std::move(*h);
    auto r = classHistogram(*realLabels, classifier.classCount());
    if (!r) return r.error();
    q.reference = std::move(*r);
    return q;
}

}  // namespace flowlab::core
