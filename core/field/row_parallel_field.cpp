#include "field/row_parallel_field.hpp"

#include <algorithm>
#include <vector>

#include "common/parallel.hpp"

namespace flowlab::core {

RowParallelField::RowParallelField(std::shared_ptr<const FieldSource> inner, int threads)
    : m_inner(std::move(inner)), m_threads(resolveThreads(threads)) {}

Status RowParallelField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    const Eigen::Index n = x.rows();
    const Eigen::Index slices = std::clamp<Eigen::Index>(n / kMinRowsPerSlice, 1, m_threads);
    if (slices == 1) return m_inner->evaluate(t, x, what, out);

    std::vector<FieldValues> parts(static_cast<std::size_t>(slices));
    std::vector<Status> status(static_cast<std::size_t>(slices), Status::success());
    parallelFor(slices, int(slices), [&](std::int64_t s) {
        const Eigen::Index r0 = n * s / slices, rows = n * (s + 1) / slices - r0;
        const Points slice = x.middleRows(r0, rows);
        status[std::size_t(s)] = m_inner->evaluate(t, slice, what, parts[std::size_t(s)]);
    });
    for (const Status& st : status)
        if (!st) return st;

    const int d = x.cols() == 0 ? 0 : int(x.cols());
    auto gather = [&](auto member, Eigen::Index cols) {
        auto& dst = out.*member;
        dst.resize(n, cols);
        for (Eigen::Index s = 0; s < slices; ++s) {
            const Eigen::Index r0 = n * s / slices;
            const auto& src = parts[std::size_t(s)].*member;
            dst.middleRows(r0, src.rows()) = src;
        }
    };
    auto gatherVector = [&](Vector FieldValues::*member) {
        Vector& dst = out.*member;
        dst.resize(n);
        for (Eigen::Index s = 0; s < slices; ++s) {
            const Eigen::Index r0 = n * s / slices;
            const Vector& src = parts[std::size_t(s)].*member;
            dst.segment(r0, src.size()) = src;
        }
    };
    if (what & kVelocity) gather(&FieldValues::velocity, d);
    if (what & kScore) gather(&FieldValues::score, d);
    if (what & kDenoiser) gather(&FieldValues::denoiser, d);
    if (what & kLogDensity) gatherVector(&FieldValues::logDensity);
    if (what & kDivergence) gatherVector(&FieldValues::divergence);
    return Status::success();
}

}  // namespace flowlab::core
