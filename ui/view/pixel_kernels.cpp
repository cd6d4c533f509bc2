#include "view/pixel_kernels.hpp"

#include <algorithm>
#include <cmath>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define FLOWLAB_PIXEL_AVX2 1
#endif

namespace flowlab::ui::pixel_kernels {
namespace {

#ifdef FLOWLAB_PIXEL_AVX2
/// (v + (v >> 8) + 128) >> 8 with v = x · a on 16-bit lanes: byteMul's rounding, channel by
/// channel (v + (v >> 8) + 128 ≤ 65407 never overflows a lane).
inline __m256i mul255(__m256i x, __m256i a) {
    const __m256i v = _mm256_mullo_epi16(x, a);
    return _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(v, _mm256_srli_epi16(v, 8)), _mm256_set1_epi16(0x80)), 8);
}

/// Eight pixels: blendPixel(d, byteMul(c, coverage)); `cov` holds each pixel's coverage in the
/// low byte of its 32-bit lane, `c16` the colour's channels on 16-bit lanes (twice per lane).
inline __m256i blend8(__m256i d, __m256i cov, __m256i c16) {
    const __m256i zero = _mm256_setzero_si256();
    // Each pixel's coverage on all four of its bytes.
    const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8, 8, 12, 12, 12, 12, 0, 0, 0, 0, 4, 4, 4, 4,
                                            8, 8, 8, 8, 12, 12, 12, 12);
    const __m256i covb = _mm256_shuffle_epi8(cov, spread);
    // unpacklo holds pixels 0, 1 | 4, 5 and unpackhi 2, 3 | 6, 7; packus puts them back in order.
    const __m256i sLo = mul255(c16, _mm256_unpacklo_epi8(covb, zero));
    const __m256i sHi = mul255(c16, _mm256_unpackhi_epi8(covb, zero));
    const __m256i ones = _mm256_set1_epi16(255);
    const __m256i invLo = _mm256_sub_epi16(ones, _mm256_shufflehi_epi16(_mm256_shufflelo_epi16(sLo, 0xff), 0xff));
    const __m256i invHi = _mm256_sub_epi16(ones, _mm256_shufflehi_epi16(_mm256_shufflelo_epi16(sHi, 0xff), 0xff));
    const __m256i rLo = _mm256_add_epi16(sLo, mul255(_mm256_unpacklo_epi8(d, zero), invLo));
    const __m256i rHi = _mm256_add_epi16(sHi, mul255(_mm256_unpackhi_epi8(d, zero), invHi));
    return _mm256_packus_epi16(rLo, rHi);
}

inline __m256i laneMask(int count) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), lanes);
}
#endif

}  // namespace

void blendCoverageRow(std::uint32_t* dst, const std::uint8_t* coverage, int count, QRgb c) {
    int i = 0;
#ifdef FLOWLAB_PIXEL_AVX2
    const __m256i c16 = _mm256_unpacklo_epi8(_mm256_set1_epi32(int(c)), _mm256_setzero_si256());
    for (; i + 8 <= count; i += 8) {
        const __m128i cov8 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(coverage + i));
        if (_mm_testz_si128(cov8, cov8)) continue;  // nothing to draw here (most of an arrow's box)
        auto* p = reinterpret_cast<__m256i*>(dst + i);
        _mm256_storeu_si256(p, blend8(_mm256_loadu_si256(p), _mm256_cvtepu8_epi32(cov8), c16));
    }
    if (i < count) {
        // The last few pixels: masked loads and stores never touch memory past the row.
        // (A loop, not memcpy: a library call here would cost more than the blend.)
        std::uint64_t tail = 0;
        for (int k = 0; k < count - i; ++k) tail |= std::uint64_t(coverage[i + k]) << (8 * k);
        const __m256i mask = laneMask(count - i);
        auto* p = reinterpret_cast<int*>(dst + i);
        const __m128i cov8 = _mm_cvtsi64_si128(static_cast<long long>(tail));
        _mm256_maskstore_epi32(p, mask, blend8(_mm256_maskload_epi32(p, mask), _mm256_cvtepu8_epi32(cov8), c16));
    }
#else
    for (; i < count; ++i) {
        const unsigned cov = coverage[i];
        if (cov == 0) continue;
        blendPixel(dst[i], cov == 255 ? c : byteMul(c, cov));
    }
#endif
}

void blendPaddedCoverageRow(std::uint32_t* dst, const std::uint8_t* coverage, int count, QRgb c) {
#ifdef FLOWLAB_PIXEL_AVX2
    const __m256i c16 = _mm256_unpacklo_epi8(_mm256_set1_epi32(int(c)), _mm256_setzero_si256());
    for (int i = 0; i < count; i += 8) {
        const __m128i cov8 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(coverage + i));
        if (_mm_testz_si128(cov8, cov8)) continue;
        // Lanes past the row get coverage 0 (no change) and are neither loaded nor stored.
        const __m256i mask = laneMask(count - i);
        const __m256i cov = _mm256_and_si256(_mm256_cvtepu8_epi32(cov8), mask);
        auto* p = reinterpret_cast<int*>(dst + i);
        _mm256_maskstore_epi32(p, mask, blend8(_mm256_maskload_epi32(p, mask), cov, c16));
    }
#else
    blendCoverageRow(dst, coverage, count, c);
#endif
}

void blendSpriteRows(std::uint32_t* image, std::ptrdiff_t stride, int x, int y, const std::uint8_t* mask, int size,
                     const std::uint16_t* spans, int a0, int a1, int b0, int b1, QRgb c) {
#ifdef FLOWLAB_PIXEL_AVX2
    const __m256i c16 = _mm256_unpacklo_epi8(_mm256_set1_epi32(int(c)), _mm256_setzero_si256());
    for (int b = b0; b < b1; ++b) {
        const int s0 = std::max(a0, int(spans[2 * b])), s1 = std::min(a1, int(spans[2 * b + 1]));
        std::uint32_t* dst = image + (std::ptrdiff_t(y) + b) * stride + x + s0;
        const std::uint8_t* coverage = mask + b * size + s0;
        for (int i = 0; i < s1 - s0; i += 8) {  // as blendPaddedCoverageRow
            const __m128i cov8 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(coverage + i));
            if (_mm_testz_si128(cov8, cov8)) continue;
            const __m256i lanes = laneMask(s1 - s0 - i);
            const __m256i cov = _mm256_and_si256(_mm256_cvtepu8_epi32(cov8), lanes);
            auto* p = reinterpret_cast<int*>(dst + i);
            _mm256_maskstore_epi32(p, lanes, blend8(_mm256_maskload_epi32(p, lanes), cov, c16));
        }
    }
#else
    for (int b = b0; b < b1; ++b) {
        const int s0 = std::max(a0, int(spans[2 * b])), s1 = std::min(a1, int(spans[2 * b + 1]));
        if (s0 < s1)
            blendPaddedCoverageRow(image + (std::ptrdiff_t(y) + b) * stride + x + s0, mask + b * size + s0, s1 - s0, c);
    }
#endif
}

void lookUpRow(std::uint32_t* out, const float* a, const float* b, float w, int count, const QRgb* lut) {
    int i = 0;
#ifdef FLOWLAB_PIXEL_AVX2
    const __m256 vw = _mm256_set1_ps(w), half = _mm256_set1_ps(0.5f);
    const auto* table = reinterpret_cast<const int*>(lut);
    for (; i + 8 <= count; i += 8) {
        const __m256 va = _mm256_loadu_ps(a + i), vb = _mm256_loadu_ps(b + i);
        const __m256 v = _mm256_add_ps(_mm256_fmadd_ps(_mm256_sub_ps(vb, va), vw, va), half);
        const __m256i colour = _mm256_i32gather_epi32(table, _mm256_cvttps_epi32(v), 4);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), colour);
    }
#endif
    for (; i < count; ++i) out[i] = lut[std::size_t(a[i] + (b[i] - a[i]) * w + 0.5f)];
}

void resampleRow(float* dst, const float* src, const int* i0, const int* i1, const float* fx, int count, float lo,
                 float scale) {
    int i = 0;
#ifdef FLOWLAB_PIXEL_AVX2
    const __m256 vlo = _mm256_set1_ps(lo), vscale = _mm256_set1_ps(scale), zero = _mm256_setzero_ps();
    const __m256 top = _mm256_set1_ps(255.0f), inf = _mm256_set1_ps(INFINITY);
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (; i + 8 <= count; i += 8) {
        const __m256 a = _mm256_i32gather_ps(src, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(i0 + i)), 4);
        const __m256 b = _mm256_i32gather_ps(src, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(i1 + i)), 4);
        const __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_fmadd_ps(_mm256_sub_ps(b, a), _mm256_loadu_ps(fx + i), a), vlo), vscale);
        const __m256 finite = _mm256_cmp_ps(_mm256_and_ps(v, absMask), inf, _CMP_LT_OQ);
        const __m256 clamped = _mm256_min_ps(_mm256_max_ps(v, zero), top);
        _mm256_storeu_ps(dst + i, _mm256_and_ps(clamped, finite));
    }
#endif
    for (; i < count; ++i) {
        const float a = src[i0[i]], b = src[i1[i]];
        const float v = (a + (b - a) * fx[i] - lo) * scale;
        dst[i] = std::isfinite(v) ? std::clamp(v, 0.0f, 255.0f) : 0.0f;
    }
}

}  // namespace flowlab::ui::pixel_kernels
