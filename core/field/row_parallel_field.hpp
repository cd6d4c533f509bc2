#pragma once

#include <memory>
#include <string>

#include "field/field_source.hpp"

namespace flowlab::core {

/// A field whose value at a point depends on that point only (a network, a combination of
/// networks) evaluated on slices of the points on several threads at once: each slice is one
/// batched call of the inner source on its own thread, single-threaded in torch and BLAS as the
/// interactive thread policy sets them (train/threading), so the cores share the work without a
/// second thread pool. Results equal one call on all points (row by row the same arithmetic).
/// Not for the exact fields, which split their work themselves.
class RowParallelField final : public FieldSource {
public:
    /// Fewer rows than this per slice are not worth a thread (a network call's fixed cost).
    static constexpr long kMinRowsPerSlice = 512;

    /// `threads` ≥ 1, or 0 for all cores.
    RowParallelField(std::shared_ptr<const FieldSource> inner, int threads);

    int dim() const override { return m_inner->dim(); }
    unsigned provides() const override { return m_inner->provides(); }
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    std::string label() const override { return m_inner->label(); }
    double scoreLipschitz(double t) const override { return m_inner->scoreLipschitz(t); }

    const FieldSource& inner() const { return *m_inner; }

private:
    std::shared_ptr<const FieldSource> m_inner;
    int m_threads;
};

}  // namespace flowlab::core
