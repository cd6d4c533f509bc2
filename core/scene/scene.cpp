#include "scene/scene.hpp"

#include <cmath>

#include "density/mixture_json.hpp"
#include "density/mixture_reduction.hpp"
#include "io/file_io.hpp"
#include "io/message_text.hpp"
#include "scene/density_spec.hpp"
#include "scene/json_fields.hpp"
#include "scene/scene_images.hpp"

namespace flowlab::core {
namespace {

using scene_json::Fields;

constexpr std::size_t kMaxSceneBytes = std::size_t(64) << 20;


}  // namespace


std::string Scene::validate() const {
    if (auto p = core::validate(method, run); !p.empty()) return p;
    if (kind == SceneKind::Images) {
        if (auto p = images.validate(); !p.empty()) return "images: " + p;
    }
    for (double v : {camera.centerX, camera.centerY})
        if (!std::isfinite(v) || std::abs(v) > 1e6) return "camera centre must be finite and within ±10⁶";
    if (!(camera.halfHeight > 1e-6 && camera.halfHeight < 1e6)) return "camera zoom out of range";
    if (!view.isNull() && !view.isObject()) return "view must be an object";
    return {};
}

SamplerOptions Scene::samplerOptions() const { return core::samplerOptions(method, run); }

SceneSettings Scene::settings() const {
    SceneSettings s;
    s.kind = kind;
    s.densities() = densities();
    s.method() = method;
    s.run() = run;
    s.images() = images;
    return s;
}

void Scene::setSettings(const SceneSettings& s) {
    kind = s.kind;
    densities() = s.densities();
    method = s.method();
    run = s.run();
    images = s.images();
}

JsonValue sceneToJson(const Scene& s) {
    JsonValue j;
    j.set("format", "flowlab-scene");
    j.set("version", Scene::kFormatVersion);
    if (!s.title.empty()) j.set("title", s.title);
    if (s.kind == SceneKind::Images) {
        j.set("kind", toString(s.kind));
        j.set("images", sceneImagesToJson(s.images));
    } else {
        j.set("base", densitySourceToJson(s.base));
        j.set("target", densitySourceToJson(s.target));
    }
    const SceneMethod& m = s.method;
    JsonValue in;
    in.set("family", toString(m.interpolant.family));
    in.set("gamma", toString(m.interpolant.gamma));
    in.set("gammaA", m.interpolant.gammaA);
    in.set("sigmaMin", m.interpolant.sigmaMin);
    in.set("vpBetaMin", m.interpolant.vpBetaMin);
    in.set("vpBetaMax", m.interpolant.vpBetaMax);
    in.set("veSigmaMin", m.interpolant.veSigmaMin);
    in.set("veSigmaMax", m.interpolant.veSigmaMax);
    j.set("interpolant", std::move(in));
    JsonValue sm;
    sm.set("field", toString(m.fieldMode));
    sm.set("solver", toString(m.solver));
    sm.set("steps", s.run.steps);
    sm.set("direction", toString(s.run.direction));
    JsonValue eps;
    eps.set("kind", toString(m.epsilonKind));
    eps.set("value", m.epsilon);
    eps.set("taper", m.epsilonTaper);
    sm.set("epsilon", std::move(eps));
    sm.set("langevin", m.langevinSteps);
    sm.set("snr", m.snr);
    sm.set("particles", s.run.particles);
    sm.set("seed", static_cast<double>(s.run.seed));
    j.set("sampler", std::move(sm));
    if (m.coupling.isCoupled()) j.set("coupling", couplingToJson(m.coupling));
    JsonValue cam;
    cam.set("center", JsonValue::Array{s.camera.centerX, s.camera.centerY});
    cam.set("halfHeight", s.camera.halfHeight);
    j.set("camera", std::move(cam));
    if (s.view.isObject()) j.set("view", s.view);
    return j;
}

Result<Scene> sceneFromJson(const JsonValue& json, const std::string& baseDir) {
    if (!json.isObject()) return Error{"a scene must be a JSON object"};
    const Fields top(json, "scene");
    FLOWLAB_TRY(format, top.string("format", ""));
    if (format != "flowlab-scene") return Error{"not a FlowLab scene (\"format\" must be \"flowlab-scene\")"};
    FLOWLAB_TRY(version, top.integer("version", 0, 0, 1000000));
    if (version != Scene::kFormatVersion) {
        return Error{"unsupported scene version " + std::to_string(version) + " (this FlowLab reads version " +
                     std::to_string(Scene::kFormatVersion) + ")"};
    }
    Scene s;
    s.folder = baseDir;
    // What a version-1 file means by a missing key: rk4, ε = 0, seed 0.
    s.method.solver = SolverKind::Rk4;
    s.method.epsilon = 0.0;
    s.run.seed = 0;
    FLOWLAB_TRY(title, top.string("title", ""));
    s.title = title;
    FLOWLAB_TRY(kindName, top.string("kind", "densities"));
    auto kind = parseSceneKind(kindName);
    if (!kind) return Error{"kind: " + kind.message()};
    s.kind = *kind;
    if (s.kind == SceneKind::Images) {
        // An image scene has no densities; its "images" object says what it shows.
        FLOWLAB_TRY(images, sceneImagesFromJson(json.find("images")));
        s.images = std::move(images);
    } else {
        if (json.find("images")) return Error{"\"images\" belongs to an image scene: add \"kind\": \"images\""};
        FLOWLAB_TRY(base, densitySourceFromJson(json.find("base"), "base"));
        FLOWLAB_TRY(target, densitySourceFromJson(json.find("target"), "target"));
        s.base = std::move(base);
        s.target = std::move(target);
    }

    if (const JsonValue* in = json.find("interpolant")) {
        if (!in->isObject()) return Error{"interpolant must be an object"};
        const Fields f(*in, "interpolant");
        FLOWLAB_TRY(family, f.string("family", "linear"));
        auto fam = parseInterpolantFamily(family);
        if (!fam) return Error{"interpolant.family: " + fam.message()};
        FLOWLAB_TRY(gamma, f.string("gamma", "zero"));
        auto g = parseGammaKind(gamma);
        if (!g) return Error{"interpolant.gamma: " + g.message()};
        FLOWLAB_TRY(gammaA, f.number("gammaA", 1.0, 1e-12, 1e6));
        FLOWLAB_TRY(sigmaMin, f.number("sigmaMin", 1e-3, 0.0, 0.999999));
        InterpolantOptions& io = s.method.interpolant;
        FLOWLAB_TRY(vpBetaMin, f.number("vpBetaMin", io.vpBetaMin, 0.0, 1e4));
        FLOWLAB_TRY(vpBetaMax, f.number("vpBetaMax", io.vpBetaMax, 0.0, 1e4));
        FLOWLAB_TRY(veSigmaMin, f.number("veSigmaMin", io.veSigmaMin, 1e-9, 1e6));
        FLOWLAB_TRY(veSigmaMax, f.number("veSigmaMax", io.veSigmaMax, 1e-9, 1e6));
        io.family = *fam;
        io.gamma = *g;
        io.gammaA = gammaA;
        io.sigmaMin = sigmaMin;
        io.vpBetaMin = vpBetaMin;
        io.vpBetaMax = vpBetaMax;
        io.veSigmaMin = veSigmaMin;
        io.veSigmaMax = veSigmaMax;
    }
    if (const JsonValue* c = json.find("coupling")) {
        auto coupling = couplingFromJson(*c);
        if (!coupling) return Error{coupling.message()};
        s.method.coupling = *coupling;
    }
    if (const JsonValue* sm = json.find("sampler")) {
        if (!sm->isObject()) return Error{"sampler must be an object"};
        const Fields f(*sm, "sampler");
        FLOWLAB_TRY(field, f.string("field", "exact"));
        auto fm = parseFieldMode(field);
        if (!fm) return Error{"sampler.field: " + fm.message()};
        FLOWLAB_TRY(solver, f.string("solver", "rk4"));
        auto sk = parseSolverKind(solver);
        if (!sk) return Error{"sampler.solver: " + sk.message()};
        FLOWLAB_TRY(direction, f.string("direction", "generate"));
        auto dir = parseDirection(direction);
        if (!dir) return Error{"sampler.direction: " + dir.message()};
        SceneMethod& m = s.method;
        m.fieldMode = *fm;
        m.solver = *sk;
        s.run.direction = *dir;
        FLOWLAB_TRY(steps, f.integer("steps", 100, SceneRun::kMinSteps, SceneRun::kMaxSteps));
        s.run.steps = int(steps);
        FLOWLAB_TRY(langevin, f.integer("langevin", 0, 0, 1000));
        m.langevinSteps = int(langevin);
        FLOWLAB_TRY(snr, f.number("snr", 0.16, 1e-9, 100.0));
        m.snr = snr;
        FLOWLAB_TRY(particles, f.integer("particles", 10000, 1, SceneRun::kMaxParticles));
        s.run.particles = int(particles);
        FLOWLAB_TRY(seed, f.integer("seed", 0, 0, (1LL << 52)));
        s.run.seed = std::uint64_t(seed);
        if (const JsonValue* eps = sm->find("epsilon")) {
            if (!eps->isObject()) return Error{"sampler.epsilon must be an object"};
            const Fields e(*eps, "sampler.epsilon");
            FLOWLAB_TRY(kind, e.string("kind", "constant"));
            auto ek = parseEpsilonKind(kind);
            if (!ek) return Error{"sampler.epsilon.kind: " + ek.message()};
            m.epsilonKind = *ek;
            FLOWLAB_TRY(value, e.number("value", 0.0, 0.0, 1e4));
            m.epsilon = value;
            FLOWLAB_TRY(taper, e.number("taper", 0.05, 1e-9, 0.5));
            m.epsilonTaper = taper;
        }
    }
    if (const JsonValue* cam = json.find("camera")) {
        if (!cam->isObject()) return Error{"camera must be an object"};
        const Fields f(*cam, "camera");
        if (const JsonValue* c = cam->find("center")) {
            if (!c->isArray() || c->asArray().size() != 2 || !c->asArray()[0].isNumber() || !c->asArray()[1].isNumber())
                return Error{"camera.center must be [x, y]"};
            s.camera.centerX = c->asArray()[0].asNumber();
            s.camera.centerY = c->asArray()[1].asNumber();
        }
        FLOWLAB_TRY(halfHeight, f.number("halfHeight", 6.0, 1e-6, 1e6));
        s.camera.halfHeight = halfHeight;
    }
    if (const JsonValue* v = json.find("view")) {
        if (!v->isObject()) return Error{"view must be an object"};
        s.view = *v;
    }
    if (auto p = s.validate(); !p.empty()) return Error{p};
    return s;
}

Result<ResolvedScene> resolveScene(const Scene& scene) {
    if (auto p = scene.validate(); !p.empty()) return Error{p};
    if (scene.kind == SceneKind::Images) return Error{"an image scene has no densities to resolve"};
    auto base = scene.base.resolve(scene.folder);
    if (!base) return Error{"base: " + base.message()};
    auto target = scene.target.resolve(scene.folder);
    if (!target) return Error{"target: " + target.message()};
    if (base->dim() != target->dim()) {
        return Error{"base is " + std::to_string(base->dim()) + "-dimensional but target is " +
                     std::to_string(target->dim()) + "-dimensional"};
    }
    auto interp = Interpolant::create(scene.method.interpolant, *base);
    if (!interp) return interp.error();
    return ResolvedScene{std::move(*base), std::move(*target), std::move(*interp)};
}

Result<Scene> loadSceneFile(const std::string& path) {
    JsonLimits limits;
    limits.maxBytes = kMaxSceneBytes;
    auto json = readJsonFile(path, limits);
    if (!json) return json.error();
    auto scene = sceneFromJson(*json, parentFolder(path));
    if (!scene) return Error{path + ": " + scene.message()};
    return scene;
}

Status saveSceneFile(const Scene& scene, const std::string& path) {
    if (auto p = scene.validate(); !p.empty()) return Error{"cannot save an invalid scene: " + p};
    return writeFileAtomic(path, sceneToJson(scene).dump());
}

std::string parentFolder(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace flowlab::core
