#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// The architecture of the time-conditioned image U-Net (core/net/unet.hpp): what a checkpoint
/// must reproduce exactly. The network maps an image x (channels × height × width), a time
/// t ∈ [0, 1] and, when classCount > 0, a class label in [0, classCount] (classCount itself is
/// the null class ∅ of classifier-free guidance) to one field of the same shape.
///
/// Layout: a 3×3 input convolution to baseChannels; per level l, resBlocks residual blocks with
/// baseChannels·channelMultipliers[l] channels, then (except at the last level) a stride-2
/// convolution halving the resolution (rounding up); two residual blocks in the middle; the
/// mirror image upwards with skip connections (concatenated) and nearest upsampling to the
/// skip's size; GroupNorm, SiLU and a 3×3 output convolution initialised to zero (the untrained
/// network predicts 0, the data-free baseline). Residual blocks are GroupNorm → SiLU → conv →
/// + time/class embedding → GroupNorm → SiLU → conv, with a 1×1 convolution on the skip where
/// the channel count changes. The time enters as sinusoidal features of 1000·t through a
/// two-layer SiLU MLP of width 4·baseChannels; a class embedding of the same width is added.
struct UNetOptions {
    int channels = 1;                          ///< image channels (1 grey, 3 RGB)
    int height = 16;                           ///< image height in pixels
    int width = 16;                            ///< image width in pixels
    int baseChannels = 32;                     ///< channels of the first level
    std::vector<int> channelMultipliers{1, 2, 2};  ///< one per level (the number of levels)
    int resBlocks = 1;                         ///< residual blocks per level on the way down
    int groups = 8;                            ///< GroupNorm groups (must divide baseChannels)
    int classCount = 0;                        ///< 0 = unconditional; else labels 0…classCount−1 and ∅

    /// Empty when valid, else the problem in words.
    std::string validate() const;

    int levels() const { return static_cast<int>(channelMultipliers.size()); }
    /// Values per image: channels · height · width.
    int dim() const { return channels * height * width; }
    /// Width of the time (and class) embedding.
    int embeddingWidth() const { return 4 * baseChannels; }
    /// The index of the null class ∅ (== classCount); only meaningful when classCount > 0.
    int nullClass() const { return classCount; }
    /// "U-Net 32×(1,2,2), 1 res block, 10 classes + ∅" for labels and logs.
    std::string describe() const;

    bool operator==(const UNetOptions& o) const;
    bool operator!=(const UNetOptions& o) const { return !(*this == o); }
};

JsonValue unetOptionsToJson(const UNetOptions& options);
/// Refuses missing members and out-of-range values with a message.
Result<UNetOptions> unetOptionsFromJson(const JsonValue& json);

/// Parses "1,2,2" into channel multipliers (each in [1, 16], 1 to 6 levels).
Result<std::vector<int>> parseChannelMultipliers(const std::string& text);

}  // namespace flowlab::core
