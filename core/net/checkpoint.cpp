#include "net/checkpoint.hpp"

#include <cstdint>
#include <cmath>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "io/checksum.hpp"
#include "io/file_io.hpp"
#include "io/json.hpp"

namespace flowlab::core {

namespace {

constexpr const char* kMagic = "FLOWLAB-MODEL ";
/// Version 2: the checksum is a trailer covering every byte before it (docs/model-file.md).
constexpr int kFormatVersion = 2;
/// Version 1 files checksummed only the weights, with an offset basis one digit short of
/// FNV-1a's; they are still read when that checksum matches.
constexpr int kOldFormatVersion = 1;
constexpr std::uint64_t kOldFnvBasis = 1469598103934665603ull;
constexpr const char* kTrailerTag = "FNV1A64 ";
constexpr std::size_t kTrailerBytes = 8 + 16 + 1;  // tag, 16 hex digits, newline
constexpr std::size_t kMaxHeaderBytes = 64u << 20;
constexpr std::size_t kMaxFileBytes = 2048u << 20;

void appendFloats(std::string& out, const std::vector<float>& v) {
    // x86-64 and every platform FlowLab targets are little-endian: the bytes are the floats.
    static_assert(sizeof(float) == 4, "float32 expected");
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

struct ArraySlot {
    const char* name;
    std::vector<float> CheckpointData::*member;
};

const ArraySlot kArrays[] = {
    {"weights", &CheckpointData::weights},   {"frequencies", &CheckpointData::frequencies},
    {"raw_weights", &CheckpointData::rawWeights}, {"adam_m", &CheckpointData::adamM},
    {"adam_v", &CheckpointData::adamV},
};

}  // namespace

Status writeCheckpoint(const std::string& path, const CheckpointData& data) {
    const auto params = static_cast<std::size_t>(data.info.network.parameterCount());
    if (data.weights.size() != params) return Error{"internal: weights do not match the architecture"};
    std::string binary;
    JsonValue arrays;
    for (const auto& slot : kArrays) {
        const auto& v = data.*(slot.member);
        JsonValue a;
        a.set("name", slot.name);
        a.set("count", static_cast<double>(v.size()));
        arrays.push(a);
        appendFloats(binary, v);
    }
    JsonValue header;
    header.set("format", "flowlab-model");
    header.set("version", kFormatVersion);
    header.set("model", modelInfoToJson(data.info));
    header.set("arrays", arrays);
    header.set("binary_bytes", static_cast<double>(binary.size()));
    const std::string json = header.dump(1);
    std::string file = kMagic + std::to_string(kFormatVersion) + "\n" + std::to_string(json.size()) + "\n";
    file += json;
    file += binary;
    file += kTrailerTag + hex64(fnv1a64(file.data(), file.size())) + "\n";
    return writeFileAtomic(path, file);
}

Result<CheckpointData> readCheckpoint(const std::string& path) {
    auto bytes = readTextFile(path, kMaxFileBytes);
    if (!bytes) return bytes.error();
    return parseCheckpoint(*bytes, path);
}

Result<CheckpointData> parseCheckpoint(const std::string& file, const std::string& name) {
    auto refuse = [&](const std::string& why) { return Error{name + ": " + why}; };
    const std::size_t magicLen = std::strlen(kMagic);
    if (file.compare(0, magicLen, kMagic) != 0) return refuse("not a FlowLab model file");
    const bool oldFormat = file.compare(magicLen, 2, std::to_string(kOldFormatVersion) + "\n") == 0;
    // Version 2 and later: verify the whole file first, so that nothing in it — the model's
    // description included — is trusted before its checksum matches.
    std::string_view body(file);
    if (!oldFormat) {
        if (file.size() < kTrailerBytes || file.compare(file.size() - kTrailerBytes, 8, kTrailerTag) != 0 ||
            file.back() != '\n') {
            if (file.compare(magicLen, 2, std::to_string(kFormatVersion) + "\n") == 0)
                return refuse("truncated or damaged file (its checksum line is missing)");
        } else {
            body = body.substr(0, file.size() - kTrailerBytes);
            if (file.compare(file.size() - kTrailerBytes + 8, 16, hex64(fnv1a64(body.data(), body.size()))) != 0)
                return refuse("corrupt file: the checksum does not match (the file was changed or damaged)");
        }
    }
    const std::string_view bytes = body;
    const std::size_t line1 = bytes.find('\n', magicLen);
    if (line1 == std::string::npos || line1 - magicLen > 9) return refuse("truncated or damaged file header");
    const std::string version(bytes.substr(magicLen, line1 - magicLen));
    if (version.empty() || version.find_first_not_of("0123456789") != std::string::npos)
        return refuse("damaged file header (version)");
    if (std::stoi(version) != kFormatVersion && std::stoi(version) != kOldFormatVersion)
        return refuse("model format version " + version + " is not supported (this FlowLab reads versions " +
                      std::to_string(kOldFormatVersion) + " and " + std::to_string(kFormatVersion) + ")");
    const std::size_t line2 = bytes.find('\n', line1 + 1);
    if (line2 == std::string::npos || line2 - line1 - 1 > 12 || line2 == line1 + 1)
        return refuse("truncated or damaged file header");
    const std::string lenText(bytes.substr(line1 + 1, line2 - line1 - 1));
    if (lenText.find_first_not_of("0123456789") != std::string::npos) return refuse("damaged file header (length)");
    const std::size_t jsonLen = std::stoull(lenText);
    if (jsonLen > kMaxHeaderBytes) return refuse("damaged file header (metadata too large)");
    if (bytes.size() - line2 - 1 < jsonLen) return refuse("truncated file (metadata incomplete)");
    auto header = parseJson(std::string(bytes.substr(line2 + 1, jsonLen)));
    if (!header) return refuse("damaged metadata: " + header.message());
    const JsonValue* format = header->find("format");
    if (!format || !format->isString() || format->asString() != "flowlab-model")
        return refuse("not a FlowLab model file");
    const JsonValue* model = header->find("model");
    if (!model) return refuse("metadata without a model description");
    auto info = modelInfoFromJson(*model);
    if (!info) return refuse(info.message());

    const std::size_t binStart = line2 + 1 + jsonLen;
    const std::size_t binSize = bytes.size() - binStart;
    const JsonValue* declared = header->find("binary_bytes");
    const JsonValue* checksum = header->find("checksum_fnv1a64");
    const JsonValue* arrays = header->find("arrays");
    if (!declared || !declared->isNumber() || !arrays || !arrays->isArray() ||
        (oldFormat && (!checksum || !checksum->isString())))
        return refuse("metadata without array table or checksum");
    if (declared->asNumber() != static_cast<double>(binSize)) {
        if (static_cast<double>(binSize) < declared->asNumber())
            return refuse("truncated file: weights hold " + std::to_string(binSize) + " of " +
                          std::to_string(static_cast<long long>(declared->asNumber())) + " bytes");
        return refuse("damaged file: extra bytes after the weights");
    }
    if (oldFormat && hex64(fnv1a64(bytes.data() + binStart, binSize, kOldFnvBasis)) != checksum->asString())
        return refuse("corrupt file: the weights' checksum does not match (model format 1)");

    CheckpointData data;
    data.info = std::move(*info);
    const auto& list = arrays->asArray();
    std::size_t offset = 0;
    for (const auto& slot : kArrays) {
        const JsonValue* entry = nullptr;
        for (const auto& a : list) {
            const JsonValue* n = a.find("name");
            if (n && n->isString() && n->asString() == slot.name) entry = &a;
        }
        if (!entry) return refuse(std::string("array '") + slot.name + "' is missing");
        const JsonValue* count = entry->find("count");
        if (!count || !count->isNumber() || count->asNumber() < 0 || count->asNumber() > 1e9)
            return refuse(std::string("array '") + slot.name + "' has a bad length");
        const auto n = static_cast<std::size_t>(count->asNumber());
        if (n * sizeof(float) > binSize - offset) return refuse("damaged array table (arrays exceed the file)");
        auto& dst = data.*(slot.member);
        dst.resize(n);
        if (n) std::memcpy(dst.data(), bytes.data() + binStart + offset, n * sizeof(float));
        offset += n * sizeof(float);
    }
    if (offset != binSize) return refuse("damaged array table (sizes do not add up)");

    const auto params = static_cast<std::size_t>(data.info.network.parameterCount());
    if (data.weights.size() != params)
        return refuse("the weights hold " + std::to_string(data.weights.size()) +
                      " numbers but the architecture " + data.info.network.describe() + " needs " +
                      std::to_string(params));
    if (data.frequencies.size() != static_cast<std::size_t>(data.info.network.timeFrequencies))
        return refuse("the time-embedding frequencies do not match the architecture");
    const bool hasState = !data.adamM.empty();
    if (hasState && (data.adamM.size() != params || data.adamV.size() != params ||
                     (data.info.state.weightsAreEma && data.rawWeights.size() != params)))
        return refuse("the optimiser state does not match the architecture");
    if (!hasState && (!data.adamV.empty() || !data.rawWeights.empty()))
        return refuse("incomplete optimiser state");
    // A model with a non-finite number anywhere would render, sample or resume into NaN: refuse
    // it here, where the reason can still be named.
    const std::pair<const std::vector<float>*, const char*> checked[] = {
        {&data.weights, "the weights"},
        {&data.frequencies, "the time-embedding frequencies"},
        {&data.rawWeights, "the optimiser's weights"},
        {&data.adamM, "the optimiser state (Adam first moments)"},
        {&data.adamV, "the optimiser state (Adam second moments)"},
    };
    for (const auto& [values, what] : checked) {
        for (float w : *values)
            if (!std::isfinite(w)) return refuse(std::string(what) + " contain NaN or infinity: the file is damaged");
    }
    for (float v : data.adamV)
        if (v < 0.0f) return refuse("the optimiser state (Adam second moments) holds negative values: the file is damaged");
    return data;
}

}  // namespace flowlab::core
