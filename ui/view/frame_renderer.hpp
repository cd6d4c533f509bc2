#pragma once

#include <QImage>
#include <QRect>
#include <QRectF>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "view/arrow_sprites.hpp"
#include "view/frame_data.hpp"
#include "view/raster_canvas.hpp"

class QPainter;

namespace flowlab::ui {

class ViewTransform;

/// Draws one frame of the plane from a FrameData snapshot, at any size: the one renderer behind
/// the window, screenshots, the render benchmark and video export. Pure QPainter plus a raster
/// fast path for particles and trails. Sizes of dots, lines and text scale with the output (a
/// 4K frame looks like the 720p one, only sharper). Keeps small caches (sprites, buffers), so one
/// renderer serves one thread; it holds no reference to the frame after render() returns.
class FrameRenderer {
public:
    /// Draws `frame` over all of `image` (its size is the output size). Any format works; the
    /// fast path is Format_ARGB32_Premultiplied.
    void render(QImage& image, const FrameData& frame);

    /// A new image of `size` (Format_ARGB32_Premultiplied) holding the frame.
    QImage renderImage(QSize size, const FrameData& frame);

    /// Draws the frame into `target` of any painter (through an image of that size times
    /// `devicePixelRatio`).
    void render(QPainter& painter, const QRect& target, const FrameData& frame, qreal devicePixelRatio = 1.0);

    /// Threads drawing the dots of a frame with many of them (at least 20 000 on screen), 1 or 2
    /// (default 2): their bands of rows are split between the threads, with the same pixels.
    /// Video export draws frames on threads of its own and sets 1.
    void setDrawThreads(int threads) { m_drawThreads = std::clamp(threads, 1, 2); }

    /// Wall time of each layer in the last render(), in milliseconds (for benchmarks and the HUD).
    struct LayerTimes {
        double background = 0, heatmap = 0, arrows = 0, vectorLayers = 0, trails = 0, particles = 0, overlay = 0;
        double total() const { return background + heatmap + arrows + vectorLayers + trails + particles + overlay; }
        LayerTimes& operator+=(const LayerTimes& o) {
            background += o.background;
            heatmap += o.heatmap;
            arrows += o.arrows;
            vectorLayers += o.vectorLayers;
            trails += o.trails;
            particles += o.particles;
            overlay += o.overlay;
            return *this;
        }
    };
    const LayerTimes& lastLayerTimes() const { return m_times; }

    /// The length scale of decorations for an output of this size (1 at 1280×720).
    static double uiScale(QSize size);
    /// The size unit of text for an output of this size: uiScale times the frame's textScale.
    static double textUnit(QSize size, const FrameData& frame);
    /// What a panel of `panel` pixels multiplies its text scale by so that its text is as large
    /// as in an output of `whole` pixels (a compare panel's text at the single view's size):
    /// uiScale(whole) / uiScale(panel), never below 1; 1 for an empty `whole`.
    static double panelTextFactor(QSize panel, QSize whole);

    /// Where an image scene's frame of this size puts its tiles (f.images must be set): the one
    /// layout the drawing and the view's hit-testing share.
    static ImageGridLayout imageGridLayout(QSize size, const FrameData& f);

    /// The legend `frame` shows in an output of `size`, alone: its box at full size on a
    /// transparent background (null when the frame shows none). For a legend drawn outside the
    /// plot, as the compare panels share one below them.
    QImage renderLegend(QSize size, const FrameData& frame);

    /// Where the last render() put the overlay's boxes (empty rectangles for boxes not drawn).
    struct OverlayLayout {
        QRectF caption, time, legend;
        /// The sizes the t readout and the legend were drawn at (1, or smaller where every
        /// place would cover mass), for writers that redraw them (SVG).
        double timeScale = 1.0, legendScale = 1.0;
    };
    const OverlayLayout& lastOverlay() const { return m_overlay; }

private:
    void drawHeatmap(RasterCanvas& c, const ViewTransform& tf, const FrameData& f);
    static double gridStep(const ViewTransform& tf);
    void drawGridLines(RasterCanvas& c, const ViewTransform& tf, const FrameData& f, double s);
    void drawGridLabels(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawStreamlines(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawArrows(RasterCanvas& c, const ViewTransform& tf, const FrameData& f, double s);
    void drawDrawing(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawTrails(RasterCanvas& c, const ViewTransform& tf, const FrameData& f);
    void drawTrajectories(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawParticles(RasterCanvas& c, const ViewTransform& tf, const FrameData& f, double s);
    void drawBridges(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawFan(QPainter& p, const ViewTransform& tf, const FrameData& f, double s);
    void drawOverlay(QPainter& p, QSize size, const FrameData& f, double s);
    /// An image scene's frame: the grid of samples at t with its caption (image_grid_layer.cpp).
    void drawImageFrame(QImage& image, const FrameData& f);
    QImage panelImage(const QString& key, const std::function<QImage()>& make);
    std::vector<QRgb> particlePalette(const FrameData& f, float opacity) const;

    int m_drawThreads = 2;
    QImage m_scratch;
    DotSprites m_sprites;
    RasterCanvas::ScalarFieldWorkspace m_heatWorkspace;
    LayerTimes m_times;
    OverlayLayout m_overlay;
    QRectF m_probeCaption;  // the probe's caption box in the frame being drawn: the legend avoids it
    std::vector<float> m_positions;
    /// A dot of drawParticles, placed: its sprite's top left, mask, spans and colour.
    struct PlacedDot {
        int x = 0, y = 0;
        const std::uint8_t* mask = nullptr;
        const std::uint16_t* spans = nullptr;
        QRgb color = 0;
    };
    std::vector<PlacedDot> m_dots, m_bandedDots;  // in particle order; bucketed by band of rows
    std::vector<int> m_bandStart, m_bandCursor;
    std::vector<float> m_trailRing;  // pixel coordinates of the next trails (drawTrails)
    std::vector<float> m_magnitudes;
    std::vector<float> m_sorted;
    ArrowSprites m_arrows;
    std::map<QString, QImage> m_panels;
};

}  // namespace flowlab::ui
