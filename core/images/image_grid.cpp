#include "images/image_grid.hpp"

#include "image/png_encoder.hpp"
#include "images/pixel_scale.hpp"

namespace flowlab::core {
namespace {
constexpr std::uint8_t kBackground = 48;  // dark grey between tiles, distinct from black pixels
constexpr int kMaxGridSide = 16384;
}

std::string ImageGridOptions::validate() const {
    if (rows < 1 || columns < 1 || rows > 1024 || columns > 1024) return "a grid has 1 … 1024 rows and columns";
    if (scale < 1 || scale > 32) return "the grid's upscaling must be 1 … 32";
    if (gap < 0 || gap > 64) return "the gap between tiles must be 0 … 64 pixels";
    return {};
}

Result<ImageGrid> makeImageGrid(const Points& images, int channels, int height, int width, const ImageGridOptions& o) {
    if (const auto p = o.validate(); !p.empty()) return Error{p};
    if ((channels != 1 && channels != 3) || height < 1 || width < 1 ||
        images.cols() != Eigen::Index(channels) * height * width)
        return Error{"the images do not have " + std::to_string(channels) + "×" + std::to_string(height) + "×" +
                     std::to_string(width) + " values"};
    if (!images.allFinite()) return Error{"the images contain NaN or infinite values"};
    const long long gw = (long long)o.columns * width * o.scale + (long long)(o.columns + 1) * o.gap;
    const long long gh = (long long)o.rows * height * o.scale + (long long)(o.rows + 1) * o.gap;
    if (gw > kMaxGridSide || gh > kMaxGridSide) return Error{"the grid would be larger than 16384 pixels per side"};
    ImageGrid g;
    g.width = int(gw);
    g.height = int(gh);
    g.rgba.assign(std::size_t(gw) * std::size_t(gh) * 4, kBackground);
    for (std::size_t i = 3; i < g.rgba.size(); i += 4) g.rgba[i] = 255;
    const Eigen::Index plane = Eigen::Index(height) * width;
    for (Eigen::Index k = 0; k < images.rows() && k < Eigen::Index(o.rows) * o.columns; ++k) {
        const int r = int(k / o.columns), c = int(k % o.columns);
        const int x0 = o.gap + c * (width * o.scale + o.gap), y0 = o.gap + r * (height * o.scale + o.gap);
        for (int y = 0; y < height * o.scale; ++y)
            for (int x = 0; x < width * o.scale; ++x) {
                const Eigen::Index pix = Eigen::Index(y / o.scale) * width + x / o.scale;
                std::uint8_t* out = &g.rgba[(std::size_t(y0 + y) * std::size_t(gw) + std::size_t(x0 + x)) * 4];
                for (int ch = 0; ch < 3; ++ch)
                    out[ch] = unitToPixel(images(k, (channels == 3 ? ch : 0) * plane + pix));
            }
    }
    return g;
}

Status writeImageGrid(const std::string& path, const Points& images, int channels, int height, int width,
                      const ImageGridOptions& options) {
    auto g = makeImageGrid(images, channels, height, width, options);
    if (!g) return g.error();
    return writePng(path, g->rgba.data(), g->width, g->height, 4 * g->width, PixelLayout::Rgba);
}

}  // namespace flowlab::core
