#include "images/memorisation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parallel.hpp"

namespace flowlab::core {
namespace {

double median(std::vector<double> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

void nearest(const Points& x, const Points& y, const Vector& yNorm, std::vector<double>& dist, std::vector<std::size_t>& idx) {
    const Eigen::Index n = x.rows();
    dist.assign(std::size_t(n), 0.0);
    idx.assign(std::size_t(n), 0);
    constexpr Eigen::Index kBlock = 64;
    parallelFor((n + kBlock - 1) / kBlock, 0, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock, rows = std::min(kBlock, n - begin);
        // argmin ‖x − y‖² = argmin (‖y‖² − 2 x·y).
        const Matrix score = (-2.0 * (x.middleRows(begin, rows) * y.transpose())).rowwise() + yNorm.transpose();
        for (Eigen::Index r = 0; r < rows; ++r) {
            Eigen::Index j = 0;
            score.row(r).minCoeff(&j);
            idx[std::size_t(begin + r)] = std::size_t(j);
            dist[std::size_t(begin + r)] = (x.row(begin + r) - y.row(j)).norm();
        }
    });
}

}  // namespace

Points datasetPoints(const ImageDataset& d) {
    Points p(static_cast<Eigen::Index>(d.size()), d.dim());
    for (std::size_t i = 0; i < d.size(); ++i)
        p.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(d.image(i), d.dim()).cast<double>();
    return p;
}

Result<MemorisationReport> memorisationReport(const Points& samples, const ImageDataset& train, const ImageDataset* test,
                                              double threshold) {
    if (train.size() == 0) return Error{"memorisation: the training set is empty"};
    if (samples.cols() != train.dim())
        return Error{"memorisation: samples have " + std::to_string(samples.cols()) + " values, images " +
                     std::to_string(train.dim())};
    if (!samples.allFinite()) return Error{"memorisation: the samples contain NaN or infinite values"};
    if (!(threshold > 0.0)) return Error{"memorisation: the copy threshold must be > 0"};
    const Points y = datasetPoints(train);
    const Vector yNorm = y.rowwise().squaredNorm();
    MemorisationReport r;
    r.threshold = threshold;
    nearest(samples, y, yNorm, r.nearestDistance, r.nearestIndex);
    const double copyDistance = threshold * std::sqrt(double(train.dim()));
    std::size_t copies = 0;
    double sum = 0.0;
    for (double d : r.nearestDistance) {
        copies += d < copyDistance;
        sum += d;
    }
    const auto n = double(std::max<std::size_t>(r.nearestDistance.size(), 1));
    r.copyFraction = copies / n;
    r.meanDistance = sum / n;
    r.medianDistance = median(r.nearestDistance);
    r.testMedianDistance = std::numeric_limits<double>::quiet_NaN();
    if (test && test->size() > 0 && test->dim() == train.dim()) {
        std::vector<double> d;
        std::vector<std::size_t> i;
        nearest(datasetPoints(*test), y, yNorm, d, i);
        r.testMedianDistance = median(d);
    }
    return r;
}

Result<NearestImage> nearestImage(const Eigen::RowVectorXd& x, const ImageDataset& data) {
    if (data.size() == 0) return Error{"nearest image: the data set is empty"};
    if (x.size() != data.dim())
        return Error{"nearest image: the point has " + std::to_string(x.size()) + " values, images " +
                     std::to_string(data.dim())};
    if (!x.allFinite()) return Error{"nearest image: the point contains NaN or infinite values"};
    const Eigen::RowVectorXf xf = x.cast<float>();
    NearestImage r;
    float best = std::numeric_limits<float>::infinity();
    for (std::size_t i = 0; i < data.size(); ++i) {
        const float d2 = (Eigen::Map<const Eigen::RowVectorXf>(data.image(i), data.dim()) - xf).squaredNorm();
        if (d2 < best) {
            best = d2;
            r.index = i;
        }
    }
    // The winner's distance again in double, so that an exact copy reports 0, not float round-off.
    r.distance = (Eigen::Map<const Eigen::RowVectorXf>(data.image(r.index), data.dim()).cast<double>() - x).norm();
    r.rms = r.distance / std::sqrt(double(data.dim()));
    r.label = data.hasLabels() ? data.labels[r.index] : -1;
    return r;
}

}  // namespace flowlab::core
