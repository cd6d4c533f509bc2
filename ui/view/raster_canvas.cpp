#include "view/raster_canvas.hpp"

#include "view/pixel_kernels.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {

using pixel_kernels::blendPixel;
using pixel_kernels::byteMul;


/// Clears the upper halves of the AVX registers when the CPU has them. Some library code (seen
/// after QPainter text and ellipse drawing) returns with them dirty, and plain SSE code then runs
/// up to three times slower on some CPUs; our raster loops call this before they start.
inline void clearUpperVectorState() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool hasAvx = __builtin_cpu_supports("avx");
    if (hasAvx) asm volatile("vzeroupper" ::: "memory");
#endif
}

/// Clips the segment (a0, b0)–(a1, b1) to [aLo, aHi] × [bLo, bHi], `a` being its major axis
/// (|a1 − a0| ≥ |b1 − b0|), keeping its direction. Every coordinate is computed from the end
/// point nearer to it along the line (b = b_end + (a − a_end)·slope), never as far_end + u·d:
/// for an end point 1e30 pixels away the rounding of that sum alone is ~1e14 pixels.
bool clipAlongMajor(double& a0, double& b0, double& a1, double& b1, double aLo, double aHi, double bLo, double bHi) {
    const bool swapped = a0 > a1;
    if (swapped) {
        std::swap(a0, a1);
        std::swap(b0, b1);
    }
    if (a1 < aLo || a0 > aHi) return false;
    const double da = a1 - a0;
    const double m = da > 0.0 ? (b1 - b0) / da : 0.0;
    const auto bAt = [&](double a) { return a - a0 <= a1 - a ? b0 + (a - a0) * m : b1 - (a1 - a) * m; };
    const auto aAt = [&](double b) { return std::abs(b - b0) <= std::abs(b - b1) ? a0 + (b - b0) / m : a1 - (b1 - b) / m; };
    double s0 = std::max(a0, aLo), s1 = std::min(a1, aHi);
    double t0 = bAt(s0), t1 = bAt(s1);
    if ((t0 < bLo && t1 < bLo) || (t0 > bHi && t1 > bHi)) return false;
    // m ≠ 0 below: a horizontal run is either all inside the minor range or rejected above.
    if (t0 < bLo || t0 > bHi) {
        t0 = t0 < bLo ? bLo : bHi;
        s0 = aAt(t0);
    }
    if (t1 < bLo || t1 > bHi) {
        t1 = t1 < bLo ? bLo : bHi;
        s1 = aAt(t1);
    }
    a0 = std::clamp(s0, aLo, aHi);
    a1 = std::clamp(s1, aLo, aHi);
    b0 = std::clamp(t0, bLo, bHi);
    b1 = std::clamp(t1, bLo, bHi);
    if (swapped) {
        std::swap(a0, a1);
        std::swap(b0, b1);
    }
    return true;
}

/// Clips a segment to [xmin, xmax] × [ymin, ymax]; false when it misses the box or is not
/// finite. Safe for any float input: the arithmetic is in double (x1 − x0 of two floats near
/// ±3e38 overflows in float), and the results are clamped into the box (an unclamped, badly
/// rounded clip result indexed memory outside the image: the trail-drawing crash).
bool clipSegment(float& x0, float& y0, float& x1, float& y1, float xmin, float ymin, float xmax, float ymax) {
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return false;
    double ax = x0, ay = y0, bx = x1, by = y1;
    const bool xMajor = std::abs(bx - ax) >= std::abs(by - ay);
    const bool inside = xMajor ? clipAlongMajor(ax, ay, bx, by, xmin, xmax, ymin, ymax)
                               : clipAlongMajor(ay, ax, by, bx, ymin, ymax, xmin, xmax);
    if (!inside) return false;
    x0 = float(ax);
    y0 = float(ay);
    x1 = float(bx);
    y1 = float(by);
    // float() may round up past the box edge by an ulp.
    x0 = std::clamp(x0, xmin, xmax);
    x1 = std::clamp(x1, xmin, xmax);
    y0 = std::clamp(y0, ymin, ymax);
    y1 = std::clamp(y1, ymin, ymax);
    return true;
}

}  // namespace

RasterCanvas::RasterCanvas(QImage& image)
    : m_bits(reinterpret_cast<std::uint32_t*>(image.bits())),
      m_width(image.width()),
      m_height(image.height()),
      m_stride(image.bytesPerLine() / 4) {
    Q_ASSERT(image.format() == QImage::Format_ARGB32_Premultiplied);
    clearUpperVectorState();
}

QRgb RasterCanvas::premultiply(QRgb argb, float opacity) {
    const unsigned a = unsigned(std::clamp(float(qAlpha(argb)) * opacity, 0.0f, 255.0f) + 0.5f);
    return byteMul((argb & 0x00ffffffu) | 0xff000000u, a);
}

void RasterCanvas::plot(int x, int y, QRgb c, unsigned coverage) {
    if (unsigned(x) >= unsigned(m_width) || unsigned(y) >= unsigned(m_height) || coverage == 0) return;
    blendPixel(m_bits[y * m_stride + x], byteMul(c, coverage));
}

template <bool Checked, bool Steep>
void RasterCanvas::wuSpan(float x0, float y0, float x1, float y1, QRgb c) {
    // Along the major axis (x here; swapped back when Steep) from x0 to x1 (x0 ≤ x1).
    const float dx = x1 - x0;
    const float gradient = dx > 0.0f ? (y1 - y0) / dx : 0.0f;
    // Coordinates are ≥ −2 after clipping, so int(v + 2.5) − 2 rounds to nearest.
    const int xs = int(x0 + 2.5f) - 2, xe = int(x1 + 2.5f) - 2;
    float y = y0 + gradient * (float(xs) - x0) + 2.0f;  // + 2 keeps floor() a truncation
    // The end pixel is left to the next segment of a polyline, so joints are not drawn twice.
    const int last = xe > xs ? xe : xs + 1;
    for (int x = xs; x < last; ++x, y += gradient) {
        const int yt = int(y);
        const unsigned lower = unsigned((y - float(yt)) * 255.0f + 0.5f);
        const int yi = yt - 2;
        const int px0 = Steep ? yi : x, py0 = Steep ? x : yi;
        const int px1 = Steep ? yi + 1 : x, py1 = Steep ? x : yi + 1;
        if (Checked) {
            plot(px0, py0, c, 255u - lower);
            plot(px1, py1, c, lower);
        } else {
            if (lower < 255u) blendPixel(m_bits[py0 * m_stride + px0], byteMul(c, 255u - lower));
            if (lower > 0u) blendPixel(m_bits[py1 * m_stride + px1], byteMul(c, lower));
        }
    }
}

void RasterCanvas::drawLine(float x0, float y0, float x1, float y1, QRgb c) {
    const float w = float(m_width), h = float(m_height);
    // Fully inside with a 2-pixel margin: no clipping and no per-pixel bounds checks.
    const bool inside = x0 >= 2.0f && x1 >= 2.0f && y0 >= 2.0f && y1 >= 2.0f && x0 < w - 2.0f && x1 < w - 2.0f &&
                        y0 < h - 2.0f && y1 < h - 2.0f;
    if (!inside && !clipSegment(x0, y0, x1, y1, -1.0f, -1.0f, w + 1.0f, h + 1.0f)) return;
    // Pixel centres at integer + ½: move them to the integers.
    x0 -= 0.5f;
    y0 -= 0.5f;
    x1 -= 0.5f;
    y1 -= 0.5f;
    const bool steep = std::abs(y1 - y0) > std::abs(x1 - x0);
    if (steep) {
        std::swap(x0, y0);
        std::swap(x1, y1);
    }
    if (x0 > x1) {
        std::swap(x0, x1);
        std::swap(y0, y1);
    }
    if (inside) {
        steep ? wuSpan<false, true>(x0, y0, x1, y1, c) : wuSpan<false, false>(x0, y0, x1, y1, c);
    } else {
        steep ? wuSpan<true, true>(x0, y0, x1, y1, c) : wuSpan<true, false>(x0, y0, x1, y1, c);
    }
}

void RasterCanvas::drawThinLine(float x0, float y0, float x1, float y1, QRgb c) {
    const float w = float(m_width), h = float(m_height);
    const bool inside = x0 >= 1.0f && x1 >= 1.0f && y0 >= 1.0f && y1 >= 1.0f && x0 < w - 1.0f && x1 < w - 1.0f &&
                        y0 < h - 1.0f && y1 < h - 1.0f;
    if (!inside && !clipSegment(x0, y0, x1, y1, 0.0f, 0.0f, w - 0.001f, h - 0.001f)) return;
    thinSpan(x0, y0, x1, y1, c);
}

inline void RasterCanvas::thinSpan(float x0, float y0, float x1, float y1, QRgb c) {
    const float dx = x1 - x0, dy = y1 - y0;
    const float length = std::max(std::abs(dx), std::abs(dy));
    const int n = int(length);  // pixels; the end one is left to the next segment
    if (n <= 1) {
        blendPixel(m_bits[int(y0) * m_stride + int(x0)], c);
        return;
    }
    // 16.16 fixed point: one reciprocal per segment, integer steps per pixel.
    const float inv = 65536.0f / length;
    const int sx = int(dx * inv), sy = int(dy * inv);
    int fx = int(x0 * 65536.0f), fy = int(y0 * 65536.0f);
    for (int i = 0; i < n; ++i, fx += sx, fy += sy) blendPixel(m_bits[(fy >> 16) * m_stride + (fx >> 16)], c);
}

void RasterCanvas::drawPolyline(const float* xy, int count, const QRgb* colours, bool antialiased) {
    if (count < 2) return;
    // One bounds test for the whole polyline (a trail is small): inside, every thin segment skips
    // the clipping, exactly as drawThinLine does for it.
    float xMin = xy[0], xMax = xy[0], yMin = xy[1], yMax = xy[1];
    for (int i = 1; i < count; ++i) {
        xMin = std::min(xMin, xy[2 * i]);
        xMax = std::max(xMax, xy[2 * i]);
        yMin = std::min(yMin, xy[2 * i + 1]);
        yMax = std::max(yMax, xy[2 * i + 1]);
    }
    const float margin = antialiased ? 2.0f : 1.0f;
    // NaN fails every comparison, so a polyline with one is not "inside".
    const bool inside = xMin >= margin && yMin >= margin && xMax < float(m_width) - margin && yMax < float(m_height) - margin;
    for (int i = 0; i + 1 < count; ++i) {
        const float x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
        if (antialiased)
            drawLine(x0, y0, x1, y1, colours[i]);
        else if (inside)
            thinSpan(x0, y0, x1, y1, colours[i]);
        else
            drawThinLine(x0, y0, x1, y1, colours[i]);
    }
}

void RasterCanvas::prefetch(const float* xy, int count) const {
    const float w = float(m_width), h = float(m_height);
    for (int i = 0; i < count; ++i) {
        const float x = xy[2 * i], y = xy[2 * i + 1];
        if (x >= 0.0f && y >= 0.0f && x < w && y < h) __builtin_prefetch(m_bits + int(y) * m_stride + int(x), 1);
    }
}

void RasterCanvas::prefetchBox(int x, int y, int size) const {
    const int x0 = std::max(0, x), x1 = std::min(m_width, x + size) - 1;
    if (x0 > x1) return;
    for (int b = std::max(0, y); b < std::min(m_height, y + size); ++b) {
        const std::uint32_t* row = m_bits + b * m_stride;
        __builtin_prefetch(row + x0, 1);
        __builtin_prefetch(row + x1, 1);
    }
}

void RasterCanvas::fill(QRgb c) {
    for (int y = 0; y < m_height; ++y) std::fill_n(m_bits + y * m_stride, m_width, c);
}

void RasterCanvas::blendRow(int y, QRgb c) {
    if (unsigned(y) >= unsigned(m_height)) return;
    std::uint32_t* row = m_bits + y * m_stride;
    for (int x = 0; x < m_width; ++x) blendPixel(row[x], c);
}

void RasterCanvas::blendColumn(int x, QRgb c) {
    if (unsigned(x) >= unsigned(m_width)) return;
    for (int y = 0; y < m_height; ++y) blendPixel(m_bits[y * m_stride + x], c);
}

void RasterCanvas::blendColumns(const int* xs, const QRgb* colours, int count) {
    for (int y = 0; y < m_height; ++y) {
        std::uint32_t* row = m_bits + y * m_stride;
        for (int i = 0; i < count; ++i)
            if (unsigned(xs[i]) < unsigned(m_width)) blendPixel(row[xs[i]], colours[i]);
    }
}

void RasterCanvas::drawScalarField(const float* values, int nx, int ny, const QRectF& target, float lo, float range,
                                   const ColorLut& lut, ScalarFieldWorkspace& ws) {
    clearUpperVectorState();
    if (nx < 1 || ny < 1 || !(target.width() > 0.0) || !(target.height() > 0.0) || !(range > 0.0f)) return;
    const int x0 = std::max(0, int(std::floor(target.left()))), x1 = std::min(m_width, int(std::ceil(target.right())));
    const int y0 = std::max(0, int(std::floor(target.top()))), y1 = std::min(m_height, int(std::ceil(target.bottom())));
    if (x0 >= x1 || y0 >= y1) return;
    // Horizontal pass: every grid row resampled to the output columns, in LUT units.
    const int w = x1 - x0;
    const float scale = 255.0f / range;
    const auto width = static_cast<std::size_t>(w);
    ws.rows.resize(std::size_t(ny) * width);
    ws.i0.resize(width);
    ws.i1.resize(width);
    ws.fx.resize(width);
    std::vector<float>& rows = ws.rows;
    std::vector<int>& i0s = ws.i0;
    std::vector<int>& i1s = ws.i1;
    std::vector<float>& fxs = ws.fx;
    for (int x = 0; x < w; ++x) {
        const double gx = ((x0 + x + 0.5) - target.left()) / target.width() * nx - 0.5;
        const double c = std::clamp(gx, 0.0, double(nx - 1));
        const int i0 = std::min(int(c), nx - 1);
        i0s[std::size_t(x)] = i0;
        i1s[std::size_t(x)] = std::min(i0 + 1, nx - 1);
        fxs[std::size_t(x)] = float(c - i0);
    }
    for (int j = 0; j < ny; ++j)
        pixel_kernels::resampleRow(rows.data() + std::size_t(j) * std::size_t(w), values + std::size_t(j) * std::size_t(nx),
                                   i0s.data(), i1s.data(), fxs.data(), w, lo, scale);
    // Vertical pass: blend two resampled rows and look the colour up.
    for (int y = y0; y < y1; ++y) {
        // Row 0 of the grid is at the bottom of the target.
        const double gy = (target.bottom() - (y + 0.5)) / target.height() * ny - 0.5;
        const double c = std::clamp(gy, 0.0, double(ny - 1));
        const int j0 = std::min(int(c), ny - 1), j1 = std::min(j0 + 1, ny - 1);
        const float* a = rows.data() + std::size_t(j0) * std::size_t(w);
        const float* b = rows.data() + std::size_t(j1) * std::size_t(w);
        pixel_kernels::lookUpRow(m_bits + y * m_stride + x0, a, b, float(c - j0), w, lut.data());
    }
}

void RasterCanvas::blendMask(int x, int y, const std::uint8_t* mask, int size, QRgb c) {
    if (x >= m_width || y >= m_height || x + size <= 0 || y + size <= 0) return;
    const int a0 = std::max(0, -x), a1 = std::min(size, m_width - x);
    const int b0 = std::max(0, -y), b1 = std::min(size, m_height - y);
    for (int b = b0; b < b1; ++b)
        pixel_kernels::blendPaddedCoverageRow(m_bits + (y + b) * m_stride + x + a0, mask + b * size + a0, a1 - a0, c);
}

void RasterCanvas::blendMaskSpans(int x, int y, const std::uint8_t* mask, int size, const std::uint16_t* spans,
                                  QRgb c) {
    blendMaskSpans(x, y, mask, size, spans, c, 0, m_height);
}

void RasterCanvas::blendMaskSpans(int x, int y, const std::uint8_t* mask, int size, const std::uint16_t* spans,
                                  QRgb c, int rowBegin, int rowEnd) {
    rowBegin = std::max(0, rowBegin);
    rowEnd = std::min(m_height, rowEnd);
    if (x >= m_width || y >= rowEnd || x + size <= 0 || y + size <= rowBegin) return;
    const int a0 = std::max(0, -x), a1 = std::min(size, m_width - x);
    const int b0 = std::max(0, rowBegin - y), b1 = std::min(size, rowEnd - y);
    pixel_kernels::blendSpriteRows(m_bits, m_stride, x, y, mask, size, spans, a0, a1, b0, b1, c);
}

void DotSprites::prepare(float radius) {
    radius = std::max(radius, 0.5f);
    if (radius == m_radius) return;
    m_radius = radius;
    const int r = int(std::ceil(radius));
    m_size = 2 * r + 3;
    const int half = r + 1;
    const std::size_t area = std::size_t(m_size) * std::size_t(m_size);
    m_masks.assign(area * kSubpixels * kSubpixels + pixel_kernels::kCoveragePadding, 0);
    m_spans.assign(2 * std::size_t(m_size) * kSubpixels * kSubpixels, 0);
    constexpr int kSuper = 4;
    for (int sy = 0; sy < kSubpixels; ++sy) {
        for (int sx = 0; sx < kSubpixels; ++sx) {
            std::uint8_t* m = m_masks.data() + area * std::size_t(sy * kSubpixels + sx);
            const float cx = float(half) + (sx + 0.5f) / kSubpixels;
            const float cy = float(half) + (sy + 0.5f) / kSubpixels;
            for (int b = 0; b < m_size; ++b) {
                for (int a = 0; a < m_size; ++a) {
                    int inside = 0;
                    for (int v = 0; v < kSuper; ++v)
                        for (int u = 0; u < kSuper; ++u) {
                            const float px = a + (u + 0.5f) / kSuper - cx, py = b + (v + 0.5f) / kSuper - cy;
                            inside += (px * px + py * py <= radius * radius) ? 1 : 0;
                        }
                    m[b * m_size + a] = std::uint8_t((inside * 255 + kSuper * kSuper / 2) / (kSuper * kSuper));
                }
            }
            std::uint16_t* sp = m_spans.data() + 2 * std::size_t(m_size) * std::size_t(sy * kSubpixels + sx);
            for (int b = 0; b < m_size; ++b) {
                int first = m_size, last = 0;
                for (int a = 0; a < m_size; ++a)
                    if (m[b * m_size + a] > 0) first = std::min(first, a), last = a + 1;
                sp[2 * b] = std::uint16_t(first < last ? first : 0);
                sp[2 * b + 1] = std::uint16_t(first < last ? last : 0);
            }
        }
    }
}

const std::uint8_t* DotSprites::maskFor(float px, float py, int& x, int& y, const std::uint16_t*& spans) const {
    // Far-away, infinite or NaN centres land far outside any image (blendMask then draws
    // nothing) instead of overflowing the int conversion below.
    constexpr float kFar = 1e7f;
    px = std::isfinite(px) ? std::clamp(px, -kFar, kFar) : -kFar;
    py = std::isfinite(py) ? std::clamp(py, -kFar, kFar) : -kFar;
    const float fx = std::floor(px), fy = std::floor(py);
    const int sx = std::min(kSubpixels - 1, int((px - fx) * kSubpixels));
    const int sy = std::min(kSubpixels - 1, int((py - fy) * kSubpixels));
    const int half = (m_size - 3) / 2 + 1;
    x = int(fx) - half;
    y = int(fy) - half;
    const std::size_t area = std::size_t(m_size) * std::size_t(m_size);
    spans = m_spans.data() + 2 * std::size_t(m_size) * std::size_t(sy * kSubpixels + sx);
    return m_masks.data() + area * std::size_t(sy * kSubpixels + sx);
}

}  // namespace flowlab::ui
