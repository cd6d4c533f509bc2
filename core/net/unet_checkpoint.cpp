#include "net/unet_checkpoint.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "io/checksum.hpp"
#include "io/file_io.hpp"

namespace flowlab::core {

namespace {

constexpr const char* kMagic = "FLOWLAB-TENSORS ";
constexpr int kVersion = 1;
constexpr std::size_t kMaxFileBytes = 2048u << 20;
constexpr std::size_t kMaxHeaderBytes = 64u << 20;

// Reads one '\n'-terminated line starting at `pos` (at most maxLen characters); advances pos.
bool readLine(const std::string& bytes, std::size_t& pos, std::size_t maxLen, std::string& line) {
    const std::size_t end = bytes.find('\n', pos);
    if (end == std::string::npos || end - pos > maxLen) return false;
    line = bytes.substr(pos, end - pos);
    pos = end + 1;
    return true;
}

bool isDigits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

}  // namespace

const std::vector<float>* TensorFile::find(const std::string& name) const {
    for (const auto& [n, v] : arrays)
        if (n == name) return &v;
    return nullptr;
}

Status writeTensorFile(const std::string& path, const std::string& format, const TensorFile& file) {
    static_assert(sizeof(float) == 4, "float32 expected");
    JsonValue table;
    std::string binary;
    for (const auto& [name, values] : file.arrays) {
        JsonValue a;
        a.set("name", name);
        a.set("count", static_cast<double>(values.size()));
        table.push(a);
        // x86-64 and every platform FlowLab targets are little-endian: the bytes are the floats.
        binary.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    }
    if (!table.isArray()) table = JsonValue(JsonValue::Array{});
    JsonValue header;
    header.set("meta", file.meta);
    header.set("arrays", table);
    header.set("binary_bytes", static_cast<double>(binary.size()));
    const std::string json = header.dump(1);
    const std::string body = std::to_string(json.size()) + "\n" + json + binary;
    const std::string out = kMagic + std::to_string(kVersion) + "\n" + format + "\n" +
                            hex64(fnv1a64(body.data(), body.size())) + "\n" + body;
    return writeFileAtomic(path, out);
}

Result<TensorFile> readTensorFile(const std::string& path, const std::string& format) {
    auto bytes = readTextFile(path, kMaxFileBytes);
    if (!bytes) return bytes.error();
    return parseTensorFile(*bytes, format, path);
}

Result<TensorFile> parseTensorFile(const std::string& bytes, const std::string& format, const std::string& name) {
    auto refuse = [&](const std::string& why) { return Error{name + ": " + why}; };
    const std::size_t magicLen = std::strlen(kMagic);
    if (bytes.compare(0, magicLen, kMagic) != 0) return refuse("not a FlowLab " + format + " file");
    std::size_t pos = magicLen;
    std::string version, kind, checksum, length;
    if (!readLine(bytes, pos, 9, version) || !isDigits(version)) return refuse("damaged file header (version)");
    if (std::stoi(version) != kVersion)
        return refuse("file format version " + version + " is not supported (this FlowLab reads version " +
                      std::to_string(kVersion) + ")");
    if (!readLine(bytes, pos, 64, kind)) return refuse("damaged file header (format)");
    if (kind != format) return refuse("this is a " + kind + " file, not a " + format + " file");
    if (!readLine(bytes, pos, 16, checksum) || checksum.size() != 16) return refuse("damaged file header (checksum)");
    if (hex64(fnv1a64(bytes.data() + pos, bytes.size() - pos)) != checksum)
        return refuse("corrupt or truncated file: the checksum does not match");
    if (!readLine(bytes, pos, 12, length) || !isDigits(length)) return refuse("damaged file header (length)");
    const std::size_t jsonLen = std::stoull(length);
    if (jsonLen > kMaxHeaderBytes || bytes.size() - pos < jsonLen) return refuse("damaged file header (metadata)");
    auto header = parseJson(bytes.substr(pos, jsonLen));
    if (!header) return refuse("damaged metadata: " + header.message());
    pos += jsonLen;
    const JsonValue* meta = header->find("meta");
    const JsonValue* table = header->find("arrays");
    const JsonValue* declared = header->find("binary_bytes");
    if (!meta || !table || !table->isArray() || !declared || !declared->isNumber())
        return refuse("metadata without description or array table");
    const std::size_t binSize = bytes.size() - pos;
    if (declared->asNumber() != static_cast<double>(binSize)) return refuse("damaged file: the arrays' size is wrong");
    TensorFile file;
    file.meta = *meta;
    std::size_t offset = 0;
    for (const auto& entry : table->asArray()) {
        const JsonValue* n = entry.find("name");
        const JsonValue* count = entry.find("count");
        if (!n || !n->isString() || !count || !count->isNumber() || count->asNumber() < 0 || count->asNumber() > 1e9)
            return refuse("damaged array table");
        const auto k = static_cast<std::size_t>(count->asNumber());
        if (k * sizeof(float) > binSize - offset) return refuse("damaged array table (arrays exceed the file)");
        std::vector<float> values(k);
        if (k) std::memcpy(values.data(), bytes.data() + pos + offset, k * sizeof(float));
        offset += k * sizeof(float);
        for (float v : values)
            if (!std::isfinite(v)) return refuse("array '" + n->asString() + "' holds NaN or infinity: the file is damaged");
        file.arrays.emplace_back(n->asString(), std::move(values));
    }
    if (offset != binSize) return refuse("damaged array table (sizes do not add up)");
    return file;
}

std::string ImageModelInfo::describe() const {
    return "learned " + toString(field) + ", " + network.describe() + ", " + toString(interpolant.family) +
           (interpolant.family == InterpolantFamily::Linear || interpolant.family == InterpolantFamily::Trig
                ? " γ=" + toString(interpolant.gamma)
                : std::string()) +
           ", " + (data.source.spec.empty() ? data.description : data.source.spec) + " " + std::to_string(data.height) + "×" +
           std::to_string(data.width) + ", step " + std::to_string(state.step);
}

JsonValue imageModelInfoToJson(const ImageModelInfo& info) {
    JsonValue data;
    data.set("spec", info.data.source.spec);
    data.set("size", info.data.source.size);
    data.set("max_train", info.data.source.maxTrain);
    data.set("max_test", info.data.source.maxTest);
    data.set("seed", std::to_string(info.data.source.seed));
    data.set("description", info.data.description);
    data.set("channels", info.data.channels);
    data.set("height", info.data.height);
    data.set("width", info.data.width);
    JsonValue names = JsonValue(JsonValue::Array{});
    for (const auto& n : info.data.classNames) names.push(n);
    data.set("class_names", names);
    data.set("images", static_cast<double>(info.data.images));
    JsonValue j;
    j.set("data", data);
    j.set("interpolant", interpolantToJson(info.interpolant));
    j.set("field", toString(info.field));
    j.set("objective", toString(info.objective));
    j.set("output", toString(info.output));
    j.set("network", unetOptionsToJson(info.network));
    j.set("trainer", trainerOptionsToJson(info.trainer));
    j.set("class_dropout", info.classDropout);
    j.set("dequantize", info.dequantize);
    j.set("device", info.device);
    j.set("state", trainingStateToJson(info.state));
    return j;
}

Result<ImageModelInfo> imageModelInfoFromJson(const JsonValue& j) {
    auto bad = [](const std::string& what) { return Error{"image model description: " + what}; };
    if (!j.isObject()) return bad("expected an object");
    ImageModelInfo info;
    const JsonValue* data = j.find("data");
    if (!data || !data->isObject()) return bad("missing 'data'");
    auto str = [](const JsonValue& o, const char* key, std::string& dst) {
        const JsonValue* v = o.find(key);
        if (!v || !v->isString()) return false;
        dst = v->asString();
        return true;
    };
    auto whole = [](const JsonValue& o, const char* key, long long lo, long long hi, long long& dst) {
        const JsonValue* v = o.find(key);
        if (!v || !v->isNumber() || v->asNumber() != std::floor(v->asNumber()) || v->asNumber() < lo || v->asNumber() > hi)
            return false;
        dst = static_cast<long long>(v->asNumber());
        return true;
    };
    long long channels = 0, height = 0, width = 0, images = 0, size = 0, maxTrain = 0, maxTest = 0;
    std::string seed;
    if (!str(*data, "spec", info.data.source.spec) || !whole(*data, "size", 0, 4096, size) ||
        !whole(*data, "max_train", 0, 2e9, maxTrain) || !whole(*data, "max_test", 0, 2e9, maxTest) ||
        !str(*data, "seed", seed) || seed.empty() || seed.size() > 20 ||
        seed.find_first_not_of("0123456789") != std::string::npos || !str(*data, "description", info.data.description) ||
        !whole(*data, "channels", 1, 3, channels) || !whole(*data, "height", 1, 4096, height) ||
        !whole(*data, "width", 1, 4096, width) || !whole(*data, "images", 0, 1e12, images))
        return bad("incomplete 'data'");
    info.data.source.size = static_cast<int>(size);
    info.data.source.maxTrain = static_cast<int>(maxTrain);
    info.data.source.maxTest = static_cast<int>(maxTest);
    info.data.source.seed = std::stoull(seed);
    info.data.channels = static_cast<int>(channels);
    info.data.height = static_cast<int>(height);
    info.data.width = static_cast<int>(width);
    info.data.images = images;
    const JsonValue* names = data->find("class_names");
    if (!names || !names->isArray()) return bad("missing class names");
    for (const auto& n : names->asArray()) {
        if (!n.isString()) return bad("bad class name");
        info.data.classNames.push_back(n.asString());
    }
    const JsonValue* interp = j.find("interpolant");
    if (!interp) return bad("missing 'interpolant'");
    auto io = interpolantFromJson(*interp);
    if (!io) return io.error();
    info.interpolant = *io;
    std::string field, objective, output;
    if (!str(j, "field", field) || !str(j, "objective", objective) || !str(j, "output", output) ||
        !str(j, "device", info.device))
        return bad("missing 'field', 'objective', 'output' or 'device'");
    auto f = parseTrainTarget(field);
    if (!f) return bad(f.message());
    auto o = parseObjectiveKind(objective);
    if (!o || *o == ObjectiveKind::Auto) return bad("bad objective '" + objective + "'");
    auto out = parseOutputParameterization(output);
    if (!out) return bad(out.message());
    info.field = *f;
    info.objective = *o;
    info.output = *out;
    const JsonValue* network = j.find("network");
    const JsonValue* trainer = j.find("trainer");
    if (!network || !trainer) return bad("missing 'network' or 'trainer'");
    auto net = unetOptionsFromJson(*network);
    if (!net) return net.error();
    info.network = *net;
    auto tr = trainerOptionsFromJson(*trainer);
    if (!tr) return tr.error();
    info.trainer = *tr;
    const JsonValue* dropout = j.find("class_dropout");
    const JsonValue* deq = j.find("dequantize");
    if (!dropout || !dropout->isNumber() || !(dropout->asNumber() >= 0.0 && dropout->asNumber() <= 1.0) || !deq ||
        !deq->isBool())
        return bad("missing or bad 'class_dropout' or 'dequantize'");
    info.classDropout = dropout->asNumber();
    info.dequantize = deq->asBool();
    const JsonValue* state = j.find("state");
    if (!state || !state->isObject()) return bad("missing 'state'");
    auto st = trainingStateFromJson(*state);
    if (!st) return bad(st.message());
    info.state = *st;
    // The network must fit the recorded data.
    if (info.network.channels != info.data.channels || info.network.height != info.data.height ||
        info.network.width != info.data.width)
        return bad("the network's image shape does not match its data set");
    if (info.network.classCount != 0 && info.network.classCount != info.data.classCount())
        return bad("the network's class count does not match its data set");
    return info;
}

Status writeUNetCheckpoint(const std::string& path, const UNetCheckpoint& data) {
    TensorFile file;
    file.meta = imageModelInfoToJson(data.info);
    file.arrays = {{"weights", data.weights}, {"raw_weights", data.rawWeights}, {"adam_m", data.adamM},
                   {"adam_v", data.adamV}};
    return writeTensorFile(path, kImageModelFormat, file);
}

Result<UNetCheckpoint> readUNetCheckpoint(const std::string& path) {
    auto file = readTensorFile(path, kImageModelFormat);
    if (!file) return file.error();
    auto info = imageModelInfoFromJson(file->meta);
    if (!info) return Error{path + ": " + info.message()};
    UNetCheckpoint data;
    data.info = std::move(*info);
    const std::pair<const char*, std::vector<float>*> slots[] = {
        {"weights", &data.weights}, {"raw_weights", &data.rawWeights}, {"adam_m", &data.adamM}, {"adam_v", &data.adamV}};
    for (const auto& [name, dst] : slots) {
        const std::vector<float>* v = file->find(name);
        if (!v) return Error{path + ": array '" + name + "' is missing"};
        *dst = *v;
    }
    const std::size_t n = data.weights.size();
    if (n == 0) return Error{path + ": the model holds no weights"};
    const bool hasState = !data.adamM.empty();
    if (hasState && (data.adamM.size() != n || data.adamV.size() != n ||
                     (data.info.state.weightsAreEma && data.rawWeights.size() != n)))
        return Error{path + ": the optimiser state does not match the weights"};
    if (!hasState && (!data.adamV.empty() || !data.rawWeights.empty())) return Error{path + ": incomplete optimiser state"};
    for (float v : data.adamV)
        if (v < 0.0f) return Error{path + ": the optimiser state holds negative second moments: the file is damaged"};
    return data;
}

}  // namespace flowlab::core
