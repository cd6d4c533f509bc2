#include "images/image_folder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "image/image_decoder.hpp"
#include "images/image_resample.hpp"

namespace flowlab::core {
namespace {

bool isImageName(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

}  // namespace

Result<ByteImages> loadImageFolder(const std::string& dir, int side) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Error{"folder:" + dir + ": not a folder"};
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && isImageName(it->path())) files.push_back(it->path());
        if (files.size() > std::size_t(kMaxFolderImages))
            return Error{"folder:" + dir + ": more than " + std::to_string(kMaxFolderImages) + " images"};
    }
    if (ec) return Error{"folder:" + dir + ": " + ec.message()};
    if (files.empty()) return Error{"folder:" + dir + ": no PNG, JPEG or BMP image in this folder"};
    std::sort(files.begin(), files.end());

    ByteImages out;
    out.height = side;
    out.width = side;
    std::string firstName;
    ImageDecodeOptions decode;
    // Decoding big photos down to ≤ 8× the target keeps the work small and loses nothing the
    // area average to side × side would keep.
    decode.maxWidth = decode.maxHeight = std::max(8 * side, 64);
    for (const auto& file : files) {
        auto raster = decodeImageFile(file.string(), decode);
        if (!raster) return raster.error();
        const int channels = raster->grey ? 1 : 3;
        if (firstName.empty()) {
            firstName = file.filename().string();
            out.channels = channels;
        } else if (channels != out.channels) {
            return Error{"folder:" + dir + ": mixes grey and colour images (" + firstName + " is " +
                         (out.channels == 1 ? "grey" : "colour") + ", " + file.filename().string() + " is " +
                         (channels == 1 ? "grey" : "colour") + "): convert them to one kind"};
        }
        const int w = raster->width, h = raster->height;
        const std::size_t n = std::size_t(w) * h;
        std::vector<std::uint8_t> planar(std::size_t(channels) * n);
        for (std::size_t i = 0; i < n; ++i) {
            const double a = raster->alpha[i];
            for (int c = 0; c < channels; ++c) {
                const double v = channels == 1 ? 255.0 * raster->intensity[i] : double(raster->rgb[3 * i + c]);
                planar[std::size_t(c) * n + i] = static_cast<std::uint8_t>(std::lround(std::clamp(v * a, 0.0, 255.0)));
            }
        }
        const int crop = std::min(w, h);
        const auto square = cropCentreSquare(planar, channels, w, h);
        const auto resized = resampleArea(square, channels, crop, crop, side, side);
        out.values.insert(out.values.end(), resized.begin(), resized.end());
    }
    return out;
}

}  // namespace flowlab::core
