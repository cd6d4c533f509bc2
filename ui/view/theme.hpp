#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

#include "view/colormap.hpp"

namespace flowlab::ui {

/// Every colour the plane view uses, for one look (dark or light). Plain data: the renderer
/// reads it from the FrameData, so a screenshot, the screen and a video share the look.
struct Theme {
    bool isDark = true;
    QColor background;
    QColor gridMinor;
    QColor gridMajor;
    QColor axisLabel;
    QColor text;
    QColor textMuted;
    QColor errorText;           ///< a notice that reports a problem
    QColor dimVeil;             ///< laid over a stale picture while its replacement is computed (translucent)
    QColor overlayBackground;   ///< legend and caption boxes (translucent)
    QColor overlayBorder;
    QColor baseColor;           ///< ρ0 and everything at t = 0
    QColor targetColor;         ///< ρ1 and everything at t = 1
    QColor singleParticle;      ///< particle colour when not colouring by region
    QColor odePath;
    QColor sdePath;
    QColor pinMarker;
    QColor laser;               ///< the presenter's laser pointer (a bright dot and its tail)
    QColor bridgeMean;
    QColor bridgeBand;
    QColor streamline;
    ColorLut heatmap{};         ///< log ρ_t, low → high (index 0 equals the background)
    ColorLut arrows{};          ///< arrow colour by relative magnitude
    std::vector<QColor> regionPalette;  ///< particle colours by region (a hue wheel)
    double strokeScale = 1.0;   ///< multiplies the width of lines and the size of dots (projector: thicker)

    static Theme dark();
    static Theme light();
    /// For a projector in a lit hall: white background, saturated dark colours, thick strokes.
    static Theme projector();
    static Theme named(const QString& name);  ///< "light", "projector" or anything else → dark
    /// The names named() knows: "dark", "light", "projector".
    static const QStringList& names();
    /// True for a known name.
    static bool isName(const QString& name);
};

}  // namespace flowlab::ui
