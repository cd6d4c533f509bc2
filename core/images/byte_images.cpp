#include "images/byte_images.hpp"

#include <algorithm>

#include "images/image_resample.hpp"
#include "images/pixel_scale.hpp"

namespace flowlab::core {

Result<ByteImages> imagesFromIdx(const IdxArray& images, const IdxArray* labels, int classCount,
                                 const std::string& name) {
    if (images.dims.size() != 3) {
        return Error{name + ": images must be an IDX array of 3 dimensions [count, height, width], this one has " +
                     std::to_string(images.dims.size())};
    }
    ByteImages out;
    const std::size_t n = images.dims[0];
    out.height = static_cast<int>(images.dims[1]);
    out.width = static_cast<int>(images.dims[2]);
    if (images.dims[1] > 1024 || images.dims[2] > 1024)
        return Error{name + ": images of " + std::to_string(images.dims[2]) + "×" + std::to_string(images.dims[1]) +
                     " pixels are too large (at most 1024 per side)"};
    out.values = images.values;
    if (labels) {
        if (labels->dims.size() != 1)
            return Error{name + ": labels must be an IDX array of 1 dimension, this one has " +
                         std::to_string(labels->dims.size())};
        if (labels->dims[0] != n)
            return Error{name + ": " + std::to_string(labels->dims[0]) + " labels for " + std::to_string(n) + " images"};
        const int limit = classCount > 0 ? classCount : 256;
        out.labels.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const int l = labels->values[i];
            if (l >= limit)
                return Error{name + ": label " + std::to_string(l) + " of image " + std::to_string(i) +
                             " is out of range (" + std::to_string(limit) + " classes)"};
            out.labels.push_back(l);
        }
    }
    return out;
}

ByteImages resizeImages(const ByteImages& images, int side) {
    if (images.width == side && images.height == side) return images;
    ByteImages out;
    out.channels = images.channels;
    out.height = side;
    out.width = side;
    out.labels = images.labels;
    out.values.reserve(images.size() * out.dim());
    const int crop = std::min(images.width, images.height);
    for (std::size_t i = 0; i < images.size(); ++i) {
        std::vector<std::uint8_t> one(images.values.begin() + static_cast<std::ptrdiff_t>(i * images.dim()),
                                      images.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * images.dim()));
        if (images.width != images.height) one = cropCentreSquare(one, images.channels, images.width, images.height);
        const auto r = resampleArea(one, images.channels, crop, crop, side, side);
        out.values.insert(out.values.end(), r.begin(), r.end());
    }
    return out;
}

ByteImages selectImages(const ByteImages& images, const std::vector<std::size_t>& indices) {
    ByteImages out;
    out.channels = images.channels;
    out.height = images.height;
    out.width = images.width;
    const std::size_t d = images.dim();
    out.values.reserve(indices.size() * d);
    for (std::size_t i : indices) {
        out.values.insert(out.values.end(), images.values.begin() + static_cast<std::ptrdiff_t>(i * d),
                          images.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
        if (!images.labels.empty()) out.labels.push_back(images.labels[i]);
    }
    return out;
}

ImageDataset toImageDataset(const ByteImages& images, std::vector<std::string> classNames, std::string description) {
    ImageDataset d;
    d.channels = images.channels;
    d.height = images.height;
    d.width = images.width;
    d.pixels.resize(images.values.size());
    std::transform(images.values.begin(), images.values.end(), d.pixels.begin(),
                   [](std::uint8_t p) { return pixelToUnit(p); });
    d.labels = images.labels;
    if (!d.labels.empty() && classNames.empty()) {
        const int k = *std::max_element(d.labels.begin(), d.labels.end()) + 1;
        for (int c = 0; c < k; ++c) classNames.push_back(std::to_string(c));
    }
    d.classNames = std::move(classNames);
    d.description = std::move(description);
    return d;
}

}  // namespace flowlab::core
