#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "images/idx_reader.hpp"
#include "images/image_dataset.hpp"

namespace flowlab::core {

/// Images as 8-bit levels, the form loaders build before scaling to [−1, 1]: N images of
/// channels × height × width bytes, planar (C, H, W), with optional labels.
struct ByteImages {
    int channels = 1;
    int height = 0;
    int width = 0;
    std::vector<std::uint8_t> values;
    std::vector<int> labels;

    std::size_t dim() const { return static_cast<std::size_t>(channels) * height * width; }
    std::size_t size() const { return dim() > 0 ? values.size() / dim() : 0; }
};

/// Images from an IDX array [N, H, W] (grey) and optional labels [N]. Refuses other shapes, a
/// label count that differs from the image count, and labels ≥ `classCount` (when classCount > 0;
/// otherwise labels must be < 256 and the class count is the largest label + 1).
Result<ByteImages> imagesFromIdx(const IdxArray& images, const IdxArray* labels, int classCount,
                                 const std::string& name);

/// Every image resized to side × side by area averaging (aspect ratio: the centred square crop
/// first when the images are not square). Images already of that size are returned unchanged.
ByteImages resizeImages(const ByteImages& images, int side);

/// The images with the given indices, in that order (labels kept).
ByteImages selectImages(const ByteImages& images, const std::vector<std::size_t>& indices);

/// Scaled to [−1, 1] by pixelToUnit (docs/maths.md §10), with names and description attached.
ImageDataset toImageDataset(const ByteImages& images, std::vector<std::string> classNames, std::string description);

}  // namespace flowlab::core
