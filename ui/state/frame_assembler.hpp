#pragma once

#include <QSize>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "state/explorer_settings.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// Holds what the workers produced for the current scene (tracks, field frames at fixed times,
/// the pinned fan) plus the view settings, and assembles the FrameData of any time t: it picks
/// and blends the two cached field frames around t, places the bridge points, and fills in the
/// words. Cheap per frame (no field evaluation), so the animation can call it every frame.
class FrameAssembler {
public:
    /// Field frames are kept at t = i / kFieldIntervals, i = 0 … kFieldIntervals.
    static constexpr int kFieldIntervals = 100;
    static constexpr int kBridgePairs = 5;
    static constexpr int kBridgeSamples = 12;

    FrameAssembler();

    void setTheme(std::shared_ptr<const Theme> theme) { m_theme = std::move(theme); }
    void setView(const ViewSettings& view) { m_view = view; }
    const ViewSettings& view() const { return m_view; }

    /// The particle set and which way its trails point (to lower t when generating).
    void setTracks(std::shared_ptr<const ParticleTracks> tracks, bool trailsTowardLowerT);
    const std::shared_ptr<const ParticleTracks>& tracks() const { return m_tracks; }

    /// Drops every field frame (a new scene: old frames would show the wrong densities).
    void clearFieldFrames();
    /// Starts a new generation of field frames but keeps showing the old ones until each is
    /// replaced (a moved camera or an updated learned field: old frames are still close).
    void setFieldGeneration(std::uint64_t generation) { m_fieldGeneration = generation; }
    std::uint64_t fieldGeneration() const { return m_fieldGeneration; }
    /// Stores a frame of the current generation at its time (rounded to the nearest slot);
    /// frames of other generations are ignored. Returns whether it was stored.
    bool addFieldFrame(std::shared_ptr<const FieldFrame> frame, std::uint64_t generation);
    /// Frames of the current generation.
    int fieldFrameCount() const;
    /// True when the slot nearest to t holds a frame of the current generation.
    bool hasCurrentFieldFrame(double t) const;
    /// The times without a frame of the current generation, nearest to `t` first, looking ahead
    /// in `direction` (+1 or −1) before behind.
    std::vector<double> missingFieldTimes(double t, int direction) const;
    static double fieldTime(int slot) { return double(slot) / kFieldIntervals; }

    /// Bridges between kBridgePairs seeded pairs (x0, x1) drawn from base and target.
    void setBridges(const core::Interpolant& interpolant, const core::GaussianMixture& base,
                    const core::GaussianMixture& target, std::uint64_t seed);
    void clearBridges();

    void setFan(std::shared_ptr<const FanDrawing> fan) { m_fan = std::move(fan); }
    const std::shared_ptr<const FanDrawing>& fan() const { return m_fan; }

    void setText(const FrameText& text) { m_text = text; }
    FrameText& text() { return m_text; }

    /// The settings changed and their result is being computed: until releaseHeld(), frames keep
    /// showing what they showed — the particles, field layers and fan, and the words that describe
    /// them (only the notice is current) — marked stale, so no new caption sits over old particles.
    /// Does nothing when nothing is shown yet; a second hold keeps the first one's words.
    void holdPrevious();
    /// New particles arrived: frames show the current words again, not marked stale.
    void releaseHeld() { m_held = false; }
    bool isHolding() const { return m_held; }

    /// The frame at time t.
    FrameData frameAt(double t) const;

private:
    struct BridgePair {
        core::Vector x0, x1;
        std::vector<core::Vector> z;
        BridgeDrawing path;  // mean and γ over s ∈ [0, 1]
    };

    std::shared_ptr<const Theme> m_theme;
    ViewSettings m_view;
    std::shared_ptr<const ParticleTracks> m_tracks;
    bool m_trailsTowardLowerT = true;
    std::vector<std::shared_ptr<const FieldFrame>> m_fieldFrames;  // one slot per fieldTime
    std::vector<std::uint64_t> m_slotGeneration;                  // generation of each slot's frame
    std::uint64_t m_fieldGeneration = 0;
    std::optional<core::Interpolant> m_bridgeInterpolant;
    std::vector<BridgePair> m_bridges;
    std::shared_ptr<const FanDrawing> m_fan;
    FrameText m_text;
    bool m_held = false;
    FrameText m_heldText;  // the words of the picture kept while holding
};

}  // namespace flowlab::ui
