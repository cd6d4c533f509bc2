#pragma once

#include <QColor>
#include <QIcon>

namespace flowlab::ui {

/// The timeline's transport symbols, drawn in a given colour so they read on dark and light
/// palettes alike (the style's stock media icons are dark-on-dark in a dark palette).
enum class TransportIcon { Start, StepBack, Play, Pause, StepForward, End };

QIcon transportIcon(TransportIcon kind, const QColor& color);

}  // namespace flowlab::ui
