#pragma once

#include <QImage>
#include <QPainter>
#include <QRect>
#include <QSize>
#include <QString>

#include <Eigen/Core>

#include "images/image_dataset.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {

/// The layout of one image as a point of R^d (core/images/image_dataset.hpp): C·H·W values,
/// channel-major.
struct ImageShape {
    int channels = 1;
    int height = 0;
    int width = 0;
    int dim() const { return channels * height * width; }
    bool valid() const { return (channels == 1 || channels == 3) && height > 0 && width > 0; }
};

/// An image in [−1, 1] (docs/maths.md §10) as an opaque QImage, one pixel per image pixel,
/// levels by core::unitToPixel (the display rule every image view shares). A row of the wrong
/// size gives a null image.
QImage unitImage(const Eigen::RowVectorXd& x, const ImageShape& shape);

/// A signed image (a velocity, a noise estimate) on a symmetric scale: 0 is mid grey for RGB and
/// white in the diverging blue–white–red map for grey images, ±`scale` the ends (clamped).
/// `scale` ≤ 0 picks the largest |value|, so the picture always uses its full range.
QImage signedImage(const Eigen::RowVectorXd& x, const ImageShape& shape, double scale = 0.0);

/// The largest |value| of a row (the scale signedImage picks; 1 for an all-zero row).
double signedScale(const Eigen::RowVectorXd& x);

/// Draws `image` into `target` upscaled by the largest whole factor that fits, centred, without
/// smoothing: every pixel is a crisp square, as a lecturer needs to count them. Returns the
/// rectangle actually covered.
QRect drawCrisp(QPainter& painter, const QRect& target, const QImage& image);

/// How n square tiles, each with a caption line under it, fit a box best: the column count that
/// makes them largest, and their side.
struct TileFit {
    int columns = 1;
    int rows = 1;
    int tile = 0;
};
TileFit fitTiles(int n, const QSize& box, int captionHeight, int gap);

/// The class name of image `index` of a data set ("Pullover"), "class k" when the set has no
/// name for it, empty when it has no labels.
QString imageClassName(const core::ImageDataset& data, std::size_t index);

/// A caption under (or over) a tile: `text` centred in `box`, elided to fit, in the theme's text
/// colour (muted when `muted`).
void drawCaption(QPainter& painter, const QRect& box, const QString& text, const Theme& theme, bool muted = false);

}  // namespace flowlab::ui
