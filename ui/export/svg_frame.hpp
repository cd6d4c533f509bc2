#pragma once

#include <QByteArray>
#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <string>
#include <vector>

#include "common/result.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// One panel of an SVG still: a frame drawn into `cell` of the picture, with an optional label.
struct SvgPanel {
    FrameData frame;
    QRect cell;     ///< pixels of the whole picture
    QString label;  ///< drawn at the bottom of the cell, or in captionRect; empty for none
    QRect captionRect;  ///< a comparison's caption strip over the cell (CompareGeometry::captions)
    int captionPixels = 0;  ///< its font's pixel size (CompareRenderer::captionFont)
    QString formula;        ///< the strip's formula under the label (CompareRenderer::stripFormula); empty: none
    int formulaPixels = 0;  ///< its font's pixel size (CompareRenderer::formulaFont)
};

/// The panels of an SVG still and what lies around them: `backdrop` (null for none) is a
/// picture of the whole size drawn first, as one embedded PNG (a comparison's separators and
/// shared legend, as the compositor draws them).
struct SvgPicture {
    std::vector<SvgPanel> panels;
    QImage backdrop;
};

/// A comparison as an SVG picture, laid out by CompareRenderer exactly as the window shows it:
/// frames[i] (panelFrame applied) in plane i with captions[i] in its strip, the separators and
/// the shared legend of frames[0] in the backdrop.
SvgPicture compareSvgPicture(const std::vector<FrameData>& frames, const std::vector<QString>& captions, QSize size,
                             int cells);

/// An SVG 1.1 document of the panels in a picture of `size`, as vectors where the frame is made
/// of few shapes: particles as <circle>, trails as <polyline>, arrows as <line>, the caption,
/// t readout and labels as <text> (formulas as outlines), in the boxes and at the sizes
/// FrameRenderer gives them in the PNG of the same frame; the background (heatmap and grid) as an embedded PNG
/// <image> (base64 data URI), drawn by FrameRenderer. Respects the frame's layers and overlays.
/// An image scene's frame (FrameData::images) is pixels only: the panel is one embedded PNG of
/// the whole frame as the window draws it (grid, caption, legend).
QByteArray svgDocument(const std::vector<SvgPanel>& panels, QSize size, const QImage& backdrop = QImage());

/// Writes svgDocument to `path` atomically (a temporary beside it, renamed when complete): a
/// failure leaves no file.
core::Status writeSvgStill(const std::string& path, const SvgPicture& picture, QSize size);

}  // namespace flowlab::ui
