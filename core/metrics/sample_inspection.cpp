#include "metrics/sample_inspection.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

Result<SampleInspection> inspectSample(const FieldSource& field, const Interpolant& interpolant, double t,
                                       const Eigen::RowVectorXd& x, const ImageDataset& train) {
    if (train.dim() != field.dim())
        return Error{"inspection: the training images have " + std::to_string(train.dim()) + " values, the field " +
                     std::to_string(field.dim())};
    auto est = posteriorEstimates(field, interpolant, t, Points(x));
    if (!est) return est.error();
    SampleInspection r;
    r.t = t;
    r.state = x;
    r.clean = est->clean.row(0);
    r.noise = est->baseNoise.row(0);
    if (interpolant.coeffs(t).gamma != 0.0) r.latentNoise = est->latentNoise.row(0);
    r.velocity = est->velocity.row(0);
    r.route = est->route;
    r.fieldLabel = field.label();
    auto nearState = nearestImage(x, train);
    if (!nearState) return nearState.error();
    auto nearClean = nearestImage(r.clean, train);
    if (!nearClean) return nearClean.error();
    r.nearestToState = *nearState;
    r.nearestToClean = *nearClean;
    r.nearestImage = Eigen::Map<const Eigen::RowVectorXf>(train.image(r.nearestToState.index), train.dim()).cast<double>();
    return r;
}

std::vector<double> evenTimes(int count, double t0, double t1) {
    if (count <= 1) return {t1};
    std::vector<double> out;
    out.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) out.push_back(i + 1 == count ? t1 : t0 + (t1 - t0) * double(i) / (count - 1));
    return out;
}

Result<Filmstrip> makeFilmstrip(const std::vector<double>& times, const std::vector<Points>& trajectory,
                                Eigen::Index index, const std::vector<double>& at) {
    if (trajectory.empty()) return Error{"filmstrip: the trajectory is empty (was it recorded?)"};
    if (times.size() != trajectory.size())
        return Error{"filmstrip: " + std::to_string(times.size()) + " times for " + std::to_string(trajectory.size()) +
                     " states"};
    const Eigen::Index rows = trajectory.front().rows(), cols = trajectory.front().cols();
    for (const Points& p : trajectory)
        if (p.rows() != rows || p.cols() != cols) return Error{"filmstrip: the stored states differ in shape"};
    if (index < 0 || index >= rows)
        return Error{"filmstrip: sample " + std::to_string(index) + " of " + std::to_string(rows)};
    Filmstrip f;
    f.frames.resize(Eigen::Index(at.size()), cols);
    for (std::size_t i = 0; i < at.size(); ++i) {
        if (!(at[i] >= 0.0 && at[i] <= 1.0)) return Error{"filmstrip: times must be in [0, 1]"};
        std::size_t best = 0;
        for (std::size_t j = 1; j < times.size(); ++j)
            if (std::abs(times[j] - at[i]) < std::abs(times[best] - at[i])) best = j;
        f.times.push_back(times[best]);
        f.frames.row(Eigen::Index(i)) = trajectory[best].row(index);
    }
    return f;
}

}  // namespace flowlab::core
