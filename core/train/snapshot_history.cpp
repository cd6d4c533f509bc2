#include "train/snapshot_history.hpp"

#include <algorithm>
#include <cstdlib>

namespace flowlab::core {

SnapshotHistory::SnapshotHistory(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 2)) {}

void SnapshotHistory::add(int step, std::shared_ptr<const FieldSource> field) {
    if (!field) return;
    if (!m_snapshots.empty() && step == m_snapshots.back().step) {
        // The same step again (the end-of-run snapshot repeats the last live one): replace it.
        m_snapshots.back().field = std::move(field);
        return;
    }
    if (!m_snapshots.empty() && step < m_snapshots.back().step) clear();  // a new run
    // The newest snapshot is always shown; it stays only if it keeps the spacing.
    if (m_newestProvisional) m_snapshots.pop_back();
    const bool keeps = m_snapshots.empty() || step - m_snapshots.back().step >= m_stride;
    m_snapshots.push_back({step, std::move(field)});
    m_newestProvisional = !keeps;
    if (m_snapshots.size() > m_capacity) thin();
}

void SnapshotHistory::clear() {
    m_snapshots.clear();
    m_stride = 0;
    m_newestProvisional = false;
}

void SnapshotHistory::thin() {
    // Keep every other snapshot from the first (and the newest): the spacing doubles, the span
    // stays, and later snapshots are kept at that spacing.
    std::vector<TrainingSnapshot> kept;
    kept.reserve(m_snapshots.size() / 2 + 2);
    for (std::size_t i = 0; i < m_snapshots.size(); i += 2) kept.push_back(std::move(m_snapshots[i]));
    const bool newestDropped = m_snapshots.size() % 2 == 0;
    if (kept.size() > 1) m_stride = (kept.back().step - kept.front().step) / int(kept.size() - 1);
    if (newestDropped) kept.push_back(std::move(m_snapshots.back()));
    m_newestProvisional = newestDropped;
    m_snapshots = std::move(kept);
}

std::size_t SnapshotHistory::nearest(int step) const {
    const auto it = std::lower_bound(m_snapshots.begin(), m_snapshots.end(), step,
                                     [](const TrainingSnapshot& s, int v) { return s.step < v; });
    if (it == m_snapshots.begin()) return 0;
    if (it == m_snapshots.end()) return m_snapshots.size() - 1;
    const auto before = it - 1;
    return std::size_t((std::abs(it->step - step) < std::abs(step - before->step) ? it : before) - m_snapshots.begin());
}

}  // namespace flowlab::core
