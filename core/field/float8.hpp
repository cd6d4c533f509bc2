#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define FLOWLAB_FLOAT8_AVX2 1
#endif

namespace flowlab::core {

/// Eight floats in one register (AVX2 + FMA when the build targets them, else a plain array with
/// the same results up to FMA rounding): the lanes of the display kernel
/// (field/exact_display_kernel.cpp). The operations are the few the kernel needs, each one
/// instruction with AVX2, so that the compiler keeps the accumulators in registers (the build is
/// strict ISO C++, which forbids contracting a * b + c into an FMA on its own).
struct Float8 {
#ifdef FLOWLAB_FLOAT8_AVX2
    __m256 v;
    static Float8 splat(float a) { return {_mm256_set1_ps(a)}; }
    static Float8 load(const float* p) { return {_mm256_loadu_ps(p)}; }
    void store(float* p) const { _mm256_storeu_ps(p, v); }
    friend Float8 operator+(Float8 a, Float8 b) { return {_mm256_add_ps(a.v, b.v)}; }
    friend Float8 operator-(Float8 a, Float8 b) { return {_mm256_sub_ps(a.v, b.v)}; }
    friend Float8 operator*(Float8 a, Float8 b) { return {_mm256_mul_ps(a.v, b.v)}; }
    friend Float8 operator/(Float8 a, Float8 b) { return {_mm256_div_ps(a.v, b.v)}; }
    /// a·b + c in one rounding.
    friend Float8 fma(Float8 a, Float8 b, Float8 c) { return {_mm256_fmadd_ps(a.v, b.v, c.v)}; }
    /// c − a·b in one rounding.
    friend Float8 fnma(Float8 a, Float8 b, Float8 c) { return {_mm256_fnmadd_ps(a.v, b.v, c.v)}; }
    friend Float8 max(Float8 a, Float8 b) { return {_mm256_max_ps(a.v, b.v)}; }
    /// Whether some lane of a is ≥ b.
    friend bool anyGreaterEqual(Float8 a, Float8 b) { return _mm256_movemask_ps(_mm256_cmp_ps(a.v, b.v, _CMP_GE_OQ)) != 0; }
    /// Whether every lane is zero.
    bool allZero() const { return _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_NEQ_UQ)) == 0; }
    /// Lanes where the integer-valued float n (|n| < 2²²) is added to the binary exponent.
    friend Float8 scaleByPowerOfTwo(Float8 p, Float8 n) {
        const __m256i e = _mm256_slli_epi32(_mm256_cvtps_epi32(n.v), 23);
        return {_mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p.v), e))};
    }
    /// Round to the nearest integer (ties to even).
    friend Float8 roundNearest(Float8 a) { return {_mm256_round_ps(a.v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)}; }
#else
    float v[8];
    template <class Op>
    static Float8 map(Op op) {
        Float8 r;
        for (int i = 0; i < 8; ++i) r.v[i] = op(i);
        return r;
    }
    static Float8 splat(float a) { return map([&](int) { return a; }); }
    static Float8 load(const float* p) { return map([&](int i) { return p[i]; }); }
    void store(float* p) const { std::memcpy(p, v, sizeof v); }
    friend Float8 operator+(Float8 a, Float8 b) { return map([&](int i) { return a.v[i] + b.v[i]; }); }
    friend Float8 operator-(Float8 a, Float8 b) { return map([&](int i) { return a.v[i] - b.v[i]; }); }
    friend Float8 operator*(Float8 a, Float8 b) { return map([&](int i) { return a.v[i] * b.v[i]; }); }
    friend Float8 operator/(Float8 a, Float8 b) { return map([&](int i) { return a.v[i] / b.v[i]; }); }
    friend Float8 fma(Float8 a, Float8 b, Float8 c) { return map([&](int i) { return a.v[i] * b.v[i] + c.v[i]; }); }
    friend Float8 fnma(Float8 a, Float8 b, Float8 c) { return map([&](int i) { return c.v[i] - a.v[i] * b.v[i]; }); }
    friend Float8 max(Float8 a, Float8 b) { return map([&](int i) { return a.v[i] > b.v[i] ? a.v[i] : b.v[i]; }); }
    friend bool anyGreaterEqual(Float8 a, Float8 b) {
        for (int i = 0; i < 8; ++i)
            if (a.v[i] >= b.v[i]) return true;
        return false;
    }
    bool allZero() const {
        for (float x : v)
            if (x != 0.0f) return false;
        return true;
    }
    friend Float8 scaleByPowerOfTwo(Float8 p, Float8 n) {
        return map([&](int i) {
            std::int32_t bits;
            std::memcpy(&bits, &p.v[i], sizeof bits);
            bits += static_cast<std::int32_t>(n.v[i]) * (1 << 23);
            float r;
            std::memcpy(&r, &bits, sizeof r);
            return r;
        });
    }
    friend Float8 roundNearest(Float8 a) { return map([&](int i) { return std::nearbyint(a.v[i]); }); }
#endif
    Float8& operator+=(Float8 b) { return *this = *this + b; }
    Float8& operator*=(Float8 b) { return *this = *this * b; }
    float lane(int i) const {
        float out[8];
        store(out);
        return out[i];
    }
};

/// e^d for d ≤ 0, relative error < 5e-7 (a few float roundings): d below −80 (e^−80 ≈ 2e−35, nothing
/// beside the largest weight, 1) is taken as −80, which keeps 2^n a normal float. Half the
/// instructions of a general exp: no overflow, NaN or denormal handling is needed.
inline Float8 expNonPositive(Float8 d) {
    d = max(d, Float8::splat(-80.0f));
    // d = n ln 2 + r with |r| ≤ ½ ln 2; ln 2 in two parts (Cody–Waite) so that r is exact to
    // float rounding whatever n.
    const Float8 n = roundNearest(d * Float8::splat(1.44269504088896341f));
    Float8 r = fnma(n, Float8::splat(0.693359375f), d);
    r = fnma(n, Float8::splat(-2.12194440e-4f), r);
    // e^r: Taylor to degree 6, error (ln 2 / 2)^7 / 7! < 1.3e-7 on [−½ ln 2, ½ ln 2].
    Float8 p = Float8::splat(1.0f / 720.0f);
    p = fma(p, r, Float8::splat(1.0f / 120.0f));
    p = fma(p, r, Float8::splat(1.0f / 24.0f));
    p = fma(p, r, Float8::splat(1.0f / 6.0f));
    p = fma(p, r, Float8::splat(0.5f));
    p = fma(p, r, Float8::splat(1.0f));
    p = fma(p, r, Float8::splat(1.0f));
    return scaleByPowerOfTwo(p, n);
}

}  // namespace flowlab::core
