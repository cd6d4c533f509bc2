#include "state/frame_assembler.hpp"

#include <algorithm>
#include <cmath>

#include "interpolant/bridge.hpp"
#include "scene/scene_seeds.hpp"

namespace flowlab::ui {
namespace {

/// How far (in slots) a cached frame may be from t and still stand in for a missing one.
constexpr int kNearestFrameReach = 6;

}  // namespace

FrameAssembler::FrameAssembler() : m_theme(std::make_shared<const Theme>(Theme::dark())) {
    m_fieldFrames.resize(kFieldIntervals + 1);
    m_slotGeneration.assign(kFieldIntervals + 1, 0);
}

void FrameAssembler::setTracks(std::shared_ptr<const ParticleTracks> tracks, bool trailsTowardLowerT) {
    m_tracks = std::move(tracks);
    m_trailsTowardLowerT = trailsTowardLowerT;
}

void FrameAssembler::holdPrevious() {
    if (m_held || !m_tracks) return;
    m_held = true;
    m_heldText = m_text;
}

void FrameAssembler::clearFieldFrames() { std::fill(m_fieldFrames.begin(), m_fieldFrames.end(), nullptr); }

bool FrameAssembler::addFieldFrame(std::shared_ptr<const FieldFrame> frame, std::uint64_t generation) {
    if (!frame || generation != m_fieldGeneration) return false;
    const int slot = int(std::lround(std::clamp(frame->t, 0.0, 1.0) * kFieldIntervals));
    m_fieldFrames[std::size_t(slot)] = std::move(frame);
    m_slotGeneration[std::size_t(slot)] = generation;
    return true;
}

int FrameAssembler::fieldFrameCount() const {
    int n = 0;
    for (std::size_t i = 0; i < m_fieldFrames.size(); ++i)
        if (m_fieldFrames[i] && m_slotGeneration[i] == m_fieldGeneration) ++n;
    return n;
}

bool FrameAssembler::hasCurrentFieldFrame(double t) const {
    const auto slot = std::size_t(std::lround(std::clamp(t, 0.0, 1.0) * kFieldIntervals));
    return m_fieldFrames[slot] && m_slotGeneration[slot] == m_fieldGeneration;
}

std::vector<double> FrameAssembler::missingFieldTimes(double t, int direction) const {
    std::vector<std::pair<double, int>> order;
    const double pos = std::clamp(t, 0.0, 1.0) * kFieldIntervals;
    for (int i = 0; i <= kFieldIntervals; ++i) {
        if (m_fieldFrames[std::size_t(i)] && m_slotGeneration[std::size_t(i)] == m_fieldGeneration) continue;
        double d = (i - pos) * (direction >= 0 ? 1.0 : -1.0);
        // Ahead of the playhead counts as near; behind it as a little further away.
        d = d >= -1.0 ? std::abs(d) : 2.0 * std::abs(d);
        order.emplace_back(d, i);
    }
    std::sort(order.begin(), order.end());
    std::vector<double> times;
    times.reserve(order.size());
    for (const auto& [d, i] : order) times.push_back(fieldTime(i));
    return times;
}

void FrameAssembler::setBridges(const core::Interpolant& interpolant, const core::GaussianMixture& base,
                                const core::GaussianMixture& target, std::uint64_t seed) {
    m_bridges.clear();
    m_bridgeInterpolant = interpolant;
    if (base.dim() != 2 || target.dim() != 2) return;
    core::Rng rng(core::SceneSeeds::bridges(seed));
    const core::Points x0 = base.sample(kBridgePairs, rng);
    const core::Points x1 = target.sample(kBridgePairs, rng);
    for (int k = 0; k < kBridgePairs; ++k) {
        BridgePair b;
        b.x0 = x0.row(k).transpose();
        b.x1 = x1.row(k).transpose();
        for (int j = 0; j < kBridgeSamples; ++j) b.z.push_back(rng.normal(2, 1).col(0));
        const core::BridgePath path = core::bridgePath(interpolant, b.x0, b.x1, 121);
        for (Eigen::Index i = 0; i < path.mean.rows(); ++i) {
            b.path.mean.emplace_back(path.mean(i, 0), path.mean(i, 1));
            b.path.gamma.push_back(float(path.gamma[std::size_t(i)]));
        }
        b.path.x0 = QPointF(b.x0[0], b.x0[1]);
        b.path.x1 = QPointF(b.x1[0], b.x1[1]);
        m_bridges.push_back(std::move(b));
    }
}

void FrameAssembler::clearBridges() {
    m_bridges.clear();
    m_bridgeInterpolant.reset();
}

FrameData FrameAssembler::frameAt(double t) const {
    FrameData f;
    f.camera = m_view.camera;
    f.theme = m_theme;
    f.layers = m_view.layers;
    f.t = t;
    f.tracks = m_tracks;
    f.colorMode = m_view.colorMode;
    f.trailSteps = m_view.trailSteps;
    f.trailsTowardLowerT = m_trailsTowardLowerT;
    f.trajectoryCount = m_view.trajectoryCount;
    f.particleSize = m_view.particleSize;
    f.textScale = m_view.textScale;
    f.fan = m_fan;
    f.text = m_text;
    if (m_held) {
        f.text = m_heldText;
        f.text.notice = m_text.notice;
        f.text.noticeIsError = m_text.noticeIsError;
        f.stale = true;
    }

    // Field layers: blend the two slots around t, or fall back to the nearest cached slot.
    const double pos = std::clamp(t, 0.0, 1.0) * kFieldIntervals;
    const int i0 = std::min(kFieldIntervals, int(std::floor(pos)));
    const int i1 = std::min(kFieldIntervals, i0 + 1);
    const float w = float(pos - i0);
    const auto& a = m_fieldFrames[std::size_t(i0)];
    const auto& b = m_fieldFrames[std::size_t(i1)];
    std::shared_ptr<const FieldFrame> nearest;
    if (a && b) {
        if (!a->logDensity.empty()) f.heatmap = std::make_shared<const ScalarGrid>(blendGrids(a->logDensity, b->logDensity, w));
        if (!a->vectors.empty()) f.arrows = std::make_shared<const VectorGrid>(blendGrids(a->vectors, b->vectors, w));
        nearest = w < 0.5f ? a : b;
    } else {
        const int centre = int(std::lround(pos));
        for (int d = 0; d <= kNearestFrameReach && !nearest; ++d) {
            for (int s : {centre - d, centre + d}) {
                if (s >= 0 && s <= kFieldIntervals && m_fieldFrames[std::size_t(s)]) {
                    nearest = m_fieldFrames[std::size_t(s)];
                    break;
                }
            }
        }
        if (nearest) {
            if (!nearest->logDensity.empty()) f.heatmap = std::shared_ptr<const ScalarGrid>(nearest, &nearest->logDensity);
            if (!nearest->vectors.empty()) f.arrows = std::shared_ptr<const VectorGrid>(nearest, &nearest->vectors);
        }
    }
    if (nearest && !nearest->streamlines.lines.empty())
        f.streamlines = std::shared_ptr<const StreamlineSet>(nearest, &nearest->streamlines);

    if (m_view.layers.bridge && m_bridgeInterpolant) {
        const double tc = std::clamp(t, 0.0, 1.0);
        const core::Vector zero = core::Vector::Zero(2);
        for (const BridgePair& b : m_bridges) {
            BridgeDrawing d = b.path;
            const core::Vector m = core::bridgePoint(*m_bridgeInterpolant, b.x0, b.x1, zero, tc);
            d.current = QPointF(m[0], m[1]);
            d.currentGamma = float(m_bridgeInterpolant->coeffs(tc).gamma);
            for (const auto& z : b.z) {
                const core::Vector x = core::bridgePoint(*m_bridgeInterpolant, b.x0, b.x1, z, tc);
                d.samples.emplace_back(x[0], x[1]);
            }
            f.bridges.push_back(std::move(d));
        }
    }
    return f;
}

}  // namespace flowlab::ui
