#include "image_args.hpp"

namespace flowlab::cli {

std::vector<OptionSpec> imageDataOptionSpecs() {
    return {
        {"data", "SET", "image data set: " + core::imageDataSpecHelp() + " (required)"},
        {"size", "S", "resize images to S×S (area average, e.g. 28 → 14; " + std::to_string(core::kMinImageDataSide) +
                          " … " + std::to_string(core::kMaxImageDataSide) + "; default: the data set's own)"},
        {"max-train", "N", "use at most the first N training images (default all; shapes: 4000)"},
        {"max-test", "N", "use at most the first N test images (default all; shapes: 1000)"},
        {"data-seed", "S", "seed of the procedural shapes (default 0)"},
    };
}

core::Result<core::ImageDataOptions> parseImageDataArgs(const Args& args) {
    core::ImageDataOptions o;
    auto data = args.required("data");
    if (!data) return data.error();
    o.spec = *data;
    auto size = args.integer("size", 0, core::kMinImageDataSide, core::kMaxImageDataSide);
    if (!size) return size.error();
    o.size = static_cast<int>(*size);
    auto maxTrain = args.integer("max-train", 0, 1, 1000000);
    if (!maxTrain) return maxTrain.error();
    o.maxTrain = static_cast<int>(*maxTrain);
    auto maxTest = args.integer("max-test", 0, 1, 1000000);
    if (!maxTest) return maxTest.error();
    o.maxTest = static_cast<int>(*maxTest);
    auto seed = args.integer("data-seed", 0, 0, 1LL << 53);
    if (!seed) return seed.error();
    o.seed = static_cast<std::uint64_t>(*seed);
    if (const auto p = o.validate(); !p.empty()) return core::Error{"--data: " + p};
    return o;
}

}  // namespace flowlab::cli
