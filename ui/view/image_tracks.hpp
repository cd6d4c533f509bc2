#pragma once

#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <memory>
#include <vector>

#include "common/types.hpp"

namespace flowlab::ui {

/// Every recorded state of an image scene's grid of samples, as floats (what the window replays
/// while t moves: no field evaluation per frame). Immutable once built; shared by the frames.
struct ImageTracks {
    int rows = 0, columns = 0;
    int channels = 1, height = 0, width = 0;
    std::vector<double> times;               ///< the time of each recorded state, increasing
    std::vector<std::vector<float>> states;  ///< per state: samples × (C·H·W) values in pixel space

    /// From a sampler's recorded trajectory (one row per sample, rows·columns of them).
    static std::shared_ptr<const ImageTracks> fromTrajectory(const std::vector<double>& times,
                                                             const std::vector<core::Points>& states, int rows,
                                                             int columns, int channels, int height, int width);

    int sampleCount() const { return rows * columns; }
    int dim() const { return channels * height * width; }
    /// The recorded state nearest to t (the grid shows stored states, never interpolated ones).
    int stateAt(double t) const;
    /// Sample i of state k as an image (grey or RGB, values in [−1, 1] mapped to 0 … 255).
    QImage tile(int state, int sample) const;
    /// Draws every sample of state k into `target` (Format_ARGB32_Premultiplied or RGB32) where
    /// `layout` puts it, each image pixel a solid scale × scale block, by writing the pixels
    /// directly (a 1080p grid in about a millisecond: the replay never waits for the painter).
    void paintState(QImage& target, const struct ImageGridLayout& layout, int state) const;
    /// Sample i along the whole trajectory: one row per recorded state (a copy).
    core::Points sampleTrajectory(int sample) const;
};

/// Where the tiles of an R×C grid of h×w images go inside `area`: every image pixel becomes a
/// `scale` × `scale` block (an integer, so the upscaling is crisp nearest-neighbour), tiles are
/// `gap` pixels apart and the grid is centred. The renderer draws with it and the view hit-tests
/// clicks with it, so they always agree.
struct ImageGridLayout {
    QRect grid;   ///< the whole grid
    int scale = 1;
    int gap = 0;
    int rows = 0, columns = 0, tileWidth = 0, tileHeight = 0;
    int count = 0;  ///< samples laid out, row by row (≤ rows × columns: the last row may be short)

    static ImageGridLayout fit(const QRect& area, int rows, int columns, int imageHeight, int imageWidth);
    /// `count` samples re-flowed into the column count whose whole-pixel tiles are largest in
    /// `area` (presenter mode: a wide screen gets a wide grid); of equal scales, the one with the
    /// fewest empty cells, then the larger grid.
    static ImageGridLayout fill(const QRect& area, int count, int imageHeight, int imageWidth);
    QRect tileRect(int sample) const;
    /// The sample under `pixel`, or −1 (between tiles, outside the grid).
    int sampleAt(QPoint pixel) const;
};

/// The band of a frame above an image grid that holds its caption (title, method, t), for an
/// output of `size` with text unit `textUnit` (FrameRenderer::textUnit).
/// With `captionShown` false (presenter mode: the caption is in the HUD) only the t readout's
/// band is kept above the grid.
QRect imageGridArea(QSize size, double textUnit, bool captionShown = true);

}  // namespace flowlab::ui
