#include "net/unet_options.hpp"

#include <cmath>
#include <sstream>

namespace flowlab::core {

namespace {

constexpr int kMaxImageSide = 256;
constexpr int kMaxBaseChannels = 512;
constexpr int kMaxLevels = 6;
constexpr int kMaxMultiplier = 16;
constexpr int kMaxResBlocks = 8;
constexpr int kMaxClasses = 1000;

}  // namespace

std::string UNetOptions::validate() const {
    if (channels != 1 && channels != 3) return "images must have 1 (grey) or 3 (RGB) channels";
    if (height < 1 || height > kMaxImageSide || width < 1 || width > kMaxImageSide)
        return "image size must be in [1, " + std::to_string(kMaxImageSide) + "] pixels per side";
    if (baseChannels < 1 || baseChannels > kMaxBaseChannels)
        return "U-Net base channels must be in [1, " + std::to_string(kMaxBaseChannels) + "]";
    if (channelMultipliers.empty() || levels() > kMaxLevels)
        return "the U-Net needs 1 to " + std::to_string(kMaxLevels) + " levels";
    for (int m : channelMultipliers)
        if (m < 1 || m > kMaxMultiplier)
            return "U-Net channel multipliers must be in [1, " + std::to_string(kMaxMultiplier) + "]";
    if (resBlocks < 1 || resBlocks > kMaxResBlocks)
        return "U-Net residual blocks per level must be in [1, " + std::to_string(kMaxResBlocks) + "]";
    // Every channel count in the network is a multiple of baseChannels (level widths and their
    // concatenations), so this one check covers all GroupNorms.
    if (groups < 1 || baseChannels % groups != 0)
        return "GroupNorm groups (" + std::to_string(groups) + ") must divide the base channels (" +
               std::to_string(baseChannels) + ")";
    if (classCount < 0 || classCount > kMaxClasses)
        return "class count must be in [0, " + std::to_string(kMaxClasses) + "]";
    return {};
}

std::string UNetOptions::describe() const {
    std::string mult;
    for (int m : channelMultipliers) mult += (mult.empty() ? "" : ",") + std::to_string(m);
    return "U-Net " + std::to_string(baseChannels) + "×(" + mult + "), " + std::to_string(resBlocks) +
           " res block" + (resBlocks == 1 ? "" : "s") +
           (classCount > 0 ? ", " + std::to_string(classCount) + " classes + ∅" : std::string());
}

bool UNetOptions::operator==(const UNetOptions& o) const {
    return channels == o.channels && height == o.height && width == o.width && baseChannels == o.baseChannels &&
           channelMultipliers == o.channelMultipliers && resBlocks == o.resBlocks && groups == o.groups &&
           classCount == o.classCount;
}

JsonValue unetOptionsToJson(const UNetOptions& o) {
    JsonValue j;
    j.set("kind", "unet");
    j.set("channels", o.channels);
    j.set("height", o.height);
    j.set("width", o.width);
    j.set("base_channels", o.baseChannels);
    JsonValue mult;
    for (int m : o.channelMultipliers) mult.push(m);
    j.set("channel_multipliers", mult);
    j.set("res_blocks", o.resBlocks);
    j.set("groups", o.groups);
    j.set("class_count", o.classCount);
    return j;
}

Result<UNetOptions> unetOptionsFromJson(const JsonValue& json) {
    if (!json.isObject()) return Error{"U-Net: expected an object"};
    const JsonValue* kind = json.find("kind");
    if (!kind || !kind->isString() || kind->asString() != "unet") return Error{"U-Net: not a U-Net description"};
    UNetOptions o;
    const std::pair<const char*, int*> ints[] = {
        {"channels", &o.channels},    {"height", &o.height}, {"width", &o.width},
        {"base_channels", &o.baseChannels}, {"res_blocks", &o.resBlocks}, {"groups", &o.groups},
        {"class_count", &o.classCount},
    };
    for (const auto& [key, dst] : ints) {
        const JsonValue* v = json.find(key);
        if (!v || !v->isNumber() || v->asNumber() != std::floor(v->asNumber()) || std::abs(v->asNumber()) > 1e6)
            return Error{std::string("U-Net: missing or bad whole number '") + key + "'"};
        *dst = static_cast<int>(v->asNumber());
    }
    const JsonValue* mult = json.find("channel_multipliers");
    if (!mult || !mult->isArray()) return Error{"U-Net: missing 'channel_multipliers'"};
    o.channelMultipliers.clear();
    for (const auto& m : mult->asArray()) {
        if (!m.isNumber() || m.asNumber() != std::floor(m.asNumber()) || std::abs(m.asNumber()) > 1e6)
            return Error{"U-Net: bad channel multiplier"};
        o.channelMultipliers.push_back(static_cast<int>(m.asNumber()));
    }
    if (auto p = o.validate(); !p.empty()) return Error{"U-Net: " + p};
    return o;
}

Result<std::vector<int>> parseChannelMultipliers(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty() || item.size() > 2 || item.find_first_not_of("0123456789") != std::string::npos)
            return Error{"channel multipliers must be a comma-separated list of whole numbers such as 1,2,2 (got '" +
                         text + "')"};
        out.push_back(std::stoi(item));
    }
    if (out.empty() || static_cast<int>(out.size()) > kMaxLevels)
        return Error{"the U-Net needs 1 to " + std::to_string(kMaxLevels) + " levels (got '" + text + "')"};
    for (int m : out)
        if (m < 1 || m > kMaxMultiplier)
            return Error{"channel multipliers must be in [1, " + std::to_string(kMaxMultiplier) + "] (got '" + text + "')"};
    return out;
}

}  // namespace flowlab::core
