// RGBA → BT.709 limited-range yuv420p: within one code value of the exact formula.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "export/rgba_to_yuv.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

constexpr int kMaxCodeError = 1;  // fixed-point rounding vs. the double-precision formula

struct Yuv {
    double y, u, v;
};

// The BT.709 limited-range definition, in doubles (channels 0 … 255).
Yuv exact(double r, double g, double b) {
    r /= 255;
    g /= 255;
    b /= 255;
    const double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return {16 + 219 * luma, 128 + 224 * (b - luma) / 1.8556, 128 + 224 * (r - luma) / 1.5748};
}

void checkAgainstFormula(int w, int h, core::PixelLayout layout, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint8_t> rgba(std::size_t(w) * h * 4);
    for (auto& c : rgba) c = std::uint8_t(rng());
    const int cw = (w + 1) / 2, ch = (h + 1) / 2;
    std::vector<std::uint8_t> y(std::size_t(w) * h), u(std::size_t(cw) * ch), v(std::size_t(cw) * ch);
    const auto input = layout == core::PixelLayout::Bgra ? test::swapRedBlue(rgba) : rgba;
    core::rgbaToYuv420pBt709(input.data(), w * 4, layout, w, h, {y.data(), u.data(), v.data(), w, cw, cw});
    for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i) {
            const std::uint8_t* p = &rgba[(std::size_t(j) * w + i) * 4];
            ASSERT_LE(std::abs(y[std::size_t(j) * w + i] - exact(p[0], p[1], p[2]).y), kMaxCodeError + 0.5);
        }
    for (int j = 0; j < ch; ++j)
        for (int i = 0; i < cw; ++i) {
            double r = 0, g = 0, b = 0;
            for (int dy = 0; dy < 2; ++dy)
                for (int dx = 0; dx < 2; ++dx) {
                    const int x = std::min(2 * i + dx, w - 1), yy = std::min(2 * j + dy, h - 1);
                    const std::uint8_t* p = &rgba[(std::size_t(yy) * w + x) * 4];
                    r += p[0] / 4.0;
                    g += p[1] / 4.0;
                    b += p[2] / 4.0;
                }
            const Yuv e = exact(r, g, b);
            ASSERT_LE(std::abs(u[std::size_t(j) * cw + i] - e.u), kMaxCodeError + 0.5) << i << "," << j;
            ASSERT_LE(std::abs(v[std::size_t(j) * cw + i] - e.v), kMaxCodeError + 0.5) << i << "," << j;
        }
}

TEST(RgbaToYuv, randomPixels_matchBt709Formula) { checkAgainstFormula(64, 40, core::PixelLayout::Rgba, 1); }
TEST(RgbaToYuv, bgraInput_matchesFormula) { checkAgainstFormula(64, 40, core::PixelLayout::Bgra, 2); }
TEST(RgbaToYuv, oddSizes_edgesRepeatLastPixel) { checkAgainstFormula(33, 17, core::PixelLayout::Rgba, 3); }

TEST(RgbaToYuv, extremes_hitLimitedRangeEnds) {
    const std::uint8_t px[] = {0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255};
    const std::uint8_t white[] = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
    std::uint8_t y[4], u, v;
    core::rgbaToYuv420pBt709(px, 8, core::PixelLayout::Rgba, 2, 2, {y, &u, &v, 2, 1, 1});
    EXPECT_EQ(y[0], 16);
    EXPECT_EQ(u, 128);
    EXPECT_EQ(v, 128);
    core::rgbaToYuv420pBt709(white, 8, core::PixelLayout::Rgba, 2, 2, {y, &u, &v, 2, 1, 1});
    EXPECT_EQ(y[3], 235);
    EXPECT_EQ(u, 128);
    EXPECT_EQ(v, 128);
}

// Issue 15: the vector path (32 luma, 8 chroma samples at a time) gives exactly the bytes of the
// plain loops, in both layouts, with a row stride beyond the width and widths that leave tails
// (odd, and not a multiple of 32), on random pixels mixed with 0 and 255 runs.
TEST(RgbaToYuv, fastPath_equalsPortableLoops) {
    for (const core::PixelLayout layout : {core::PixelLayout::Rgba, core::PixelLayout::Bgra}) {
        for (const int w : {1920, 1957, 70}) {
            const int h = 7, stride = 4 * w + 12, cw = (w + 1) / 2, ch = (h + 1) / 2;
            std::mt19937 rng{unsigned(w)};
            std::vector<std::uint8_t> px(std::size_t(stride) * h);
            for (std::size_t i = 0; i < px.size(); ++i) {
                const unsigned r = rng();
                px[i] = (r >> 28) == 0 ? 0 : (r >> 28) == 1 ? 255 : std::uint8_t(r);
            }
            std::vector<std::uint8_t> y(std::size_t(w) * h), u(std::size_t(cw) * ch), v(std::size_t(cw) * ch);
            auto y2 = y, u2 = u, v2 = v;
            core::rgbaToYuv420pBt709(px.data(), stride, layout, w, h, {y.data(), u.data(), v.data(), w, cw, cw});
            core::rgbaToYuv420pBt709Portable(px.data(), stride, layout, w, h, {y2.data(), u2.data(), v2.data(), w, cw, cw});
            EXPECT_EQ(y, y2) << w;
            EXPECT_EQ(u, u2) << w;
            EXPECT_EQ(v, v2) << w;
        }
    }
}

}  // namespace
}  // namespace flowlab
