#include "density/image_density.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "io/message_text.hpp"

namespace flowlab::core {
namespace {

Result<double> parseNumber(const std::string& key, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
        return Error{"image option '" + key + "': '" + shownToken(text) + "' is not a number"};
    return v;
}

// Values within rounding of 0 or 1 become exactly 0 or 1: the luma of white is
// 0.9999999999999999, and inverted that would leave 1e-16 everywhere (after `contrast` < 1, a
// visible uniform density) instead of an empty drawing.
double snapToUnitEnds(double v) {
    constexpr double kRounding = 1e-9;  // far below one 16-bit level (1.5e-5)
    v = std::clamp(v, 0.0, 1.0);
    if (v < kRounding) return 0.0;
    if (v > 1.0 - kRounding) return 1.0;
    return v;
}

}  // namespace

std::string ImageDensityOptions::validate() const {
    if (!(contrast > 0.0 && contrast <= 100.0)) return "contrast must be in (0, 100], not " + shownNumber(contrast);
    if (!(threshold >= 0.0 && threshold < 1.0)) return "threshold must be in [0, 1), not " + shownNumber(threshold);
    if (!std::isfinite(centerX) || !std::isfinite(centerY) || std::abs(centerX) > 1e6 || std::abs(centerY) > 1e6)
        return "the picture's centre must lie within 1e6 of the origin, not (" + shownNumber(centerX) + ", " +
               shownNumber(centerY) + ")";
    if (!(halfExtent > 1e-6 && halfExtent < 1e6))
        return "size (the picture's half-width) must be in (1e-06, 1e+06), not " + shownNumber(halfExtent);
    if (rasterCells < 2 || rasterCells > 1024)
        return "cells (raster cells) must be in [2, 1024], not " + std::to_string(rasterCells);
    return {};
}

Result<ImageDensity> imageToRaster(const ImageRaster& image, const ImageDensityOptions& o) {
    if (auto p = o.validate(); !p.empty()) return Error{p};
    if (image.width < 1 || image.height < 1 ||
        image.intensity.size() != std::size_t(image.width) * std::size_t(image.height) ||
        image.alpha.size() != image.intensity.size())
        return Error{"the image has no pixels"};
    const int longer = std::max(image.width, image.height);
    const int cells = std::min(o.rasterCells, longer);
    const double scale = double(cells) / longer;  // cells per pixel
    const int cw = std::max(1, static_cast<int>(std::lround(image.width * scale)));
    const int ch = std::max(1, static_cast<int>(std::lround(image.height * scale)));
    const double halfW = o.halfExtent * double(image.width) / longer;
    const double halfH = o.halfExtent * double(image.height) / longer;
    ImageDensity out;
    out.downsampled = cw < image.width || ch < image.height;
    out.raster = Raster::zeros(cw, ch, o.centerX - halfW, o.centerX + halfW, o.centerY - halfH, o.centerY + halfH);
    std::vector<double> count(out.raster.values.size(), 0.0);
    for (int y = 0; y < image.height; ++y) {
        const int row = std::min(ch - 1, static_cast<int>(double(y) * ch / image.height));
        for (int x = 0; x < image.width; ++x) {
            const int col = std::min(cw - 1, static_cast<int>(double(x) * cw / image.width));
            double i = snapToUnitEnds(image.intensityAt(x, y));
            if (o.invert) i = 1.0 - i;
            const double a = snapToUnitEnds(image.alphaAt(x, y));
            double w = o.weight == ImageDensityOptions::Weight::Intensity ? i
                       : o.weight == ImageDensityOptions::Weight::Alpha  ? a
                                                                         : i * a;
            out.raster.at(col, row) += w;
            count[std::size_t(row) * cw + col] += 1.0;
        }
    }
    for (std::size_t k = 0; k < out.raster.values.size(); ++k) {
        double w = count[k] > 0.0 ? out.raster.values[k] / count[k] : 0.0;
        w = std::pow(w, o.contrast);
        out.raster.values[k] = w < o.threshold ? 0.0 : w;
    }
    return out;
}

Result<std::string> parseImageSpec(const std::string& body, ImageDensityOptions& o) {
    const auto q = body.find('?');
    const std::string file = body.substr(0, q);
    if (file.empty()) return Error{"'image:' needs a file name, e.g. image:picture.png"};
    if (q == std::string::npos) return file;
    std::istringstream in(body.substr(q + 1));
    std::string item;
    while (std::getline(in, item, '&')) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? std::string() : item.substr(eq + 1);
        if (key == "invert") {
            o.invert = true;
        } else if (key == "alpha") {
            o.weight = ImageDensityOptions::Weight::Alpha;
        } else if (key == "intensity") {
            o.weight = ImageDensityOptions::Weight::Intensity;
        } else if (key == "contrast" || key == "threshold" || key == "size" || key == "cells") {
            auto v = parseNumber(key, value);
            if (!v) return v.error();
            if (key == "contrast") o.contrast = *v;
            else if (key == "threshold") o.threshold = *v;
            else if (key == "size") o.halfExtent = *v;
            else o.rasterCells = *v >= 2 && *v <= 1024 ? static_cast<int>(*v) : (*v < 2 ? 1 : 1025);
        } else if (key == "center") {
            const auto comma = value.find(',');
            if (comma == std::string::npos) return Error{"image option 'center' needs x,y"};
            auto x = parseNumber(key, value.substr(0, comma));
            auto y = parseNumber(key, value.substr(comma + 1));
            if (!x) return x.error();
            if (!y) return y.error();
            o.centerX = *x;
            o.centerY = *y;
        } else {
            return Error{"unknown image option '" + key +
                         "' (known: invert, alpha, intensity, contrast=, threshold=, size=, center=x,y, cells=)"};
        }
    }
    if (auto p = o.validate(); !p.empty()) return Error{"image options: " + p};
    return file;
}

}  // namespace flowlab::core
