#pragma once

#include <QByteArray>
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
    QString label;  ///< drawn at the bottom of the cell (comparisons); empty for none
};

/// An SVG 1.1 document of the panels in a picture of `size`, as vectors where the frame is made
/// of few shapes: particles as <circle>, trails as <polyline>, arrows as <line>, the caption,
/// t readout and labels as <text>; the background (heatmap and grid) as an embedded PNG
/// <image> (base64 data URI), drawn by FrameRenderer. Respects the frame's layers and overlays.
/// An image scene's frame (FrameData::images) is pixels only: the panel is one embedded PNG of
/// the whole frame as the window draws it (grid, caption, legend).
QByteArray svgDocument(const std::vector<SvgPanel>& panels, QSize size);

/// Writes svgDocument to `path` atomically (a temporary beside it, renamed when complete): a
/// failure leaves no file.
core::Status writeSvgStill(const std::string& path, const std::vector<SvgPanel>& panels, QSize size);

}  // namespace flowlab::ui
