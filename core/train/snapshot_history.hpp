#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "field/field_source.hpp"

namespace flowlab::core {

/// The learned field at one training step: an immutable copy of the network (what
/// Trainer::snapshot() gives), so it evaluates the same however long training goes on.
struct TrainingSnapshot {
    int step = 0;
    std::shared_ptr<const FieldSource> field;
};

/// The training run's second time axis: snapshots of the learned field kept during a run, so
/// the field and particles can be shown at any training step while t moves independently.
/// Memory stays bounded: when more than `capacity` are held, every other one is dropped and
/// later ones are kept only at the doubled spacing (the first and the newest are always there),
/// so the history spans the whole run with even spacing. Not thread-safe; one owner (the GUI thread) adds and reads.
class SnapshotHistory {
public:
    static constexpr std::size_t kDefaultCapacity = 64;

    /// `capacity` is at least 2.
    explicit SnapshotHistory(std::size_t capacity = kDefaultCapacity);

    /// Adds the snapshot of `step`. The newest step again replaces its field; a step before the
    /// newest one starts a new run (after Reset the steps begin again at 0), so the history is
    /// cleared first. Null fields are ignored.
    void add(int step, std::shared_ptr<const FieldSource> field);
    void clear();

    std::size_t size() const { return m_snapshots.size(); }
    bool empty() const { return m_snapshots.empty(); }
    std::size_t capacity() const { return m_capacity; }
    /// In increasing step order; `i` < size().
    const TrainingSnapshot& at(std::size_t i) const { return m_snapshots[i]; }
    const TrainingSnapshot& newest() const { return m_snapshots.back(); }
    /// The index of the snapshot whose step is closest to `step` (ties go to the earlier one);
    /// the history must not be empty.
    std::size_t nearest(int step) const;

private:
    void thin();

    std::size_t m_capacity;
    std::vector<TrainingSnapshot> m_snapshots;
    int m_stride = 0;                  // steps between kept snapshots (grows as the run does)
    bool m_newestProvisional = false;  // the newest is shown but replaced by the next one
};

}  // namespace flowlab::core
