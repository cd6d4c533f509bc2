#pragma once

#include <QColor>
#include <QString>

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
    QColor overlayBackground;   ///< legend and caption boxes (translucent)
    QColor overlayBorder;
    QColor baseColor;           ///< ρ0 and everything at t = 0
    QColor targetColor;         ///< ρ1 and everything at t = 1
    QColor singleParticle;      ///< particle colour when not colouring by region
    QColor odePath;
    QColor sdePath;
    QColor pinMarker;
    QColor bridgeMean;
    QColor bridgeBand;
    QColor streamline;
    ColorLut heatmap{};         ///< log ρ_t, low → high (index 0 equals the background)
    ColorLut arrows{};          ///< arrow colour by relative magnitude
    std::vector<QColor> regionPalette;  ///< particle colours by region (a hue wheel)

    static Theme dark();
    static Theme light();
    static Theme named(const QString& name);  ///< "light" or anything else → dark
};

}  // namespace flowlab::ui
