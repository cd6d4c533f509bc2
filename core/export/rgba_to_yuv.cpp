#include "export/rgba_to_yuv.hpp"

#include <algorithm>

namespace flowlab::core {
namespace {

// BT.709: Y' = 0.2126 R + 0.7152 G + 0.0722 B; Cb = (B − Y') / 1.8556; Cr = (R − Y') / 1.5748;
// limited range: Y = 16 + 219·Y', C = 128 + 224·C (for R, G, B in [0, 1]). Coefficients below
// are those scaled by 1/255 (input 0 … 255) and by 2^16, rounded.
constexpr int kShift = 16;
constexpr int kYR = 11966, kYG = 40254, kYB = 4064;     // 219/255 · (0.2126, 0.7152, 0.0722) · 2^16
constexpr int kUR = -6596, kUG = -22189, kUB = 28784;   // 224/255 · (−0.2126, −0.7152, 0.9278)/1.8556 · 2^16
constexpr int kVR = 28784, kVG = -26145, kVB = -2639;   // 224/255 · (0.7874, −0.7152, −0.0722)/1.5748 · 2^16
constexpr int kYOffset = (16 << kShift) + (1 << (kShift - 1));
constexpr int kCOffset = (128 << kShift) + (1 << (kShift - 1));

inline std::uint8_t clampByte(int v) { return std::uint8_t(std::clamp(v, 0, 255)); }

inline int lumaOf(int r, int g, int b) { return (kYR * r + kYG * g + kYB * b + kYOffset) >> kShift; }

// The loops below are kept this simple (one output, restrict pointers, no branches) so that
// the compiler vectorises them; a combined loop ran 2–3× slower.
template <int R, int G, int B>
void lumaRow(const std::uint8_t* __restrict p, std::uint8_t* __restrict y, int width) {
    for (int x = 0; x < width; ++x) y[x] = std::uint8_t(lumaOf(p[4 * x + R], p[4 * x + G], p[4 * x + B]));
}

// One chroma row from two pixel rows a, c: `pairs` 2×2 blocks, coefficients kr, kg, kb.
template <int R, int G, int B>
void chromaRow(const std::uint8_t* __restrict a, const std::uint8_t* __restrict c, std::uint8_t* __restrict out,
               int pairs, int kr, int kg, int kb) {
    for (int x = 0; x < pairs; ++x) {
        const int r = a[8 * x + R] + a[8 * x + 4 + R] + c[8 * x + R] + c[8 * x + 4 + R];  // 4 × mean
        const int g = a[8 * x + G] + a[8 * x + 4 + G] + c[8 * x + G] + c[8 * x + 4 + G];
        const int b = a[8 * x + B] + a[8 * x + 4 + B] + c[8 * x + B] + c[8 * x + 4 + B];
        out[x] = clampByte((kr * r + kg * g + kb * b + 4 * kCOffset) >> (kShift + 2));
    }
}

template <int R, int G, int B>
void convert(const std::uint8_t* src, int srcStride, int width, int height, const Yuv420pPlanes& dst) {
    const int pairs = width / 2;
    for (int y = 0; y < height; y += 2) {
        const bool twoRows = y + 1 < height;
        const std::uint8_t* row0 = src + std::size_t(y) * std::size_t(srcStride);
        const std::uint8_t* row1 = twoRows ? row0 + srcStride : row0;  // odd height: repeat
        std::uint8_t* u = dst.u + std::size_t(y / 2) * std::size_t(dst.uStride);
        std::uint8_t* v = dst.v + std::size_t(y / 2) * std::size_t(dst.vStride);
        lumaRow<R, G, B>(row0, dst.y + std::size_t(y) * std::size_t(dst.yStride), width);
        if (twoRows) lumaRow<R, G, B>(row1, dst.y + std::size_t(y + 1) * std::size_t(dst.yStride), width);
        chromaRow<R, G, B>(row0, row1, u, pairs, kUR, kUG, kUB);
        chromaRow<R, G, B>(row0, row1, v, pairs, kVR, kVG, kVB);
        if (width % 2 != 0) {  // odd width: the last column pairs with itself
            const std::uint8_t* a = row0 + 4 * (width - 1);
            const std::uint8_t* c = row1 + 4 * (width - 1);
            const int r = 2 * (a[R] + c[R]), g = 2 * (a[G] + c[G]), b = 2 * (a[B] + c[B]);
            u[pairs] = clampByte((kUR * r + kUG * g + kUB * b + 4 * kCOffset) >> (kShift + 2));
            v[pairs] = clampByte((kVR * r + kVG * g + kVB * b + 4 * kCOffset) >> (kShift + 2));
        }
    }
}

}  // namespace

void rgbaToYuv420pBt709(const std::uint8_t* src, int srcStride, PixelLayout layout, int width, int height,
                        const Yuv420pPlanes& dst) {
    if (layout == PixelLayout::Rgba) convert<0, 1, 2>(src, srcStride, width, height, dst);
    else convert<2, 1, 0>(src, srcStride, width, height, dst);
}

}  // namespace flowlab::core
