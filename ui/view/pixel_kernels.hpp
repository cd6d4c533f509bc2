#pragma once

// Internal to RasterCanvas: the per-pixel arithmetic of premultiplied 8-bit blending and the
// row loops that dominate a frame (mask blends for dots and arrows, the heatmap's resampling and
// colour look-up). The row loops use AVX2 when the build targets it (FLOWLAB_ARCH x86-64-v3) and
// give exactly the scalar loops' pixels; the scalar loops are the fallback.

#include <QRgb>

#include <cstddef>
#include <cstdint>

namespace flowlab::ui::pixel_kernels {

/// x · a / 255 on all four 8-bit channels at once (the classic two-multiply trick); exact for
/// a = 0 and a = 255.
inline std::uint32_t byteMul(std::uint32_t x, std::uint32_t a) {
    std::uint32_t t = (x & 0xff00ffu) * a;
    t = (t + ((t >> 8) & 0xff00ffu) + 0x800080u) >> 8;
    t &= 0xff00ffu;
    x = ((x >> 8) & 0xff00ffu) * a;
    x = (x + ((x >> 8) & 0xff00ffu) + 0x800080u);
    x &= 0xff00ff00u;
    return x | t;
}

/// Premultiplied source over destination.
inline void blendPixel(std::uint32_t& d, std::uint32_t src) { d = src + byteMul(d, 255u - (src >> 24)); }

/// Blends `count` pixels of `dst` with the colour `c` scaled by each pixel's `coverage` (0–255):
/// blendPixel(dst[i], byteMul(c, coverage[i])). Pixels of coverage 0 are left as they are.
void blendCoverageRow(std::uint32_t* dst, const std::uint8_t* coverage, int count, QRgb c);
/// Bytes a padded coverage buffer holds (zero) past its end, so that blendPaddedCoverageRow may
/// read whole groups of 8 (sprite masks are padded so).
constexpr int kCoveragePadding = 8;
/// blendCoverageRow for coverage readable kCoveragePadding bytes past `count`: the short rows of
/// dots skip the byte-by-byte gathering of their last coverage values.
void blendPaddedCoverageRow(std::uint32_t* dst, const std::uint8_t* coverage, int count, QRgb c);

/// blendPaddedCoverageRow for the rows b0 ≤ b < b1 of a size × size sprite (padded mask) whose
/// top-left corner is pixel (x, y) of `image` (`stride` pixels a row): row b over the columns
/// [max(a0, spans[2b]), min(a1, spans[2b + 1])) of the sprite. The caller clips: every pixel
/// touched lies in the image. One call per dot instead of one per row (100 000 dots).
void blendSpriteRows(std::uint32_t* image, std::ptrdiff_t stride, int x, int y, const std::uint8_t* mask, int size,
                     const std::uint16_t* spans, int a0, int a1, int b0, int b1, QRgb c);

/// out[i] = lut[int(a[i] + (b[i] − a[i]) · w + 0.5)] for values already in [0, 255]: the
/// heatmap's vertical interpolation and colour look-up.
void lookUpRow(std::uint32_t* out, const float* a, const float* b, float w, int count, const QRgb* lut);

/// dst[i] = clamp((src[i0[i]] + (src[i1[i]] − src[i0[i]]) · fx[i] − lo) · scale, 0, 255), and 0
/// where that is not finite: the heatmap's horizontal resampling of one grid row.
void resampleRow(float* dst, const float* src, const int* i0, const int* i1, const float* fx, int count, float lo,
                 float scale);

}  // namespace flowlab::ui::pixel_kernels
