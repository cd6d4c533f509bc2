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

JsonValue densityToJson(const DensitySource& d) {
    JsonValue j;
    switch (d.kind) {
        case DensitySource::Kind::Spec:
            j.set("spec", d.spec);
            break;
        case DensitySource::Kind::Mixture:
            j.set("mixture", mixtureToJson(d.mixture));
            break;
        case DensitySource::Kind::Raster: {
            JsonValue r;
            r.set("width", d.raster.width);
            r.set("height", d.raster.height);
            JsonValue bounds(JsonValue::Array{});
            for (double v : {d.raster.xMin, d.raster.xMax, d.raster.yMin, d.raster.yMax}) bounds.push(v);
            r.set("bounds", std::move(bounds));
            JsonValue values(JsonValue::Array{});
            values.asArray().reserve(d.raster.values.size());
            for (double v : d.raster.values) values.push(v);
            r.set("values", std::move(values));
            JsonValue c;
            c.set("maxComponents", d.conversion.maxComponents);
            c.set("threshold", d.conversion.threshold);
            c.set("seed", static_cast<double>(d.conversion.seed));
            r.set("conversion", std::move(c));
            j.set("raster", std::move(r));
            break;
        }
    }
    if (d.kind != DensitySource::Kind::Raster && d.maxComponents > 0) j.set("maxComponents", d.maxComponents);
    return j;
}

Result<DensitySource> densityFromJson(const JsonValue* j, const std::string& where) {
    if (!j) return Error{"missing \"" + where + "\""};
    if (j->isString()) return DensitySource::fromSpec(j->asString());
    if (!j->isObject()) return Error{where + " must be an object ({\"spec\": ...}, {\"mixture\": ...} or {\"raster\": ...})"};
    const int kinds = int(j->find("spec") != nullptr) + int(j->find("mixture") != nullptr) + int(j->find("raster") != nullptr);
    if (kinds != 1) return Error{where + " must have exactly one of \"spec\", \"mixture\", \"raster\""};
    const Fields top(*j, where);
    FLOWLAB_TRY(cap, top.integer("maxComponents", 0, 0, 100000));
    if (const JsonValue* s = j->find("spec")) {
        if (!s->isString() || s->asString().empty() || s->asString().size() > 4096)
            return Error{where + ".spec must be a non-empty string"};
        auto d = DensitySource::fromSpec(s->asString());
        d.maxComponents = int(cap);
        return d;
    }
    if (const JsonValue* m = j->find("mixture")) {
        auto mix = mixtureFromJson(*m);
        if (!mix) return Error{where + ": " + mix.message()};
        auto d = DensitySource::fromMixture(std::move(*mix));
        d.maxComponents = int(cap);
        return d;
    }
    const JsonValue* r = j->find("raster");
    if (!r->isObject()) return Error{where + ".raster must be an object"};
    const Fields f(*r, where + ".raster");
    FLOWLAB_TRY(width, f.integer("width", 0, 1, Raster::kMaxSide));
    FLOWLAB_TRY(height, f.integer("height", 0, 1, Raster::kMaxSide));
    Raster raster = Raster::zeros(int(width), int(height));
    const JsonValue* bounds = r->find("bounds");
    if (bounds) {
        if (!bounds->isArray() || bounds->asArray().size() != 4) return Error{where + ".raster.bounds must be [xMin, xMax, yMin, yMax]"};
        double b[4];
        for (int i = 0; i < 4; ++i) {
            if (!bounds->asArray()[i].isNumber()) return Error{where + ".raster.bounds must contain numbers"};
            b[i] = bounds->asArray()[i].asNumber();
        }
        raster.xMin = b[0], raster.xMax = b[1], raster.yMin = b[2], raster.yMax = b[3];
    }
    const JsonValue* values = r->find("values");
    if (!values || !values->isArray()) return Error{where + ".raster.values must be an array of width × height numbers"};
    if (values->asArray().size() != raster.values.size()) {
        return Error{where + ".raster.values has " + std::to_string(values->asArray().size()) + " entries, expected " +
                     std::to_string(raster.values.size())};
    }
    for (std::size_t i = 0; i < raster.values.size(); ++i) {
        const auto& v = values->asArray()[i];
        if (!v.isNumber()) return Error{where + ".raster.values must contain only numbers"};
        raster.values[i] = v.asNumber();
    }
    if (auto p = raster.validate(); !p.empty()) return Error{where + ".raster: " + p};
    RasterMixtureOptions conv;
    if (const JsonValue* c = r->find("conversion")) {
        if (!c->isObject()) return Error{where + ".raster.conversion must be an object"};
        const Fields cf(*c, where + ".raster.conversion");
        FLOWLAB_TRY(maxComponents, cf.integer("maxComponents", conv.maxComponents, 1, 100000));
        FLOWLAB_TRY(threshold, cf.number("threshold", conv.threshold, 0.0, 0.999999));
        FLOWLAB_TRY(seed, cf.integer("seed", 0, 0, (1LL << 52)));
        conv.maxComponents = int(maxComponents);
        conv.threshold = threshold;
        conv.seed = std::uint64_t(seed);
    }
    return DensitySource::fromRaster(std::move(raster), conv);
}

std::string joinPath(const std::string& dir, const std::string& file) {
    if (dir.empty() || file.empty() || file[0] == '/') return file;
    return dir + "/" + file;
}

}  // namespace

DensitySource DensitySource::fromSpec(std::string spec) {
    DensitySource d;
    d.kind = Kind::Spec;
    d.spec = std::move(spec);
    return d;
}

DensitySource DensitySource::fromMixture(GaussianMixture mixture) {
    DensitySource d;
    d.kind = Kind::Mixture;
    d.mixture = std::move(mixture);
    return d;
}

DensitySource DensitySource::fromRaster(Raster raster, RasterMixtureOptions conversion) {
    DensitySource d;
    d.kind = Kind::Raster;
    d.raster = std::move(raster);
    d.conversion = conversion;
    return d;
}

Result<GaussianMixture> DensitySource::resolve(const std::string& baseDir) const {
    const auto capped = [this](Result<GaussianMixture> m) -> Result<GaussianMixture> {
        if (!m || maxComponents <= 0) return m;
        MixtureReductionOptions o;
        o.maxComponents = maxComponents;
        return reduceMixture(*m, o);
    };
    switch (kind) {
        case Kind::Spec: {
            // File-based specs resolve relative to the scene's folder.
            const auto colon = spec.find(':');
            if (colon != std::string::npos && !baseDir.empty()) {
                return capped(resolveDensitySpec(spec.substr(0, colon + 1) + joinPath(baseDir, spec.substr(colon + 1))));
            }
            return capped(resolveDensitySpec(spec));
        }
        case Kind::Mixture:
            return capped(mixture);
        case Kind::Raster: {
            // Only the mixture is wanted here, not the conversion's error estimate.
            RasterMixtureOptions o = conversion;
            o.errorSamples = 0;
            auto r = rasterToMixture(raster, o);
            if (!r) return r.error();
            return std::move(r->mixture);
        }
    }
    return Error{"unknown density source"};
}

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

JsonValue sceneToJson(const Scene& s) {
    JsonValue j;
    j.set("format", "flowlab-scene");
    j.set("version", Scene::kFormatVersion);
    if (!s.title.empty()) j.set("title", s.title);
    if (s.kind == SceneKind::Images) {
        j.set("kind", toString(s.kind));
        j.set("images", sceneImagesToJson(s.images));
    } else {
        j.set("base", densityToJson(s.base));
        j.set("target", densityToJson(s.target));
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
        FLOWLAB_TRY(base, densityFromJson(json.find("base"), "base"));
        FLOWLAB_TRY(target, densityFromJson(json.find("target"), "target"));
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
