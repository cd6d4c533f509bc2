#include "scene/density_source.hpp"

#include "density/mixture_json.hpp"
#include "density/mixture_reduction.hpp"
#include "scene/density_spec.hpp"
#include "scene/json_fields.hpp"

namespace flowlab::core {
namespace {

using scene_json::Fields;

/// `file` relative to `dir` (unchanged when absolute or when `dir` is empty).
std::string joinPath(const std::string& dir, const std::string& file) {
    if (dir.empty() || file.empty() || file[0] == '/') return file;
    return dir + "/" + file;
}

}  // namespace

JsonValue densitySourceToJson(const DensitySource& d) {
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
    if (!d.name.empty()) j.set("name", d.name);
    return j;
}

Result<DensitySource> densitySourceFromJson(const JsonValue* j, const std::string& where) {
    if (!j) return Error{"missing \"" + where + "\""};
    if (j->isString()) return DensitySource::fromSpec(j->asString());
    if (!j->isObject()) return Error{where + " must be an object ({\"spec\": ...}, {\"mixture\": ...} or {\"raster\": ...})"};
    const int kinds = int(j->find("spec") != nullptr) + int(j->find("mixture") != nullptr) + int(j->find("raster") != nullptr);
    if (kinds != 1) return Error{where + " must have exactly one of \"spec\", \"mixture\", \"raster\""};
    const Fields top(*j, where);
    FLOWLAB_TRY(cap, top.integer("maxComponents", 0, 0, 100000));
    std::string name;
    if (const JsonValue* n = j->find("name")) {
        if (!n->isString() || n->asString().size() > 200) return Error{where + ".name must be a string of at most 200 characters"};
        name = n->asString();
    }
    if (const JsonValue* s = j->find("spec")) {
        if (!s->isString() || s->asString().empty() || s->asString().size() > 4096)
            return Error{where + ".spec must be a non-empty string"};
        auto d = DensitySource::fromSpec(s->asString());
        d.maxComponents = int(cap);
        d.name = name;
        return d;
    }
    if (const JsonValue* m = j->find("mixture")) {
        auto mix = mixtureFromJson(*m);
        if (!mix) return Error{where + ": " + mix.message()};
        auto d = DensitySource::fromMixture(std::move(*mix));
        d.maxComponents = int(cap);
        d.name = name;
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
    auto d = DensitySource::fromRaster(std::move(raster), conv);
    d.name = name;
    return d;
}


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

namespace {

bool sameMixture(const GaussianMixture& a, const GaussianMixture& b) {
    if (a.dim() != b.dim() || a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto& p = a.component(i);
        const auto& q = b.component(i);
        if (p.weight != q.weight || p.mean != q.mean || p.cov != q.cov) return false;
    }
    return true;
}

bool sameRaster(const Raster& a, const Raster& b) {
    return a.width == b.width && a.height == b.height && a.xMin == b.xMin && a.xMax == b.xMax && a.yMin == b.yMin &&
           a.yMax == b.yMax && a.values == b.values;
}

bool sameConversion(const RasterMixtureOptions& a, const RasterMixtureOptions& b) {
    return a.maxComponents == b.maxComponents && a.threshold == b.threshold && a.seed == b.seed &&
           a.kmeansIterations == b.kmeansIterations;
}

}  // namespace

bool DensitySource::operator==(const DensitySource& o) const {
    if (kind != o.kind || name != o.name) return false;
    switch (kind) {
        case Kind::Spec: return spec == o.spec && maxComponents == o.maxComponents;
        case Kind::Mixture: return maxComponents == o.maxComponents && sameMixture(mixture, o.mixture);
        case Kind::Raster: return sameRaster(raster, o.raster) && sameConversion(conversion, o.conversion);
    }
    return false;
}

}  // namespace flowlab::core
