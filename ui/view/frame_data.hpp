#pragma once

#include <QImage>
#include <QPointF>
#include <QString>

#include <memory>
#include <vector>

#include "view/camera.hpp"
#include "view/field_layers.hpp"
#include "view/image_tracks.hpp"
#include "view/particle_tracks.hpp"
#include "view/probe_drawing.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {

/// How particles are coloured.
enum class ColorMode {
    End,     ///< by the region where each particle ends its integration
    Start,   ///< by the region where it starts
    Single,  ///< one colour
};

/// Which layers are drawn. Plain flags; order of drawing is fixed by the renderer.
struct LayerVisibility {
    bool heatmap = true;       ///< ρ_t as a heatmap (exact log-density)
    bool grid = true;          ///< subtle coordinate grid with labels
    bool streamlines = false;  ///< streamlines of the arrow field
    bool arrows = true;        ///< the chosen field as arrows on a grid
    bool trails = true;        ///< the last few steps of every particle
    bool trajectories = false; ///< full paths of a subset of particles
    bool particles = true;
    bool bridge = false;       ///< interpolant bridges between a few (x0, x1) pairs
    bool pinned = true;        ///< the fan of SDE paths and the ODE path through a pinned point
    bool legend = true;        ///< captions, legend and the t readout

    bool operator==(const LayerVisibility& o) const;
    bool operator!=(const LayerVisibility& o) const { return !(*this == o); }
};

/// Which parts of the overlay are drawn, when LayerVisibility::legend is on (video export sets
/// them one by one; the window keeps them all on).
struct OverlayVisibility {
    bool title = true;    ///< the caption's first lines: "base → target" and the method
    bool time = true;     ///< the t readout with its progress bar, top right
    bool formula = true;  ///< the interpolant's formula line of the caption
    bool legend = true;   ///< the legend of what is visible, bottom left
};

/// One interpolant bridge between a pair (x0, x1), in world coordinates.
struct BridgeDrawing {
    std::vector<QPointF> mean;        ///< m(s) for s from 0 to 1
    std::vector<float> gamma;         ///< γ(s) at the same s
    QPointF x0, x1;
    QPointF current;                  ///< m(t)
    float currentGamma = 0.0f;        ///< γ(t)
    std::vector<QPointF> samples;     ///< x_t = m(t) + γ(t) z for a few fixed z
};

/// The fan of paths through a pinned point, in world coordinates.
struct FanDrawing {
    std::vector<double> times;                 ///< increasing from 0 to 1
    std::vector<std::vector<QPointF>> sde;     ///< per SDE path, one point per time
    std::vector<QPointF> ode;                  ///< one point per time
    QPointF pin;
    double pinT = 0.0;
};

/// The drawing of the density editor, shown over the plane while it paints: a raster of
/// intensities in [0, 1] and where it lies in the plane, tinted with the base or target colour.
struct DrawingOverlay {
    QImage intensity;   ///< Format_Grayscale8, one pixel per raster cell, row 0 at the top (largest y)
    double xMin = 0.0, xMax = 0.0, yMin = 0.0, yMax = 0.0;  ///< placement in the plane
    bool target = true; ///< tinted as the target ρ₁ (otherwise as the base ρ₀)
};

/// Words shown on the frame.
struct FrameText {
    QString baseName;     ///< e.g. "gaussian"
    QString targetName;   ///< e.g. "8gaussians"
    QString familyName;   ///< the interpolant family in words, e.g. "trigonometric"
    QString formula;      ///< the caption's formula line (core/formula source, drawn typeset)
    QString method;       ///< e.g. "exact field · probability-flow ODE (heun, 100 steps)"
    QString arrowLabel;   ///< e.g. "velocity b"
    QString notice;       ///< a transient message (simulating…, an error), empty for none
    bool noticeIsError = false;
    /// Where the pinned fan's paths come from when that is not what the method says (e.g.
    /// "exact field (no learned score)"); shown with the fan's legend entries. Empty: as the method.
    QString fanSource;
};

/// Everything needed to draw one frame, and nothing else: a plain snapshot that the screen, a
/// screenshot, the render benchmark and video export all hand to the same FrameRenderer. Heavy
/// members are shared immutable data, so a snapshot is cheap to copy.
struct FrameData {
    Camera camera;
    std::shared_ptr<const Theme> theme;
    LayerVisibility layers;
    OverlayVisibility overlays;        ///< parts of the overlay, within layers.legend
    double t = 0.0;

    std::shared_ptr<const ParticleTracks> tracks;
    ColorMode colorMode = ColorMode::End;
    int trailSteps = 20;               ///< recorded steps in a trail
    bool trailsTowardLowerT = true;    ///< trails extend to earlier t (generation) or later t (encoding)
    int trajectoryCount = 64;          ///< particles whose whole path is drawn
    double particleSize = 1.0;         ///< multiplier of the dot radius
    /// Multiplies every text size of the plane (captions, legend, ticks, readouts): the user's
    /// text scale times the presenter's. The one factor fonts are made with.
    double textScale = 1.0;

    std::shared_ptr<const ScalarGrid> heatmap;
    double heatmapRange = 9.0;         ///< nats of log ρ_t shown below the maximum
    std::shared_ptr<const VectorGrid> arrows;
    std::shared_ptr<const StreamlineSet> streamlines;

    std::vector<BridgeDrawing> bridges;
    std::shared_ptr<const FanDrawing> fan;
    std::shared_ptr<const DrawingOverlay> drawing;  ///< the density editor's drawing; null when not painting
    std::shared_ptr<const ProbeDrawing> probe;      ///< the teaching probe at the pin; null when off

    /// An image scene: the grid of samples at the recorded state nearest t, drawn instead of the
    /// plane (camera, densities and particle layers are then unused). Null for a 2D scene.
    std::shared_ptr<const ImageTracks> images;
    int selectedSample = -1;  ///< the grid's clicked sample, outlined; −1 none
    /// Presenter mode: the samples re-flow into the column count that fills the frame best
    /// (ImageGridLayout::fill) instead of the scene's rows × columns, in the order they have.
    bool fillImageGrid = false;

    FrameText text;
    /// The picture is the previous result, kept while the new one is computed: drawn dimmed, with
    /// the notice (simulating…) as a badge in the middle. The text is the previous result's too.
    bool stale = false;
};

}  // namespace flowlab::ui
