#pragma once

#include <QImage>
#include <QRgb>

#include <QRectF>

#include <cstdint>
#include <vector>

#include "view/colormap.hpp"

namespace flowlab::ui {

/// Direct pixel drawing into a QImage in Format_ARGB32_Premultiplied: the fast path for the
/// many small things of a frame (10 000 particle dots, 200 000 trail segments) that one
/// QPainter call each would make far too slow. Colours are premultiplied ARGB.
class RasterCanvas {
public:
    /// `image` must outlive the canvas and be in Format_ARGB32_Premultiplied.
    explicit RasterCanvas(QImage& image);

    int width() const { return m_width; }
    int height() const { return m_height; }

    /// An antialiased (Xiaolin Wu) line of one pixel width, clipped to the image.
    void drawLine(float x0, float y0, float x1, float y1, QRgb premultiplied);

    /// A one-pixel line without antialiasing (one blended pixel per step along the major axis),
    /// clipped to the image: about twice as fast as drawLine, and indistinguishable from it in a
    /// dense, translucent cloud of trails.
    void drawThinLine(float x0, float y0, float x1, float y1, QRgb premultiplied);

    /// The polyline through `count` points (x, y pairs in pixels), segment i in colours[i]: what
    /// drawLine (antialiased) or drawThinLine draws for each segment, with one bounds test for
    /// the whole polyline when it lies inside the image (a trail of a particle).
    void drawPolyline(const float* xy, int count, const QRgb* colours, bool antialiased);

    /// Asks the memory system for the pixels under `count` points (x, y pairs) or under the
    /// size × size box at (x, y), to be drawn a little later: a frame is larger than the caches,
    /// and a trail or dot at a random place otherwise waits for memory on its first pixel.
    void prefetch(const float* xy, int count) const;
    void prefetchBox(int x, int y, int size) const;

    /// Fills every pixel with one colour (single-threaded, unlike QImage::fill, whose thread-pool
    /// hand-off costs more than the fill itself at 720p on two cores).
    void fill(QRgb premultiplied);

    /// Blends a horizontal (or vertical) one-pixel line across the whole image at row y
    /// (column x); used for the coordinate grid.
    void blendRow(int y, QRgb premultiplied);
    void blendColumn(int x, QRgb premultiplied);
    /// blendColumn for each of `count` columns xs[i] with colours[i], walking the image row by row
    /// (a column at a time misses the cache on every pixel of a large frame).
    void blendColumns(const int* xs, const QRgb* colours, int count);

    /// Paints a scalar field given at the cell centres of an nx × ny grid (row 0 at the bottom)
    /// over the pixel rectangle `target`, interpolating the values bilinearly and then mapping
    /// (v − lo) / range through `lut`; NaN values map to the first colour. Opaque.
    /// `workspace` holds the resampled rows between calls (pass the same one every frame: a
    /// fresh 0.5 MB allocation per frame costs page faults on every frame).
    struct ScalarFieldWorkspace {
        std::vector<float> rows, fx;
        std::vector<int> i0, i1;
    };
    void drawScalarField(const float* values, int nx, int ny, const QRectF& target, float lo, float range,
                         const ColorLut& lut, ScalarFieldWorkspace& workspace);

    /// Blends a size×size coverage mask (0–255) with its top-left corner at pixel (x, y). The
    /// mask must be readable 8 bytes past its end (DotSprites' and ArrowSprites' masks are).
    void blendMask(int x, int y, const std::uint8_t* mask, int size, QRgb premultiplied);

    /// Like blendMask, but visits only the columns [spans[2b], spans[2b+1]) of each row b: for
    /// thin shapes (arrows) most of the square is empty.
    void blendMaskSpans(int x, int y, const std::uint8_t* mask, int size, const std::uint16_t* spans,
                        QRgb premultiplied);
    /// blendMaskSpans limited to the image rows [rowBegin, rowEnd): drawing a shape band by band
    /// gives exactly the pixels of drawing it at once.
    void blendMaskSpans(int x, int y, const std::uint8_t* mask, int size, const std::uint16_t* spans,
                        QRgb premultiplied, int rowBegin, int rowEnd);

    /// The premultiplied form of an ARGB colour with an extra opacity in [0, 1].
    static QRgb premultiply(QRgb argb, float opacity);

private:
    void plot(int x, int y, QRgb premultiplied, unsigned coverage);
    void thinSpan(float x0, float y0, float x1, float y1, QRgb premultiplied);
    template <bool Checked, bool Steep>
    void wuSpan(float x0, float y0, float x1, float y1, QRgb premultiplied);

    std::uint32_t* m_bits = nullptr;
    int m_width = 0;
    int m_height = 0;
    qsizetype m_stride = 0;  // in pixels
};

/// Coverage masks of an antialiased disc at 4×4 sub-pixel offsets (so dots move smoothly).
class DotSprites {
public:
    static constexpr int kSubpixels = 4;

    /// Rebuilds the masks for this radius in pixels (cheap; no-op when unchanged).
    void prepare(float radius);
    float radius() const { return m_radius; }
    int size() const { return m_size; }
    /// The mask for a dot centred at pixel coordinate (px, py); `x`, `y` receive its top-left
    /// and `spans` its per-row [first, last) non-empty columns (for RasterCanvas::blendMaskSpans).
    const std::uint8_t* maskFor(float px, float py, int& x, int& y, const std::uint16_t*& spans) const;

private:
    float m_radius = -1.0f;
    int m_size = 0;
    std::vector<std::uint8_t> m_masks;  // [sy][sx][size*size]
    std::vector<std::uint16_t> m_spans; // [sy][sx][2*size]
};

}  // namespace flowlab::ui
