#include "images/image_data.hpp"

#include <filesystem>
#include <system_error>

#include "images/byte_images.hpp"
#include "images/idx_reader.hpp"
#include "images/image_folder.hpp"
#include "images/shapes_dataset.hpp"

namespace flowlab::core {
namespace {

constexpr int kMaxImageCount = 1000000;
constexpr int kFolderDefaultSide = 28;

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string sizeText(const ByteImages& b) {
    return std::to_string(b.width) + "×" + std::to_string(b.height) + (b.channels == 3 ? " RGB" : "");
}

/// The side to resize to: the option, or the native one; refuses natives above the limit.
Result<int> targetSide(const ImageDataOptions& o, const ByteImages& b, const std::string& name) {
    if (o.size > 0) return o.size;
    if (b.width != b.height || b.width > kMaxImageDataSide)
        return Error{name + ": images are " + sizeText(b) + "; choose a square size ≤ " +
                     std::to_string(kMaxImageDataSide) + " with --size"};
    return b.width;
}

ByteImages firstN(const ByteImages& b, int cap) {
    if (cap <= 0 || std::size_t(cap) >= b.size()) return b;
    std::vector<std::size_t> idx(static_cast<std::size_t>(cap));
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    return selectImages(b, idx);
}

ImageSplits finish(const ByteImages& train, const ByteImages& test, int side, const ImageDataOptions& o,
                   const std::vector<std::string>& names, const std::string& what) {
    const ByteImages tr = resizeImages(firstN(train, o.maxTrain), side);
    const ByteImages te = resizeImages(firstN(test, o.maxTest), side);
    ImageSplits s;
    s.train = toImageDataset(tr, names, what + " train " + sizeText(tr));
    s.test = toImageDataset(te, names, what + " test " + sizeText(te));
    return s;
}

/// One set split into train and test: every 10th image is held out.
ImageSplits splitTenth(const ByteImages& all, int side, const ImageDataOptions& o, std::vector<std::string> names,
                       const std::string& what) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < all.size(); ++i) (i % 10 == 9 ? test : train).push_back(i);
    if (!all.labels.empty() && names.empty()) {
        int k = 0;
        for (int l : all.labels) k = std::max(k, l + 1);
        for (int c = 0; c < k; ++c) names.push_back(std::to_string(c));
    }
    return finish(selectImages(all, train), selectImages(all, test), side, o, names, what);
}

Result<ImageSplits> loadIdxPair(const ImageDataOptions& o, const std::string& files) {
    const auto comma = files.find(',');
    const std::string imagesPath = files.substr(0, comma);
    const std::string labelsPath = comma == std::string::npos ? "" : files.substr(comma + 1);
    if (imagesPath.empty()) return Error{"idx: give the images file (idx:IMAGES[,LABELS])"};
    auto images = readIdxFile(imagesPath);
    if (!images) return images.error();
    Result<IdxArray> labels = IdxArray{};
    if (!labelsPath.empty()) {
        labels = readIdxFile(labelsPath);
        if (!labels) return labels.error();
    }
    auto bytes = imagesFromIdx(*images, labelsPath.empty() ? nullptr : &*labels, 0, imagesPath);
    if (!bytes) return bytes.error();
    if (bytes->size() < 2) return Error{imagesPath + ": at least 2 images are needed (one for each split)"};
    auto side = targetSide(o, *bytes, imagesPath);
    if (!side) return side.error();
    return splitTenth(*bytes, *side, o, {}, "idx " + std::filesystem::path(imagesPath).filename().string());
}

Result<ImageSplits> loadFolder(const ImageDataOptions& o, const std::string& dir) {
    const int side = o.size > 0 ? o.size : kFolderDefaultSide;
    auto bytes = loadImageFolder(dir, side);
    if (!bytes) return bytes.error();
    if (bytes->size() < 2) return Error{"folder:" + dir + ": at least 2 images are needed (one for each split)"};
    return splitTenth(*bytes, side, o, {}, "folder " + dir);
}

Result<ImageSplits> loadShapes(const ImageDataOptions& o) {
    const int side = o.size > 0 ? o.size : kShapesDefaultSide;
    const int nTrain = o.maxTrain > 0 ? o.maxTrain : kShapesDefaultTrain;
    const int nTest = o.maxTest > 0 ? o.maxTest : kShapesDefaultTest;
    // Different streams for the two splits; generated at the final size (no resampling).
    const ByteImages train = generateShapes(nTrain, side, o.seed * 2 + 1);
    const ByteImages test = generateShapes(nTest, side, o.seed * 2 + 2);
    return finish(train, test, side, o, shapeClassNames(), "shapes");
}

}  // namespace

std::string ImageDataOptions::validate() const {
    if (spec.empty()) return "no data set given (" + imageDataSpecHelp() + ")";
    if (spec != "fashion-mnist" && spec != "shapes" && !startsWith(spec, "folder:") && !startsWith(spec, "idx:"))
        return "unknown data set '" + spec + "' (" + imageDataSpecHelp() + ")";
    if (size != 0 && (size < kMinImageDataSide || size > kMaxImageDataSide))
        return "image size must be between " + std::to_string(kMinImageDataSide) + " and " +
               std::to_string(kMaxImageDataSide) + " pixels (or 0 for the data set's own), got " + std::to_string(size);
    if (maxTrain < 0 || maxTrain > kMaxImageCount || maxTest < 0 || maxTest > kMaxImageCount)
        return "image counts must be between 0 (all) and " + std::to_string(kMaxImageCount);
    return {};
}

std::string imageDataSpecHelp() { return "fashion-mnist, shapes, folder:DIR or idx:IMAGES[,LABELS]"; }

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

Result<ImageSplits> loadFashionMnist(const ImageDataOptions& o, const std::string& dir) {
    namespace fs = std::filesystem;
    const fs::path root(dir);
    const char* files[4] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                            "t10k-labels-idx1-ubyte.gz"};
    std::error_code ec;
    for (const char* f : files) {
        if (!fs::exists(root / f, ec))
            return Error{"Fashion-MNIST not found (" + (root / f).string() +
                         " is missing): install the package dataset-fashion-mnist (scripts/setup does)"};
    }
    ByteImages split[2];
    for (int s = 0; s < 2; ++s) {
        auto images = readIdxFile((root / files[2 * s]).string());
        if (!images) return images.error();
        auto labels = readIdxFile((root / files[2 * s + 1]).string());
        if (!labels) return labels.error();
        auto b = imagesFromIdx(*images, &*labels, int(fashionMnistClassNames().size()), (root / files[2 * s]).string());
        if (!b) return b.error();
        split[s] = std::move(*b);
    }
    auto side = targetSide(o, split[0], "fashion-mnist");
    if (!side) return side.error();
    return finish(split[0], split[1], *side, o, fashionMnistClassNames(), "fashion-mnist");
}

Result<ImageSplits> loadImageData(const ImageDataOptions& o) {
    if (const auto p = o.validate(); !p.empty()) return Error{p};
    if (o.spec == "shapes") return loadShapes(o);
    if (o.spec == "fashion-mnist") return loadFashionMnist(o, o.fashionMnistDir);
    if (startsWith(o.spec, "folder:")) return loadFolder(o, o.spec.substr(7));
    return loadIdxPair(o, o.spec.substr(4));
}

}  // namespace flowlab::core
