#include "density/mixture_json.hpp"

#include <cmath>

#include "io/file_io.hpp"

namespace flowlab::core {
namespace {

Result<Vector> readVector(const JsonValue& v, int dim, const std::string& where) {
    if (!v.isArray()) return Error{where + " must be an array of " + std::to_string(dim) + " numbers"};
    const auto& a = v.asArray();
    if (static_cast<int>(a.size()) != dim) {
        return Error{where + " has " + std::to_string(a.size()) + " entries, expected " + std::to_string(dim)};
    }
    Vector out(dim);
    for (int i = 0; i < dim; ++i) {
        if (!a[i].isNumber()) return Error{where + " must contain only numbers"};
        out[i] = a[i].asNumber();
    }
    return out;
}

Result<Matrix> readCov(const JsonValue* v, int dim, const std::string& where) {
    if (!v || v->isNull()) return Matrix(Matrix::Zero(dim, dim));
    if (v->isNumber()) return Matrix(v->asNumber() * Matrix::Identity(dim, dim));
    if (!v->isArray() || static_cast<int>(v->asArray().size()) != dim) {
        return Error{where + ".cov must be a number (c·I) or a " + std::to_string(dim) + "×" + std::to_string(dim) +
                     " array of arrays"};
    }
    Matrix m(dim, dim);
    for (int r = 0; r < dim; ++r) {
        auto row = readVector(v->asArray()[r], dim, where + ".cov row " + std::to_string(r));
        if (!row) return row.error();
        m.row(r) = row->transpose();
    }
    return m;
}

}  // namespace

JsonValue mixtureToJson(const GaussianMixture& mixture) {
    JsonValue root;
    root.set("dim", mixture.dim());
    JsonValue comps(JsonValue::Array{});
    const int d = mixture.dim();
    for (const auto& c : mixture.components()) {
        JsonValue jc;
        jc.set("weight", c.weight);
        JsonValue mean(JsonValue::Array{});
        for (int i = 0; i < d; ++i) mean.push(c.mean[i]);
        jc.set("mean", std::move(mean));
        const bool isotropic = (c.cov - c.cov(0, 0) * Matrix::Identity(d, d)).cwiseAbs().maxCoeff() == 0.0;
        if (d != 2 && isotropic) {
            jc.set("cov", c.cov(0, 0));
        } else {
            JsonValue cov(JsonValue::Array{});
            for (int r = 0; r < d; ++r) {
                JsonValue row(JsonValue::Array{});
                for (int k = 0; k < d; ++k) row.push(c.cov(r, k));
                cov.push(std::move(row));
            }
            jc.set("cov", std::move(cov));
        }
        comps.push(std::move(jc));
    }
    root.set("components", std::move(comps));
    return root;
}

Result<GaussianMixture> mixtureFromJson(const JsonValue& json) {
    if (!json.isObject()) return Error{"a mixture must be a JSON object with \"dim\" and \"components\""};
    const JsonValue* dimV = json.find("dim");
    if (!dimV || !dimV->isNumber()) return Error{"mixture: missing numeric \"dim\""};
    const double dimD = dimV->asNumber();
    if (dimD != std::floor(dimD) || dimD < 1 || dimD > GaussianMixture::kMaxDim) {
        return Error{"mixture: \"dim\" must be a whole number from 1 to " + std::to_string(GaussianMixture::kMaxDim)};
    }
    const int dim = static_cast<int>(dimD);
    const JsonValue* compsV = json.find("components");
    if (!compsV || !compsV->isArray()) return Error{"mixture: missing \"components\" array"};
    const auto& arr = compsV->asArray();
    if (arr.empty()) return Error{"mixture: \"components\" is empty"};
    if (arr.size() > GaussianMixture::kMaxComponents) {
        return Error{"mixture: too many components (" + std::to_string(arr.size()) + "; at most " +
                     std::to_string(GaussianMixture::kMaxComponents) + ")"};
    }
    std::vector<GaussianComponent> comps;
    comps.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string where = "mixture component " + std::to_string(i);
        const auto& jc = arr[i];
        if (!jc.isObject()) return Error{where + " must be an object"};
        GaussianComponent c;
        const JsonValue* w = jc.find("weight");
        if (w && !w->isNumber()) return Error{where + ".weight must be a number"};
        c.weight = w ? w->asNumber() : 1.0;
        const JsonValue* mean = jc.find("mean");
        if (!mean) return Error{where + ": missing \"mean\""};
        auto m = readVector(*mean, dim, where + ".mean");
        if (!m) return m.error();
        c.mean = std::move(*m);
        auto cov = readCov(jc.find("cov"), dim, where);
        if (!cov) return cov.error();
        c.cov = std::move(*cov);
        comps.push_back(std::move(c));
    }
    auto mixture = GaussianMixture::create(dim, std::move(comps));
    if (!mixture) return Error{"mixture: " + mixture.message()};
    return mixture;
}

Result<GaussianMixture> loadMixtureFile(const std::string& path) {
    auto json = readJsonFile(path);
    if (!json) return json.error();
    auto m = mixtureFromJson(*json);
    if (!m) return Error{path + ": " + m.message()};
    return m;
}

Status saveMixtureFile(const GaussianMixture& mixture, const std::string& path) {
    return writeFileAtomic(path, mixtureToJson(mixture).dump());
}

}  // namespace flowlab::core
