#include "state/compare_layout.hpp"

#include "metrics/sample_distance.hpp"
#include "view/particle_tracks.hpp"

namespace flowlab::ui {
namespace {

const std::pair<ComparePreset, const char*> kPresetNames[] = {
    {ComparePreset::OdeVsSde, "ode-vs-sde"},
    {ComparePreset::FlowMatchingVsVp, "fm-vs-vp"},
    {ComparePreset::Interpolants, "interpolants"},
    {ComparePreset::Epsilons, "epsilons"},
};

ComparePanel odePanel(const SceneSettings& shared, const QString& label) {
    ComparePanel p{label, shared};
    p.scene.solver = core::SolverKind::Heun;
    return p;
}

ComparePanel sdePanel(const SceneSettings& shared, double epsilon) {
    ComparePanel p{QStringLiteral("SDE, ε = %1 (stochastic Heun)").arg(epsilon), shared};
    p.scene.solver = core::SolverKind::StochasticHeun;
    p.scene.epsilon = epsilon;
    return p;
}

}  // namespace

std::string toString(ComparePreset preset) {
    for (const auto& [p, name] : kPresetNames)
        if (p == preset) return name;
    return {};
}

core::Result<ComparePreset> parseComparePreset(const std::string& name) {
    for (const auto& [p, n] : kPresetNames)
        if (name == n) return p;
    return core::Error{"unknown comparison '" + name + "' (use ode-vs-sde, fm-vs-vp, interpolants or epsilons)"};
}

std::vector<ComparePanel> comparePanels(ComparePreset preset, const SceneSettings& shared) {
    std::vector<ComparePanel> panels;
    switch (preset) {
    case ComparePreset::OdeVsSde:
        panels.push_back(odePanel(shared, QStringLiteral("probability-flow ODE (Heun)")));
        panels.push_back(sdePanel(shared, shared.epsilon));
        break;
    case ComparePreset::FlowMatchingVsVp: {
        ComparePanel fm = odePanel(shared, QStringLiteral("flow matching (OT path), ODE"));
        fm.scene.interpolant.family = core::InterpolantFamily::FmOt;
        ComparePanel vp = odePanel(shared, QStringLiteral("VP diffusion, probability-flow ODE"));
        vp.scene.interpolant.family = core::InterpolantFamily::Vp;
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
            p.scene.interpolant.family = family;
            panels.push_back(p);
        }
        break;
    }
    case ComparePreset::Epsilons:
        for (double eps : {0.0, 0.5, 2.0, 8.0}) panels.push_back(sdePanel(shared, eps));
        break;
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
    const auto cloud = [t](const OffscreenScene& s) {
        std::vector<float> xy;
        s.simulation().tracks->positionsAt(t, xy);
        core::Points p(Eigen::Index(xy.size() / 2), 2);
        for (Eigen::Index i = 0; i < p.rows(); ++i) {
            p(i, 0) = xy[std::size_t(2 * i)];
            p(i, 1) = xy[std::size_t(2 * i + 1)];
        }
        return p;
    };
    std::vector<double> out(m_scenes.size(), 0.0);
    if (m_scenes.empty()) return out;
    const core::Points reference = cloud(*m_scenes.front());
    core::DistanceOptions o;
    o.threads = threads;
    for (std::size_t i = 1; i < m_scenes.size(); ++i) {
        auto d = core::energyDistance(reference, cloud(*m_scenes[i]), o);
        if (!d) return d.error();
        out[i] = *d;
    }
    return out;
}

}  // namespace flowlab::ui
