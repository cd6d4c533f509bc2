#include "state/compare_layout.hpp"

#include <algorithm>
#include <cmath>

#include "formula/method_formulas.hpp"
#include "sampler/score_sde_samplers.hpp"
#include "view/particle_tracks.hpp"

namespace flowlab::ui {
namespace {

const std::pair<ComparePreset, const char*> kPresetNames[] = {
    {ComparePreset::OdeVsSde, "ode-vs-sde"},
    {ComparePreset::FlowMatchingVsVp, "fm-vs-vp"},
    {ComparePreset::Interpolants, "interpolants"},
    {ComparePreset::Epsilons, "epsilons"},
    {ComparePreset::ScoreSdeSamplers, "score-sde"},
    {ComparePreset::Steps, "steps"},
    {ComparePreset::Guidance, "guidance"},
    {ComparePreset::ExactVsLearned, "exact-vs-learned"},
};

/// `shared` with every field of the method reset to what the presets start from: the exact
/// field, the ODE (Heun), a constant ε of the default size, no corrector. A preset then sets what
/// it compares, so what the user chose before (a γ, a solver, the learned field, a corrector)
/// cannot leak into a panel and make it invalid or different from its label.
SceneSettings presetBase(const SceneSettings& shared) {
    const SceneSettings defaults;
    SceneSettings s = shared;
    s.fieldMode = FieldMode::Exact;
    s.solver = core::SolverKind::Heun;
    s.epsilonKind = core::EpsilonKind::Constant;
    s.epsilon = defaults.epsilon;
    s.epsilonTaper = defaults.epsilonTaper;
    s.langevinSteps = 0;
    s.snr = defaults.snr;
    return s;
}

/// The interpolant `family` with every other interpolant option (γ and its a, σ_min, β, σ) at
/// its default.
core::InterpolantOptions familyOnly(core::InterpolantFamily family) {
    core::InterpolantOptions o;
    o.family = family;
    return o;
}

ComparePanel odePanel(const SceneSettings& shared, const QString& label) {
    ComparePanel p{label, presetBase(shared), nullptr};
    p.scene.solver = core::SolverKind::Heun;
    return p;
}

ComparePanel sdePanel(const SceneSettings& shared, double epsilon) {
    ComparePanel p{QStringLiteral("SDE, ε = %1 (stochastic Heun)").arg(epsilon), presetBase(shared), nullptr};
    p.scene.solver = core::SolverKind::StochasticHeun;
    p.scene.epsilon = epsilon;
    // Pixel-space data are point masses at t = 1: ε must vanish there (ε/σ² would blow up).
    if (shared.isImages()) {
        p.scene.epsilonKind = core::EpsilonKind::Taper;
        p.label = QStringLiteral("SDE, ε = %1 tapered (stochastic Heun)").arg(epsilon);
    }
    return p;
}

/// The SDE of "ODE vs SDE": the sampler's ε schedule when it fits the interpolant (a matched
/// ε(t) of VP, say), else a constant ε of the sampler's size.
ComparePanel sampleSdePanel(const SceneSettings& shared) {
    ComparePanel p = sdePanel(shared, shared.epsilon);
    auto interp = core::Interpolant::create(shared.interpolant);
    if (interp && shared.epsilonSchedule().validate(*interp).empty() && (!shared.isImages() || shared.epsilonKind != core::EpsilonKind::Constant)) {
        p.scene.epsilonKind = shared.epsilonKind;
        p.scene.epsilonTaper = shared.epsilonTaper;
        if (shared.epsilonKind == core::EpsilonKind::Matched)
            p.label = QStringLiteral("SDE, matched ε(t) (stochastic Heun)");
        else if (shared.epsilonKind == core::EpsilonKind::Taper)
            p.label = QStringLiteral("SDE, ε = %1 tapered (stochastic Heun)").arg(shared.epsilon);
    }
    return p;
}

}  // namespace

bool isImagePreset(ComparePreset preset) {
    return preset == ComparePreset::Steps || preset == ComparePreset::Guidance || preset == ComparePreset::ExactVsLearned;
}

std::string toString(ComparePreset preset) {
    for (const auto& [p, name] : kPresetNames)
        if (p == preset) return name;
    return {};
}

core::Result<ComparePreset> parseComparePreset(const std::string& name) {
    for (const auto& [p, n] : kPresetNames)
        if (name == n) return p;
    return core::Error{"unknown comparison '" + name + "' (use ode-vs-sde, fm-vs-vp, interpolants, epsilons, score-sde, steps, guidance or exact-vs-learned)"};
}

std::vector<ComparePanel> comparePanels(ComparePreset preset, const SceneSettings& shared) {
    std::vector<ComparePanel> panels;
    switch (preset) {
    case ComparePreset::OdeVsSde:
        panels.push_back(odePanel(shared, QStringLiteral("probability-flow ODE (Heun)")));
        panels.push_back(sampleSdePanel(shared));
        break;
    case ComparePreset::FlowMatchingVsVp: {
        ComparePanel fm = odePanel(shared, QStringLiteral("flow matching (OT path), ODE"));
        fm.scene.interpolant = familyOnly(core::InterpolantFamily::FmOt);
        ComparePanel vp = odePanel(shared, QStringLiteral("VP diffusion, probability-flow ODE"));
        vp.scene.interpolant = familyOnly(core::InterpolantFamily::Vp);
        panels = {fm, vp};
        break;
    }
    case ComparePreset::Interpolants: {
        const std::pair<core::InterpolantFamily, const char*> families[] = {
            {core::InterpolantFamily::Linear, "linear interpolant, ODE"},
            {core::InterpolantFamily::Trig, "trigonometric interpolant, ODE"},
            {core::InterpolantFamily::EncDec, "encoder–decoder interpolant, ODE"},
        };
        for (const auto& [family, label] : families) {
            ComparePanel p = odePanel(shared, QString::fromUtf8(label));
            p.scene.interpolant = familyOnly(family);
            panels.push_back(p);
        }
        break;
    }
    case ComparePreset::Epsilons:
        for (double eps : {0.0, 0.5, 2.0, 8.0}) panels.push_back(sdePanel(shared, eps));
        break;
    case ComparePreset::ScoreSdeSamplers: {
        // The score-SDE paper's samplers on its VP diffusion, against the ODE they all approach.
        const std::pair<core::SolverKind, const char*> solvers[] = {
            {core::SolverKind::Ddpm, "DDPM ancestral sampling"},
            {core::SolverKind::Ddim, "DDIM (deterministic)"},
            {core::SolverKind::ReverseDiffusion, "reverse-diffusion predictor"},
            {core::SolverKind::Heun, "probability-flow ODE (Heun)"},
        };
        for (const auto& [solver, label] : solvers) {
            ComparePanel p = odePanel(shared, QString::fromUtf8(label));
            p.scene.interpolant = familyOnly(core::InterpolantFamily::Vp);
            p.scene.solver = solver;
            panels.push_back(p);
        }
        break;
    }
    case ComparePreset::Steps:
        for (int steps : {10, 100}) {
            ComparePanel p = odePanel(shared, QStringLiteral("ODE (Heun), %1 steps").arg(steps));
            p.scene.steps = steps;
            panels.push_back(p);
        }
        break;
    case ComparePreset::Guidance:
        for (double w : {0.0, 1.0, 3.0}) {
            ComparePanel p = odePanel(shared, QStringLiteral("guidance w = %1").arg(w));
            p.scene.classLabel = std::max(0, shared.classLabel);  // guidance needs a class
            p.scene.guidance = w;
            panels.push_back(p);
        }
        break;
    case ComparePreset::ExactVsLearned: {
        ComparePanel exact = odePanel(shared, QStringLiteral("exact field (memorises)"));
        ComparePanel learned = odePanel(shared, QStringLiteral("learned field"));
        learned.scene.fieldMode = FieldMode::Learned;
        panels = {exact, learned};
        break;
    }
    }
    return panels;
}

core::Result<CompareScene> CompareScene::create(const std::vector<ComparePanel>& panels, const ViewSettings& view,
                                                const OffscreenScene::Options& options) {
    if (panels.empty() || panels.size() > 4) return core::Error{"a comparison has 1 to 4 panels"};
    CompareScene c;
    for (const ComparePanel& p : panels) {
        if (std::string e = p.scene.validate(); !e.empty())
            return core::Error{p.label.toStdString() + ": " + e};
        ExplorerSettings s;
        s.scene = p.scene;
        s.view = view;
        OffscreenScene::Options o = options;
        if (p.field) o.field = p.field;
        // A learned panel without a network would silently show the exact field.
        if (p.scene.fieldMode == FieldMode::Learned && !o.field && !p.scene.isImages())
            return core::Error{p.label.toStdString() + ": the learned field has no trained network (train it, or use the exact field)"};
        auto scene = OffscreenScene::create(s, o);
        if (!scene) return core::Error{p.label.toStdString() + ": " + scene.message()};
        c.m_scenes.push_back(*scene);
        c.m_panels.push_back(p);
    }
    return c;
}

std::vector<FrameData> CompareScene::framesAt(double t) const {
    std::vector<FrameData> frames;
    for (const auto& s : m_scenes) frames.push_back(s->frameAt(t));
    return frames;
}

core::Result<std::vector<double>> CompareScene::marginalAgreement(double t, int threads) const {
    std::vector<std::shared_ptr<const ParticleTracks>> tracks;
    for (const auto& s : m_scenes) tracks.push_back(s->simulation().tracks);
    // Every particle: the offscreen comparison is not interactive.
    MarginalAgreement a = ui::marginalAgreement(tracks, t, SceneSettings::kMaxParticles, threads);
    for (double d : a.distance)
        if (std::isnan(d)) return core::Error{"a panel has no particles to compare"};
    return a.distance;
}

void copyMethod(const SceneSettings& from, SceneSettings& to) {
    to.method() = from.method();
    if (from.isImages() && to.isImages()) {
        to.steps = from.steps;
        to.classLabel = from.classLabel;
        to.guidance = from.guidance;
    }
}

SceneSettings withMethod(const SceneSettings& shared, const SceneSettings& method) {
    SceneSettings s = shared;
    copyMethod(method, s);
    return s;
}

QString methodLabel(const SceneSettings& scene) {
    const QString family = QString::fromStdString(core::interpolantFormulas(scene.interpolant).family);
    const core::SamplerOptions so = scene.samplerOptions();
    QString dynamics = QStringLiteral("ODE");
    if (core::isScoreSdeSampler(so.solver))
        dynamics = QString::fromStdString(core::toString(so.solver));
    else if (so.isSde())
        dynamics = scene.epsilonKind == core::EpsilonKind::Matched
                       ? QStringLiteral("SDE, matched ε(t)")
                       : QStringLiteral("SDE, ε = %1").arg(scene.epsilon, 0, 'g', 3);
    const QString field = scene.fieldMode == FieldMode::Learned ? QStringLiteral(" · learned") : QString();
    return QStringLiteral("%1 · %2%3").arg(family, dynamics, field);
}

bool sameMethod(const SceneSettings& a, const SceneSettings& b) {
    if (a.method() != b.method()) return false;
    return !(a.isImages() && b.isImages()) ||
           (a.steps == b.steps && a.classLabel == b.classLabel && a.guidance == b.guidance);
}

MarginalAgreement marginalAgreement(const std::vector<std::shared_ptr<const ParticleTracks>>& tracks, double t,
                                    int maxPoints, int threads) {
    // Positions at t of the particles core::marginalAgreement looks at: the first 2·maxPoints of
    // panel 0 (for its noise floor), the first maxPoints of the others.
    const int n = std::max(2, maxPoints);
    const auto positions = [t](const ParticleTracks& tr, int count) {
        std::vector<float> xy;
        tr.positionsAt(t, xy);
        count = std::max(0, std::min(count, tr.particleCount()));
        core::Points p(Eigen::Index(count), 2);
        for (int i = 0; i < count; ++i) {
            p(i, 0) = xy[std::size_t(2 * i)];
            p(i, 1) = xy[std::size_t(2 * i + 1)];
        }
        return p;
    };
    std::vector<core::Points> clouds(tracks.size());
    std::vector<const core::Points*> pointers(tracks.size(), nullptr);
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        if (!tracks[i]) continue;
        clouds[i] = positions(*tracks[i], i == 0 ? 2 * n : n);
        pointers[i] = &clouds[i];
    }
    return core::marginalAgreement(pointers, n, threads);
}

}  // namespace flowlab::ui
