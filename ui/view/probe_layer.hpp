#pragma once

#include <QRectF>
#include <QSize>

class QPainter;

namespace flowlab::ui {

class ViewTransform;
struct ProbeDrawing;
struct Theme;

/// Draws the teaching probes (ProbeDrawing) over the plane: discs on the target components
/// sized by p(j | x_t), E[x0|x_t] and E[x1|x_t], b built head to tail from its three terms, and
/// in conditional mode one component's conditional path, field u_t(· | j) and the weighted
/// conditional velocities that add up to b; its caption is typeset, bottom right. `s` scales
/// strokes, `ts` text (FrameRenderer::textUnit: the text scale and the presenter's boost).
/// Returns the caption's box (empty without one), which the legend then avoids.
QRectF drawProbe(QPainter& p, const ViewTransform& tf, QSize size, const ProbeDrawing& probe, const Theme& th, double s,
                 double ts);

}  // namespace flowlab::ui
