#include "panel_spec.hpp"

#include "sampler_args.hpp"

namespace flowlab::cli {
namespace {

using core::Error;

/// The keys a panel spec accepts, as options of a little command line of its own (so that the
/// command's parsers read them: same names, ranges and messages).
const std::vector<OptionSpec>& panelKeys() {
    static const std::vector<OptionSpec> keys = {
        {"interpolant", "NAME", "linear, trig, encdec, fm-ot, vp, subvp, ve"},
        {"gamma", "NAME", "γ(t) of linear/trig: zero, brownian, a-brownian, bsquared, sinesquared"},
        {"gamma-a", "A", "a of a-brownian"},
        {"sigma-min", "X", "σ_min of fm-ot"},
        {"vp-beta-min", "B", "β_min of vp/subvp"},
        {"vp-beta-max", "B", "β_max of vp/subvp"},
        {"ve-sigma-min", "S", "σ_min of ve"},
        {"ve-sigma-max", "S", "σ_max of ve"},
        {"field", "exact|learned", "the exact mixture field, or the learned model (model=FILE or the command's --model)"},
        {"model", "FILE", "this panel's learned model (implies field=learned)"},
        {"score-model", "FILE", "a learned model for s beside model=FILE"},
        {"sampler", "ode|sde", "probability-flow ODE (heun) or SDE (sde-heun)"},
        {"solver", "NAME", "euler, heun, midpoint, rk4 (ODE); em, sde-heun (SDE)"},
        {"eps", "E", "diffusion ε of the SDE"},
        {"eps-schedule", "KIND", "constant, taper or matched"},
        {"eps-taper", "D", "width δ of the taper schedule"},
        {"langevin", "K", "Langevin corrector steps"},
        {"snr", "R", "corrector signal-to-noise ratio"},
        {"label", "TEXT", "the caption of the panel (default: its method in words)"},
    };
    return keys;
}

/// "a=1,b=2" → {"--a", "1", "--b", "2"}; an error for a pair without '=' or with an empty key.
core::Result<std::vector<std::string>> tokensOf(const std::string& spec) {
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t comma = std::min(spec.find(',', start), spec.size());
        const std::string pair = spec.substr(start, comma - start);
        start = comma + 1;
        if (pair.empty()) {
            if (comma == spec.size() && !tokens.empty()) break;  // a trailing comma
            return Error{"empty entry in '" + spec + "' (expected key=value,key=value)"};
        }
        const std::size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error{"'" + pair + "' is not key=value (keys: interpolant, gamma, field, sampler, solver, eps, …)"};
        tokens.push_back("--" + pair.substr(0, eq));
        tokens.push_back(pair.substr(eq + 1));
    }
    return tokens;
}

/// Option messages say "--eps"; in a panel spec the key is "eps".
std::string asKeyMessage(std::string message) {
    for (std::size_t at = message.find("--"); at != std::string::npos; at = message.find("--", at)) message.erase(at, 2);
    for (std::size_t at = message.find("option '"); at != std::string::npos; at = message.find("option '", at))
        message.replace(at, 7, "key "), at += 4;
    return message;
}

}  // namespace

std::string panelSpecHelp() {
    std::string s;
    for (const auto& k : panelKeys()) s += "  " + k.name + "=" + k.valueName + ": " + k.help + "\n";
    return s;
}

QString describePanel(const ui::SceneSettings& scene) {
    const core::SamplerOptions o = scene.samplerOptions();
    QString s = QString::fromStdString(core::toString(scene.interpolant.family));
    if (scene.interpolant.gamma != core::GammaKind::Zero)
        s += QStringLiteral(" + γ ") + QString::fromStdString(core::toString(scene.interpolant.gamma));
    if (scene.fieldMode == ui::FieldMode::Learned) s += QStringLiteral(", learned");
    if (o.isSde())
        s += scene.epsilonKind == core::EpsilonKind::Matched
                 ? QStringLiteral(", SDE matched ε")
                 : QStringLiteral(", SDE ε = %1").arg(scene.epsilon);
    else
        s += QStringLiteral(", ODE");
    return s + QStringLiteral(" (%1)").arg(QString::fromStdString(core::toString(scene.solver)));
}

core::Status attachLearnedField(ui::ComparePanel& panel, const SceneSetup& setup, const Args& modelArgs) {
    panel.field = nullptr;
    if (panel.scene.fieldMode != ui::FieldMode::Learned) return {};
    SceneSetup own = setup;
    own.method.interpolant = panel.scene.interpolant;
    const unsigned needed = panel.scene.samplerOptions().requiredFields() | core::kVelocity;
    auto field = makeFieldSource(own, modelArgs, needed);
    if (!field) return Error{field.message()};
    panel.field = std::shared_ptr<const core::FieldSource>(std::move(*field));
    return {};
}

core::Result<ui::ComparePanel> parsePanelSpec(const std::string& spec, const ui::SceneSettings& shared,
                                              const SceneSetup& setup, const Args& commandArgs) {
    auto tokens = tokensOf(spec);
    if (!tokens) return tokens.error();
    auto parsed = Args::parse(*tokens, panelKeys());
    if (!parsed) return Error{asKeyMessage(parsed.message())};
    const Args& a = *parsed;

    ui::ComparePanel panel{QString(), shared, nullptr};
    ui::SceneSettings& s = panel.scene;
    if (core::Status st = parseInterpolantArgs(a, s.interpolant); !st) return Error{asKeyMessage(st.message())};

    if (a.has("sampler") && a.has("solver")) return Error{"give sampler or solver, not both"};
    core::SamplerOptions o = s.samplerOptions();
    if (auto sampler = a.value("sampler")) {
        if (*sampler == "ode")
            o.solver = core::SolverKind::Heun;
        else if (*sampler == "sde")
            o.solver = core::SolverKind::StochasticHeun;
        else
            return Error{"sampler: expected ode or sde (got '" + *sampler + "')"};
    }
    // ε alone asks for the SDE (the ODE has none).
    if ((a.has("eps") || a.has("eps-schedule")) && !a.has("sampler") && !a.has("solver") && !o.isSde())
        o.solver = core::SolverKind::StochasticHeun;
    if (core::Status st = parseSamplerArgs(a, o, EpsilonWithOde::Refuse); !st) return Error{asKeyMessage(st.message())};
    s.setSamplerMethod(o);

    // The field: a model of the panel's own, the command's, or the exact field.
    const bool ownModel = a.has("model");
    const std::string field = a.value("field").value_or(ownModel || commandArgs.has("model") ? "learned" : "exact");
    if (field != "exact" && field != "learned") return Error{"field: expected exact or learned (got '" + field + "')"};
    if (field == "exact" && ownModel) return Error{"field=exact with model=FILE: leave out one of them"};
    if (a.has("score-model") && !ownModel) return Error{"score-model needs model=FILE"};
    if (field == "learned" && !ownModel && !commandArgs.has("model"))
        return Error{"field=learned needs model=FILE or the command's --model"};
    s.fieldMode = field == "learned" ? ui::FieldMode::Learned : ui::FieldMode::Exact;
    if (std::string e = s.validate(); !e.empty()) return Error{e};
    if (core::Status st = attachLearnedField(panel, setup, ownModel ? a : commandArgs); !st) return Error{st.message()};

    panel.label = a.has("label") ? QString::fromStdString(*a.value("label")) : describePanel(s);
    return panel;
}

}  // namespace flowlab::cli
