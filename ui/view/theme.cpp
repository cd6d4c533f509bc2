#include "view/theme.hpp"

#include <cmath>

namespace flowlab::ui {
namespace {

constexpr int kRegionColors = 24;

std::vector<QColor> hueWheel(double saturation, double value) {
    std::vector<QColor> p;
    p.reserve(kRegionColors);
    for (int i = 0; i < kRegionColors; ++i) {
        // Start at orange-red and go round; slightly uneven value keeps yellow from glaring.
        const double h = std::fmod(0.02 + double(i) / kRegionColors, 1.0);
        const bool yellowish = h > 0.10 && h < 0.22;
        p.push_back(QColor::fromHsvF(float(h), float(saturation), float(yellowish ? value * 0.93 : value)));
    }
    return p;
}

}  // namespace

Theme Theme::dark() {
    Theme t;
    t.isDark = true;
    t.background = QColor(0x10, 0x12, 0x18);
    t.gridMinor = QColor(255, 255, 255, 14);
    t.gridMajor = QColor(255, 255, 255, 34);
    t.axisLabel = QColor(200, 208, 224, 150);
    t.text = QColor(0xec, 0xef, 0xf4);
    t.textMuted = QColor(0xa4, 0xad, 0xbf);
    t.errorText = QColor(0xff, 0x6b, 0x6b);
    t.dimVeil = QColor(0x14, 0x16, 0x1c, 150);
    t.overlayBackground = QColor(18, 21, 29, 228);
    t.overlayBorder = QColor(255, 255, 255, 40);
    t.baseColor = QColor(0x4f, 0xc3, 0xf7);
    t.targetColor = QColor(0xff, 0xb7, 0x4d);
    t.singleParticle = QColor(0xe8, 0xf1, 0xff);
    t.odePath = QColor(0xff, 0xff, 0xff);
    t.sdePath = QColor(0x80, 0xde, 0xea, 105);
    t.pinMarker = QColor(0xff, 0x52, 0x52);
    t.laser = QColor(0xff, 0x2d, 0x2d);
    t.bridgeMean = QColor(0xf0, 0xf4, 0xc3);
    t.bridgeBand = QColor(0xf0, 0xf4, 0xc3, 40);
    t.streamline = QColor(0xcf, 0xe3, 0xff, 110);
    // A quiet blue ramp for ρ_t, so the hue-coded particles stay the brightest thing on screen.
    t.heatmap = makeLut({{0.0, t.background},
                         {0.30, QColor(0x15, 0x1d, 0x30)},
                         {0.55, QColor(0x1c, 0x30, 0x55)},
                         {0.78, QColor(0x27, 0x4a, 0x7e)},
                         {1.0, QColor(0x3d, 0x6c, 0xa8)}});
    t.arrows = makeLut({{0.0, QColor(0x4a, 0x58, 0x72)}, {0.55, QColor(0x7d, 0x93, 0xb5)}, {1.0, QColor(0xc9, 0xd6, 0xea)}});
    t.regionPalette = hueWheel(0.55, 1.0);
    return t;
}

Theme Theme::light() {
    Theme t;
    t.isDark = false;
    t.background = QColor(0xfb, 0xfb, 0xfc);
    t.gridMinor = QColor(0, 0, 0, 12);
    t.gridMajor = QColor(0, 0, 0, 30);
    t.axisLabel = QColor(60, 66, 80, 160);
    t.text = QColor(0x1d, 0x22, 0x2c);
    t.textMuted = QColor(0x5a, 0x63, 0x75);
    t.errorText = QColor(0xc6, 0x28, 0x28);
    t.dimVeil = QColor(0xf4, 0xf5, 0xf7, 150);
    t.overlayBackground = QColor(255, 255, 255, 232);
    t.overlayBorder = QColor(0, 0, 0, 35);
    t.baseColor = QColor(0x15, 0x65, 0xc0);
    t.targetColor = QColor(0xe6, 0x51, 0x00);
    t.singleParticle = QColor(0x26, 0x32, 0x4a);
    t.odePath = QColor(0x10, 0x10, 0x10);
    t.sdePath = QColor(0x00, 0x83, 0x8f, 110);
    t.pinMarker = QColor(0xd3, 0x2f, 0x2f);
    t.laser = QColor(0xff, 0x00, 0x3c);
    t.bridgeMean = QColor(0x1d, 0x22, 0x2c);
    t.bridgeBand = QColor(0x1d, 0x22, 0x2c, 40);
    t.streamline = QColor(0x2a, 0x3d, 0x66, 110);
    t.heatmap = makeLut({{0.0, t.background},
                         {0.30, QColor(0xec, 0xf0, 0xf7)},
                         {0.60, QColor(0xcc, 0xd8, 0xec)},
                         {0.85, QColor(0xa3, 0xb9, 0xdd)},
                         {1.0, QColor(0x82, 0x9f, 0xcf)}});
    t.arrows = makeLut({{0.0, QColor(0xb4, 0xbd, 0xcc)}, {0.5, QColor(0x6f, 0x7f, 0x9c)}, {1.0, QColor(0x2c, 0x3a, 0x58)}});
    t.regionPalette = hueWheel(0.85, 0.78);
    return t;
}

Theme Theme::projector() {
    // Projectors wash out thin lines, pale tints and dark backgrounds: black text on white,
    // saturated mid-dark colours, a heatmap that stays visible, everything drawn thicker.
    Theme t = light();
    t.background = QColor(0xff, 0xff, 0xff);
    t.gridMinor = QColor(0, 0, 0, 30);
    t.gridMajor = QColor(0, 0, 0, 70);
    t.axisLabel = QColor(0x10, 0x10, 0x10);
    t.text = QColor(0x00, 0x00, 0x00);
    t.textMuted = QColor(0x30, 0x30, 0x30);
    t.errorText = QColor(0xb0, 0x00, 0x00);
    t.overlayBackground = QColor(255, 255, 255, 245);
    t.overlayBorder = QColor(0, 0, 0, 140);
    t.baseColor = QColor(0x00, 0x4c, 0xc4);
    t.targetColor = QColor(0xd4, 0x3d, 0x00);
    t.singleParticle = QColor(0x00, 0x00, 0x00);
    t.odePath = QColor(0x00, 0x00, 0x00);
    t.sdePath = QColor(0x00, 0x6a, 0x74, 170);
    t.pinMarker = QColor(0xd0, 0x00, 0x00);
    t.laser = QColor(0xff, 0x00, 0x00);
    t.bridgeMean = QColor(0x00, 0x00, 0x00);
    t.bridgeBand = QColor(0x00, 0x00, 0x00, 60);
    t.streamline = QColor(0x10, 0x25, 0x60, 170);
    t.heatmap = makeLut({{0.0, t.background},
                         {0.30, QColor(0xe2, 0xe9, 0xf6)},
                         {0.60, QColor(0xb5, 0xc8, 0xea)},
                         {0.85, QColor(0x82, 0xa2, 0xda)},
                         {1.0, QColor(0x55, 0x7e, 0xc8)}});
    t.arrows = makeLut({{0.0, QColor(0x70, 0x78, 0x88)}, {0.5, QColor(0x38, 0x44, 0x5c)}, {1.0, QColor(0x00, 0x00, 0x00)}});
    t.regionPalette = hueWheel(1.0, 0.72);
    t.strokeScale = 1.8;
    return t;
}

Theme Theme::named(const QString& name) {
    if (name == QLatin1String("light")) return light();
    if (name == QLatin1String("projector")) return projector();
    return dark();
}

const QStringList& Theme::names() {
    static const QStringList n = {QStringLiteral("dark"), QStringLiteral("light"), QStringLiteral("projector")};
    return n;
}

bool Theme::isName(const QString& name) { return names().contains(name); }

}  // namespace flowlab::ui
