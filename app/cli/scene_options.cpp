#include "scene_options.hpp"

#include "common/resource_paths.hpp"
#include "field/combined_field.hpp"
#include "field/exact_field.hpp"
#include "field/learned_field.hpp"
#include "scene/density_spec.hpp"
#include "scene/scene.hpp"
#include "train/component_plan.hpp"

#include <sstream>

namespace flowlab::cli {

using core::Error;
using core::Result;

core::Interpolant SceneSetup::interpolant() const {
    return std::move(core::Interpolant::create(method.interpolant)).value();
}

std::vector<OptionSpec> sceneOptionSpecs() {
    std::vector<OptionSpec> specs = {
        {"scene", "FILE.json", "take densities, method (interpolant, solver, ε, corrector) and run (particles, steps, seed, direction) from a scene file, or a shipped scene by name; other options override"},
        {"base", "SPEC", "base density ρ0 at t = 0 (default gaussian); " + core::densitySpecHelp()},
        {"target", "SPEC", "target density ρ1 at t = 1 (default 8gaussians)"},
        {"interpolant", "NAME", "linear, trig, encdec, fm-ot, vp, subvp, ve (default linear)"},
        {"sigma-min", "X", "σ_min of fm-ot (default 1e-3)"},
        {"gamma", "NAME", "γ(t) of linear/trig: zero, brownian, a-brownian, bsquared, sinesquared (default zero)"},
        {"gamma-a", "A", "a of a-brownian, > 0 (default 1)"},
        {"seed", "N", "random seed (default 0)"},
        {"threads", "T", "worker threads, 0 = all cores (default 0)"},
    };
    appendOptionSpecs(specs, scheduleOptionSpecs());
    return specs;
}

std::vector<OptionSpec> scheduleOptionSpecs() {
    const core::InterpolantOptions d;
    const auto num = [](double v) { std::ostringstream o; o << v; return o.str(); };
    return {
        {"vp-beta-min", "B", "β_min of the vp and subvp schedules, in [0, β_max] (default " + num(d.vpBetaMin) + ")"},
        {"vp-beta-max", "B", "β_max of the vp and subvp schedules, in (0, 10⁴] (default " + num(d.vpBetaMax) + ")"},
        {"ve-sigma-min", "S", "σ_min of the ve schedule, in (0, σ_max) (default " + num(d.veSigmaMin) + ")"},
        {"ve-sigma-max", "S", "σ_max of the ve schedule (default " + num(d.veSigmaMax) + ")"},
    };
}

core::Status parseInterpolantArgs(const Args& args, core::InterpolantOptions& io) {
    auto family = args.string("interpolant", core::toString(io.family));
    if (!family) return family.error();
    auto f = core::parseInterpolantFamily(*family);
    if (!f) return Error{"--interpolant: " + f.message()};
    io.family = *f;
    // A one-sided family fixes its own γ: choosing one drops a γ inherited from a scene file or
    // a shared panel, unless --gamma is given too (then validation names the conflict).
    if (args.has("interpolant") && !args.has("gamma") && core::isOneSided(*f)) io.gamma = core::GammaKind::Zero;
    auto gamma = args.string("gamma", core::toString(io.gamma));
    if (!gamma) return gamma.error();
    auto g = core::parseGammaKind(*gamma);
    if (!g) return Error{"--gamma: " + g.message()};
    io.gamma = *g;
    auto a = args.number("gamma-a", io.gammaA, 1e-12, 1e6);
    if (!a) return a.error();
    io.gammaA = *a;
    auto sm = args.number("sigma-min", io.sigmaMin, 0.0, 0.999999);
    if (!sm) return sm.error();
    io.sigmaMin = *sm;
    auto bMin = args.number("vp-beta-min", io.vpBetaMin, 0.0, 1e4);
    if (!bMin) return bMin.error();
    auto bMax = args.number("vp-beta-max", io.vpBetaMax, 0.0, 1e4);
    if (!bMax) return bMax.error();
    auto sMin = args.number("ve-sigma-min", io.veSigmaMin, 0.0, 1e6);
    if (!sMin) return sMin.error();
    auto sMax = args.number("ve-sigma-max", io.veSigmaMax, 0.0, 1e6);
    if (!sMax) return sMax.error();
    io.vpBetaMin = *bMin;
    io.vpBetaMax = *bMax;
    io.veSigmaMin = *sMin;
    io.veSigmaMax = *sMax;
    if (auto p = io.validate(); !p.empty()) return Error{p};
    return {};
}

Result<SceneSetup> parseScene(const Args& args) {
    SceneSetup s;
    s.run.seed = 0;  // the CLI's default seed without a scene file
    if (args.has("scene")) {
        auto path = args.required("scene");
        if (!path) return path.error();
        auto scene = core::loadSceneFile(core::findScene(*path));  // a file, or a shipped scene's name
        if (!scene) return Error{"--scene: " + scene.message()};
        if (scene->kind == core::SceneKind::Images) {
            // An image scene has no densities (render draws its grid of samples).
            s.base = core::GaussianMixture::isotropic(2, 1.0);
            s.target = s.base;
        } else {
            auto resolved = core::resolveScene(*scene);
            if (!resolved) return Error{"--scene: " + *path + ": " + resolved.message()};
            s.base = std::move(resolved->base);
            s.target = std::move(resolved->target);
        }
        s.method = scene->method;
        s.run = scene->run;
        s.fromSceneFile = true;
    } else {
        s.base = core::GaussianMixture::isotropic(2, 1.0);
        s.target = std::move(core::resolveDensitySpec("8gaussians")).value();
    }
    if (args.has("base")) {
        auto spec = args.required("base");
        if (!spec) return spec.error();
        auto base = core::resolveDensitySpec(*spec);
        if (!base) return Error{"--base: " + base.message()};
        s.base = std::move(*base);
    }
    if (args.has("target")) {
        auto spec = args.required("target");
        if (!spec) return spec.error();
        auto target = core::resolveDensitySpec(*spec);
        if (!target) return Error{"--target: " + target.message()};
        s.target = std::move(*target);
    }
    if (s.base.dim() != s.target.dim()) {
        return Error{"the base is " + std::to_string(s.base.dim()) + "-dimensional but the target is " +
                     std::to_string(s.target.dim()) + "-dimensional"};
    }

    if (core::Status st = parseInterpolantArgs(args, s.method.interpolant); !st) return Error{st.message()};
    auto interp = core::Interpolant::create(s.method.interpolant, s.base);
    if (!interp) return Error{"--interpolant: " + interp.message()};

    auto seed = args.integer("seed", static_cast<long long>(s.run.seed), 0, (1LL << 62));
    if (!seed) return seed.error();
    s.run.seed = static_cast<std::uint64_t>(*seed);
    auto threads = args.integer("threads", 0, 0, 1024);
    if (!threads) return threads.error();
    s.threads = static_cast<int>(*threads);
    return s;
}

std::vector<OptionSpec> modelOptionSpecs() {
    return {
        {"model", "MODEL", "use this learned model (from flowlab-cli train) instead of the exact field"},
        {"score-model", "MODEL", "a learned model for s, beside --model for b (SDE samplers, Langevin corrector)"},
        {"coupling", "KIND", "the coupling of the exact field's pairs: independent (default, or the scene's), "
                             "components-ot or components-sinkhorn:REG (couplings of the mixture components); "
                             "ot, sinkhorn and reflow have no exact field (train them and use --model)"},
    };
}

namespace {

std::string describeKinds(unsigned kinds) {
    std::string s;
    const std::pair<unsigned, const char*> names[] = {{core::kVelocity, "b"}, {core::kScore, "s"},
                                                      {core::kDenoiser, "eta"}, {core::kLogDensity, "logp"},
                                                      {core::kDivergence, "divb"}};
    for (const auto& [bit, name] : names)
        if (kinds & bit) s += (s.empty() ? "" : ", ") + std::string(name);
    return s.empty() ? "nothing" : s;
}

}  // namespace

Result<std::unique_ptr<core::FieldSource>> makeFieldSource(const SceneSetup& scene, const Args& args,
                                                           unsigned needed) {
    const auto model = args.value("model");
    const auto scoreModel = args.value("score-model");
    if (scoreModel && !model) return Error{"--score-model needs --model (the model for b)"};
    if (model && args.has("coupling"))
        return Error{"--coupling chooses the exact field's pairs; a model keeps the coupling it was trained with "
                     "(drop --coupling)"};
    if (!model) {
        core::CouplingOptions coupling = scene.method.coupling;
        if (args.has("coupling")) {
            auto parsed = core::parseCoupling(*args.value("coupling"));
            if (!parsed) return Error{"--coupling: " + parsed.message()};
            coupling = *parsed;
        }
        // A coupled method has no exact field; showing the independent one would pass it off.
        if (!coupling.hasExactField()) return Error{core::exactFieldUnavailable(coupling) + " (--model M)"};
        core::ExactFieldOptions o;
        o.threads = scene.threads;
        auto field = core::exactFieldFor(coupling, scene.base, scene.target, scene.interpolant(), o);
        if (!field) return Error{"coupling " + coupling.spec() + ": " + field.message()};
        std::unique_ptr<core::FieldSource> source = std::make_unique<core::ExactField>(std::move(*field));
        if (!source->canProvide(needed)) return Error{"the field source cannot provide what this command needs"};
        return source;
    }
    auto learned = core::LearnedField::load(*model, scene.base, scene.target, scene.interpolantOptions());
    if (!learned) return Error{"--model: " + learned.message()};
    std::unique_ptr<core::FieldSource> source;
    if (scoreModel) {
        auto score = core::LearnedField::load(*scoreModel, scene.base, scene.target, scene.interpolantOptions());
        if (!score) return Error{"--score-model: " + score.message()};
        auto combined = core::CombinedField::create(std::make_shared<core::LearnedField>(std::move(*learned)),
                                                    std::make_shared<core::LearnedField>(std::move(*score)),
                                                    scene.interpolant());
        if (!combined) return Error{"--model/--score-model: " + combined.message()};
        source = std::make_unique<core::CombinedField>(std::move(*combined));
    } else {
        source = std::make_unique<core::LearnedField>(std::move(*learned));
    }
    if (!source->canProvide(needed)) {
        return Error{source->label() + " provides " + describeKinds(source->provides()) + " but this command needs " +
                     describeKinds(needed) +
                     ((needed & core::kScore) && !(source->provides() & core::kScore)
                          ? " (add --score-model with a model trained for s or eta)"
                          : "")};
    }
    return source;
}

}  // namespace flowlab::cli
