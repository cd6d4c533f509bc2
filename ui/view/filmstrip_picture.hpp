#pragma once

#include <QFont>
#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <vector>

#include "common/result.hpp"
#include "metrics/sample_inspection.hpp"
#include "view/image_tiles.hpp"
#include "view/theme.hpp"

class QPainter;

namespace flowlab::ui {

struct ImageTracks;

/// Frames of a sample's filmstrip, in the inspector and in its export: the states nearest
/// kFilmstripFrames times evenly spaced over [0, 1].
inline constexpr int kFilmstripFrames = 11;

/// The smallest text the image views (inspector, PCA view and their exports) draw, in pixels at
/// 1×: readable from the back of a lecture hall on a 1080p projector.
inline constexpr int kMinViewTextPixels = 18;

/// `font` with a pixel size of at least `pixels` (never smaller than it was).
QFont viewFont(QFont font, int pixels = kMinViewTextPixels);

/// The recorded states of a grid as core takes a trajectory: one Points per state, one row per sample.
std::vector<core::Points> trackStates(const ImageTracks& tracks);

/// The filmstrip of sample `sample` of a recorded grid (core::makeFilmstrip at kFilmstripFrames
/// even times). Fails with a message on a sample out of range.
core::Result<core::Filmstrip> sampleFilmstrip(const ImageTracks& tracks, int sample);

/// Draws a filmstrip into `area` with the painter's font: a title line (`title`, empty: "trajectory,
/// t = a → b") and the frames, each crisp at the largest whole upscaling that fits
/// (nearest-neighbour) with its t under it; the frame nearest `currentT` is outlined (none when
/// currentT < 0). Returns the rectangles the frames' pixels cover, in order. The inspector and the
/// filmstrip export both draw with it, so the two show the same tiles.
std::vector<QRect> paintFilmstrip(QPainter& painter, const QRect& area, const core::Filmstrip& strip,
                                  const ImageShape& shape, const Theme& theme, double currentT, const QString& title = {});

/// The filmstrip export of one sample: `heading` (e.g. "Sample 5 · exact field") over the strip
/// of paintFilmstrip, on the theme's background, with text of `font`. `tiles` (optional) receives
/// the frames' rectangles.
QImage renderFilmstripImage(QSize size, const core::Filmstrip& strip, const ImageShape& shape, const Theme& theme,
                            const QString& heading, const QFont& font, std::vector<QRect>* tiles = nullptr);

}  // namespace flowlab::ui
