#include "images/image_resample.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {
namespace {

struct Tap {
    int index;
    double weight;
};

/// For each destination index, the source indices it covers and their coverage weights (sum 1).
std::vector<std::vector<Tap>> areaTaps(int src, int dst) {
    std::vector<std::vector<Tap>> taps(static_cast<std::size_t>(dst));
    const double scale = double(src) / dst;
    for (int o = 0; o < dst; ++o) {
        const double lo = o * scale, hi = (o + 1) * scale;
        for (int i = int(std::floor(lo)); i < src && i < hi; ++i) {
            const double cover = std::min(hi, i + 1.0) - std::max(lo, double(i));
            if (cover > 1e-12) taps[o].push_back({i, cover / scale});
        }
    }
    return taps;
}

}  // namespace

std::vector<std::uint8_t> resampleArea(const std::vector<std::uint8_t>& src, int channels, int sw, int sh, int dw,
                                       int dh) {
    const auto tx = areaTaps(sw, dw);
    const auto ty = areaTaps(sh, dh);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(channels) * dw * dh);
    std::vector<double> rows(static_cast<std::size_t>(sh) * dw);
    for (int c = 0; c < channels; ++c) {
        const std::uint8_t* plane = src.data() + static_cast<std::size_t>(c) * sw * sh;
        for (int y = 0; y < sh; ++y)
            for (int x = 0; x < dw; ++x) {
                double v = 0.0;
                for (const Tap& t : tx[x]) v += t.weight * plane[static_cast<std::size_t>(y) * sw + t.index];
                rows[static_cast<std::size_t>(y) * dw + x] = v;
            }
        std::uint8_t* dst = out.data() + static_cast<std::size_t>(c) * dw * dh;
        for (int y = 0; y < dh; ++y)
            for (int x = 0; x < dw; ++x) {
                double v = 0.0;
                for (const Tap& t : ty[y]) v += t.weight * rows[static_cast<std::size_t>(t.index) * dw + x];
                dst[static_cast<std::size_t>(y) * dw + x] = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
            }
    }
    return out;
}

std::vector<std::uint8_t> cropCentreSquare(const std::vector<std::uint8_t>& src, int channels, int width, int height) {
    const int side = std::min(width, height);
    const int x0 = (width - side) / 2, y0 = (height - side) / 2;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(channels) * side * side);
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < side; ++y)
            std::copy_n(src.data() + (static_cast<std::size_t>(c) * height + y0 + y) * width + x0, side,
                        out.data() + (static_cast<std::size_t>(c) * side + y) * side);
    return out;
}

}  // namespace flowlab::core
