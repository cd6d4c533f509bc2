#include "export/rgba_to_yuv.hpp"

#include <algorithm>

#if defined(__AVX2__)
#include <immintrin.h>
#define FLOWLAB_YUV_AVX2 1
#endif

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

#ifdef FLOWLAB_YUV_AVX2
// The same integer arithmetic as lumaOf and chromaRow, 32 luma or 8 chroma samples at a time
// (exactly their bytes: the sums are linear, so their order does not matter, and packus
// saturates as clampByte clamps). Channels are taken by their byte position c0 … c3 in memory.

/// 8 pixels' Y (32-bit lanes, in order) from 32 bytes of pixels. kYG does not fit a signed
/// 16-bit lane, so G is counted twice with halves of it: [c0, c1, c2, c1] · [k0, kG1, k2, kG2].
inline __m256i luma8(__m256i px, __m256i coeffs) {
    const __m256i zero = _mm256_setzero_si256();
    const auto spread = [](__m256i v) {  // [c0, c1, c2, c3] → [c0, c1, c2, c1] on 16-bit lanes
        return _mm256_shufflehi_epi16(_mm256_shufflelo_epi16(v, _MM_SHUFFLE(1, 2, 1, 0)), _MM_SHUFFLE(1, 2, 1, 0));
    };
    const __m256i lo = _mm256_madd_epi16(spread(_mm256_unpacklo_epi8(px, zero)), coeffs);  // pixels 0, 1 | 4, 5
    const __m256i hi = _mm256_madd_epi16(spread(_mm256_unpackhi_epi8(px, zero)), coeffs);  // pixels 2, 3 | 6, 7
    const __m256i sum = _mm256_add_epi32(_mm256_hadd_epi32(lo, hi), _mm256_set1_epi32(kYOffset));
    return _mm256_srai_epi32(sum, kShift);
}

template <int R, int G, int B>
int lumaRowAvx2(const std::uint8_t* p, std::uint8_t* y, int width) {
    static_assert(G == 1, "green is the second byte in both layouts");
    const int k0 = R == 0 ? kYR : kYB, k2 = R == 2 ? kYR : kYB;
    constexpr int kG1 = kYG / 2, kG2 = kYG - kYG / 2;
    const __m256i coeffs = _mm256_setr_epi16(short(k0), short(kG1), short(k2), short(kG2), short(k0), short(kG1), short(k2),
                                             short(kG2), short(k0), short(kG1), short(k2), short(kG2), short(k0), short(kG1),
                                             short(k2), short(kG2));
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int x = 0;
    for (; x + 32 <= width; x += 32) {
        const auto* q = reinterpret_cast<const __m256i*>(p + 4 * x);
        const __m256i a = luma8(_mm256_loadu_si256(q), coeffs), b = luma8(_mm256_loadu_si256(q + 1), coeffs);
        const __m256i c = luma8(_mm256_loadu_si256(q + 2), coeffs), d = luma8(_mm256_loadu_si256(q + 3), coeffs);
        const __m256i bytes = _mm256_packus_epi16(_mm256_packus_epi32(a, b), _mm256_packus_epi32(c, d));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + x), _mm256_permutevar8x32_epi32(bytes, order));
    }
    return x;
}

/// U or V numerators of 8 consecutive 2×2 blocks (32-bit lanes, in order) before the offset.
inline __m256i chroma8(const std::uint8_t* a, const std::uint8_t* c, __m256i coeffs) {
    const __m256i zero = _mm256_setzero_si256();
    const auto columns = [&](int k) {  // pixels 8k … 8k + 7: both rows summed, times the coefficients
        const __m256i ra = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 32 * k));
        const __m256i rc = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + 32 * k));
        const __m256i lo = _mm256_add_epi16(_mm256_unpacklo_epi8(ra, zero), _mm256_unpacklo_epi8(rc, zero));
        const __m256i hi = _mm256_add_epi16(_mm256_unpackhi_epi8(ra, zero), _mm256_unpackhi_epi8(rc, zero));
        return _mm256_hadd_epi32(_mm256_madd_epi16(lo, coeffs), _mm256_madd_epi16(hi, coeffs));  // pixels in order
    };
    // Pairs of pixels: blocks 0, 1, 4, 5 | 2, 3, 6, 7.
    const __m256i blocks = _mm256_hadd_epi32(columns(0), columns(1));
    return _mm256_permutevar8x32_epi32(blocks, _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7));
}

template <int R, int G, int B>
int chromaRowsAvx2(const std::uint8_t* a, const std::uint8_t* c, std::uint8_t* u, std::uint8_t* v, int pairs) {
    const auto coeffsOf = [](int kr, int kg, int kb) {
        const short k0 = short(R == 0 ? kr : kb), k2 = short(R == 2 ? kr : kb), k1 = short(kg);
        return _mm256_setr_epi16(k0, k1, k2, 0, k0, k1, k2, 0, k0, k1, k2, 0, k0, k1, k2, 0);
    };
    const __m256i cu = coeffsOf(kUR, kUG, kUB), cv = coeffsOf(kVR, kVG, kVB);
    const __m256i offset = _mm256_set1_epi32(4 * kCOffset);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int x = 0;
    for (; x + 8 <= pairs; x += 8) {
        const __m256i su = _mm256_srai_epi32(_mm256_add_epi32(chroma8(a + 8 * x, c + 8 * x, cu), offset), kShift + 2);
        const __m256i sv = _mm256_srai_epi32(_mm256_add_epi32(chroma8(a + 8 * x, c + 8 * x, cv), offset), kShift + 2);
        const __m256i words = _mm256_packus_epi32(su, sv);             // U0-3 V0-3 | U4-7 V4-7
        const __m256i bytes = _mm256_packus_epi16(words, words);       // U0-3 V0-3 U0-3 V0-3 | U4-7 …
        const __m128i uv = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(bytes, order));  // U0-7 V0-7
        _mm_storel_epi64(reinterpret_cast<__m128i*>(u + x), uv);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(v + x), _mm_unpackhi_epi64(uv, uv));
    }
    return x;
}
#endif

template <int R, int G, int B>
void convert(const std::uint8_t* src, int srcStride, int width, int height, const Yuv420pPlanes& dst, bool fast) {
    const int pairs = width / 2;
    const auto luma = [&](const std::uint8_t* row, std::uint8_t* y) {
        int done = 0;
#ifdef FLOWLAB_YUV_AVX2
        if (fast) done = lumaRowAvx2<R, G, B>(row, y, width);
#endif
        lumaRow<R, G, B>(row + 4 * done, y + done, width - done);
    };
    for (int y = 0; y < height; y += 2) {
        const bool twoRows = y + 1 < height;
        const std::uint8_t* row0 = src + std::size_t(y) * std::size_t(srcStride);
        const std::uint8_t* row1 = twoRows ? row0 + srcStride : row0;  // odd height: repeat
        std::uint8_t* u = dst.u + std::size_t(y / 2) * std::size_t(dst.uStride);
        std::uint8_t* v = dst.v + std::size_t(y / 2) * std::size_t(dst.vStride);
        luma(row0, dst.y + std::size_t(y) * std::size_t(dst.yStride));
        if (twoRows) luma(row1, dst.y + std::size_t(y + 1) * std::size_t(dst.yStride));
        int done = 0;
#ifdef FLOWLAB_YUV_AVX2
        if (fast) done = chromaRowsAvx2<R, G, B>(row0, row1, u, v, pairs);
#endif
        chromaRow<R, G, B>(row0 + 8 * done, row1 + 8 * done, u + done, pairs - done, kUR, kUG, kUB);
        chromaRow<R, G, B>(row0 + 8 * done, row1 + 8 * done, v + done, pairs - done, kVR, kVG, kVB);
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
    if (layout == PixelLayout::Rgba) convert<0, 1, 2>(src, srcStride, width, height, dst, true);
    else convert<2, 1, 0>(src, srcStride, width, height, dst, true);
}

void rgbaToYuv420pBt709Portable(const std::uint8_t* src, int srcStride, PixelLayout layout, int width, int height,
                                const Yuv420pPlanes& dst) {
    if (layout == PixelLayout::Rgba) convert<0, 1, 2>(src, srcStride, width, height, dst, false);
    else convert<2, 1, 0>(src, srcStride, width, height, dst, false);
}

}  // namespace flowlab::core
