#pragma once

#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "metrics/marginal_agreement.hpp"
#include "state/explorer_settings.hpp"
#include "state/offscreen_scene.hpp"
#include "view/particle_tracks.hpp"

namespace flowlab::ui {

/// One panel of a comparison: its own method settings and a label in words.
struct ComparePanel {
    QString label;        ///< e.g. "SDE, ε = 0.5 (stochastic Heun)"
    SceneSettings scene;  ///< densities, seed, particles, steps and direction shared with the others
    /// The field this panel's particles and arrows follow when scene.fieldMode is Learned (a
    /// loaded model); null means the exact field.
    std::shared_ptr<const core::FieldSource> field;
};

/// The one-click comparisons.
enum class ComparePreset {
    OdeVsSde,          ///< "ODE vs SDE (same marginals)": 2 panels
    FlowMatchingVsVp,  ///< "flow matching vs VP diffusion": 2 panels
    Interpolants,      ///< "linear vs trig vs encoder–decoder": 3 panels (a 2×2 layout with one empty)
    Epsilons,          ///< "ε = 0, 0.5, 2, 8": 4 panels
    ScoreSdeSamplers,  ///< "DDPM vs DDIM vs reverse diffusion vs probability-flow ODE" on VP: 4 panels
    Steps,             ///< "10 vs 100 steps": 2 panels (image scenes: steps are a panel's own)
    Guidance,          ///< "w = 0, 1, 3": 3 panels of classifier-free guidance (image scenes)
    ExactVsLearned,    ///< "exact vs learned field": 2 panels (image scenes: the scene's U-Net)
};

/// True for the presets that compare what only an image scene varies per panel (steps, guidance,
/// exact vs the scene's U-Net).
bool isImagePreset(ComparePreset preset);

/// "ode-vs-sde", "fm-vs-vp", "interpolants", "epsilons", "score-sde", "steps", "guidance",
/// "exact-vs-learned".
std::string toString(ComparePreset preset);
core::Result<ComparePreset> parseComparePreset(const std::string& name);

/// The panels of a preset. Every panel copies from `shared` what must be common (densities,
/// seed — hence the same random numbers —, particle count, steps, direction) and sets its whole
/// method (see copyMethod): the exact field, the solver, the ε schedule, no corrector, and — for
/// the presets that compare interpolants — the family with every other interpolant option at its
/// default (no γ left over from before). "ODE vs SDE" and the ε presets keep the interpolant of
/// `shared`. So a preset gives the same panels whatever method was chosen before.
std::vector<ComparePanel> comparePanels(ComparePreset preset, const SceneSettings& shared);

/// Copies the method of a comparison panel — interpolant and γ, field source, solver, ε schedule,
/// Langevin corrector; in an image scene also the steps, the class and the guidance w — from
/// `from` into `to`. Everything else of SceneSettings (densities, seed,
/// particles, steps, direction) is what the panels share, and stays as `to` has it.
void copyMethod(const SceneSettings& from, SceneSettings& to);

/// `shared` with the method of `method` (see copyMethod).
SceneSettings withMethod(const SceneSettings& shared, const SceneSettings& method);

/// A panel label in words for a method: "linear interpolant · SDE, ε = 0.5" (used once the user
/// edits a preset panel's method, when the preset's own label no longer fits).
QString methodLabel(const SceneSettings& scene);

/// True when a and b have the same method (see copyMethod).
bool sameMethod(const SceneSettings& a, const SceneSettings& b);

/// What the marginal-agreement readout shows at one t (the statistic lives in core/metrics).
using MarginalAgreement = core::MarginalAgreement;

/// core::marginalAgreement of the particle sets `tracks` at t, from the first `maxPoints`
/// particles of each. Null tracks count as "not yet simulated".
MarginalAgreement marginalAgreement(const std::vector<std::shared_ptr<const ParticleTracks>>& tracks, double t,
                                    int maxPoints = 1000, int threads = 1);

/// Panels computed offscreen on one clock: every panel's frame and particle cloud at the same t.
class CompareScene {
public:
    /// Simulates every panel (same view and size for all). An error names the panel.
    static core::Result<CompareScene> create(const std::vector<ComparePanel>& panels, const ViewSettings& view,
                                             const OffscreenScene::Options& options);

    int panelCount() const { return int(m_scenes.size()); }
    const ComparePanel& panel(int i) const { return m_panels[std::size_t(i)]; }
    /// The frame of every panel at the one time t (the shared clock).
    std::vector<FrameData> framesAt(double t) const;
    /// Marginal agreement at t: the energy distance between panel 0's particle cloud and each
    /// other panel's (entry 0 is 0). Near 0 when the panels carry the same marginals.
    core::Result<std::vector<double>> marginalAgreement(double t, int threads = 0) const;

private:
    std::vector<ComparePanel> m_panels;
    std::vector<std::shared_ptr<OffscreenScene>> m_scenes;
};

}  // namespace flowlab::ui
