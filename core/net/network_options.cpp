#include "net/network_options.hpp"

#include <cmath>

namespace flowlab::core {

namespace {

constexpr int kMaxWidth = 4096;
constexpr int kMaxDepth = 32;
constexpr int kMaxFrequencies = 512;

template <class E>
Result<E> parseName(const std::string& name, const std::vector<std::string>& names, const char* what) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<E>(i);
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return Error{"unknown " + std::string(what) + " '" + name + "' (known: " + list + ")"};
}

Result<double> numberMember(const JsonValue& json, const char* key) {
    const JsonValue* v = json.find(key);
    if (!v || !v->isNumber()) return Error{std::string("network: missing number '") + key + "'"};
    return v->asNumber();
}

Result<int> intMember(const JsonValue& json, const char* key) {
    auto v = numberMember(json, key);
    if (!v) return v.error();
    if (*v != std::floor(*v) || std::abs(*v) > 1e9) return Error{std::string("network: '") + key + "' is not a whole number"};
    return static_cast<int>(*v);
}

Result<std::string> stringMember(const JsonValue& json, const char* key) {
    const JsonValue* v = json.find(key);
    if (!v || !v->isString()) return Error{std::string("network: missing string '") + key + "'"};
    return v->asString();
}

}  // namespace

std::string NetworkOptions::validate() const {
    if (inputDim < 1 || inputDim > 4096) return "network input dimension must be in [1, 4096]";
    if (width < 1 || width > kMaxWidth) return "network width must be in [1, " + std::to_string(kMaxWidth) + "]";
    if (depth < 1 || depth > kMaxDepth) return "network depth must be in [1, " + std::to_string(kMaxDepth) + "]";
    if (timeFrequencies < 1 || timeFrequencies > kMaxFrequencies)
        return "time frequencies must be in [1, " + std::to_string(kMaxFrequencies) + "]";
    if (!(fourierScale > 0.0) || !std::isfinite(fourierScale) || fourierScale > 1e4)
        return "Fourier scale must be in (0, 1e4]";
    return {};
}

long long NetworkOptions::parameterCount() const {
    long long in = inputDim + 2LL * timeFrequencies;
    long long count = 0;
    for (int l = 0; l < depth; ++l) {
        count += in * width + width;
        in = width;
    }
    return count + in * inputDim + inputDim;
}

long long NetworkOptions::forwardMacsPerPoint() const {
    return parameterCount() - (static_cast<long long>(depth) * width + inputDim);  // weights only
}

std::string NetworkOptions::describe() const {
    return "MLP " + std::to_string(depth) + "×" + std::to_string(width) + " " + toString(activation) + ", " +
           toString(timeEmbedding) + "(" + std::to_string(timeFrequencies) + ")";
}

bool NetworkOptions::operator==(const NetworkOptions& o) const {
    return kind == o.kind && inputDim == o.inputDim && width == o.width && depth == o.depth &&
           activation == o.activation && timeEmbedding == o.timeEmbedding &&
           timeFrequencies == o.timeFrequencies && fourierScale == o.fourierScale;
}

JsonValue networkOptionsToJson(const NetworkOptions& o) {
    JsonValue j;
    j.set("kind", "mlp");
    j.set("input_dim", o.inputDim);
    j.set("width", o.width);
    j.set("depth", o.depth);
    j.set("activation", toString(o.activation));
    j.set("time_embedding", toString(o.timeEmbedding));
    j.set("time_frequencies", o.timeFrequencies);
    j.set("fourier_scale", o.fourierScale);
    return j;
}

Result<NetworkOptions> networkOptionsFromJson(const JsonValue& json) {
    if (!json.isObject()) return Error{"network: expected an object"};
    NetworkOptions o;
    auto kind = stringMember(json, "kind");
    if (!kind) return kind.error();
    if (*kind != "mlp") return Error{"network: unknown kind '" + *kind + "' (known: mlp)"};
    auto dim = intMember(json, "input_dim");
    if (!dim) return dim.error();
    auto width = intMember(json, "width");
    if (!width) return width.error();
    auto depth = intMember(json, "depth");
    if (!depth) return depth.error();
    auto act = stringMember(json, "activation");
    if (!act) return act.error();
    auto a = parseActivation(*act);
    if (!a) return Error{"network: " + a.message()};
    auto emb = stringMember(json, "time_embedding");
    if (!emb) return emb.error();
    auto e = parseTimeEmbedding(*emb);
    if (!e) return Error{"network: " + e.message()};
    auto freq = intMember(json, "time_frequencies");
    if (!freq) return freq.error();
    auto scale = numberMember(json, "fourier_scale");
    if (!scale) return scale.error();
    o.inputDim = *dim;
    o.width = *width;
    o.depth = *depth;
    o.activation = *a;
    o.timeEmbedding = *e;
    o.timeFrequencies = *freq;
    o.fourierScale = *scale;
    if (auto p = o.validate(); !p.empty()) return Error{"network: " + p};
    return o;
}

const std::vector<std::string>& activationNames() {
    static const std::vector<std::string> names = {"silu", "relu", "tanh", "gelu", "softplus"};
    return names;
}
std::string toString(Activation a) { return activationNames()[static_cast<std::size_t>(a)]; }
Result<Activation> parseActivation(const std::string& name) {
    return parseName<Activation>(name, activationNames(), "activation");
}

const std::vector<std::string>& timeEmbeddingNames() {
    static const std::vector<std::string> names = {"fourier", "sinusoidal"};
    return names;
}
std::string toString(TimeEmbedding e) { return timeEmbeddingNames()[static_cast<std::size_t>(e)]; }
Result<TimeEmbedding> parseTimeEmbedding(const std::string& name) {
    return parseName<TimeEmbedding>(name, timeEmbeddingNames(), "time embedding");
}

}  // namespace flowlab::core
