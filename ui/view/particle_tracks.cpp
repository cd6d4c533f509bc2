#include "view/particle_tracks.hpp"

#include <algorithm>

namespace flowlab::ui {

std::shared_ptr<const ParticleTracks> ParticleTracks::create(const std::vector<double>& times,
                                                             const std::vector<core::Points>& states,
                                                             std::vector<std::uint8_t> endColors,
                                                             std::vector<std::uint8_t> startColors) {
    if (times.empty() || times.size() != states.size()) return nullptr;
    const Eigen::Index n = states.front().rows();
    for (const auto& s : states)
        if (s.rows() != n || s.cols() != 2) return nullptr;
    if (!endColors.empty() && Eigen::Index(endColors.size()) != n) return nullptr;
    if (!startColors.empty() && Eigen::Index(startColors.size()) != n) return nullptr;

    std::vector<std::size_t> order(times.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });

    auto tracks = std::shared_ptr<ParticleTracks>(new ParticleTracks());
    tracks->m_particles = int(n);
    tracks->m_times.reserve(times.size());
    tracks->m_xy.resize(times.size() * 2 * std::size_t(n));
    float* out = tracks->m_xy.data();
    for (std::size_t k : order) {
        tracks->m_times.push_back(times[k]);
        const core::Points& s = states[k];
        for (Eigen::Index p = 0; p < n; ++p) {
            *out++ = float(s(p, 0));
            *out++ = float(s(p, 1));
        }
    }
    const std::vector<std::uint8_t> zeros(std::size_t(n), 0);
    tracks->m_endColors = endColors.empty() ? zeros : std::move(endColors);
    tracks->m_startColors = startColors.empty() ? zeros : std::move(startColors);
    return tracks;
}

ParticleTracks::Bracket ParticleTracks::bracket(double t) const {
    Bracket b;
    const int last = frameCount() - 1;
    if (last <= 0 || t <= m_times.front()) return b;
    if (t >= m_times.back()) {
        b.i0 = b.i1 = last;
        return b;
    }
    const auto it = std::upper_bound(m_times.begin(), m_times.end(), t);
    b.i1 = int(it - m_times.begin());
    b.i0 = b.i1 - 1;
    const double span = m_times[std::size_t(b.i1)] - m_times[std::size_t(b.i0)];
    b.w = span > 0.0 ? float((t - m_times[std::size_t(b.i0)]) / span) : 0.0f;
    return b;
}

void ParticleTracks::positionsAt(double t, std::vector<float>& out) const {
    const Bracket b = bracket(t);
    const std::size_t count = 2 * std::size_t(m_particles);
    out.resize(count);
    const float* a = frame(b.i0);
    const float* c = frame(b.i1);
    const float w = b.w, v = 1.0f - b.w;
    for (std::size_t k = 0; k < count; ++k) out[k] = v * a[k] + w * c[k];
}

}  // namespace flowlab::ui
