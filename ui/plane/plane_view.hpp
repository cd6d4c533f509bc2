#pragma once

#include <QElapsedTimer>
#include <QPoint>
#include <QWidget>

#include <functional>

#include "view/frame_data.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {

/// The plane: shows the FrameData it is given (through the FrameRenderer) and turns mouse input
/// into camera changes and pins. It never computes anything itself. Click pins a point, drag
/// pans, the wheel zooms at the cursor, right-click clears the pin, Shift+click picks the probe's target
/// component and Ctrl+click its target point x1.
/// A frame of an image scene shows its grid of samples instead: a click picks a sample.
class PlaneView : public QWidget {
    Q_OBJECT
public:
    explicit PlaneView(QWidget* parent = nullptr);

    /// The frame to show next; repaints.
    void setFrame(FrameData frame);
    const FrameData& frame() const { return m_frame; }
    /// The boosted text scale never goes beyond this (or the user's own scale): at 3× a further
    /// boost would let the readout and the legend cover the data.
    static constexpr double kMaxBoostedTextScale = 3.0;
    /// Multiplies the frame's text scale on this view only (presenter mode: text for a hall),
    /// as boostedTextScale says.
    void setTextBoost(double boost);
    /// The text scale a view boosted by `boost` draws at: textScale × boost, capped at
    /// kMaxBoostedTextScale unless textScale itself is larger.
    static double boostedTextScale(double textScale, double boost);
    double textBoost() const { return m_textBoost; }
    /// Makes this view a compare panel of a picture of `size` (CompareRenderer::panelFrame: its
    /// text at the whole area's size, so that ticks and captions do not shrink with the panel,
    /// and no legend: the panels share one below them); an empty size (the default) is the
    /// plain single view.
    void setTextReferenceSize(QSize size);
    QSize textReferenceSize() const { return m_textReference; }
    /// The frame as paintEvent draws it: the boost, the compare panel's text and legend and the
    /// caption applied (also what clicks on an image grid are tested against).
    FrameData shownFrame() const;
    /// What a paint source hands paintEvent: the drawn frame (shownFrame at the view's size
    /// times its device pixel ratio) and the layer times of drawing it.
    struct Painted {
        const QImage* image = nullptr;
        FrameRenderer::LayerTimes times;
    };
    /// Compare panels: paintEvent shows the image `source` returns (the compare area draws every
    /// panel at once, on parallel threads) instead of rendering shownFrame itself; an empty
    /// function (the default) renders here.
    void setPaintSource(std::function<Painted()> source);
    /// Grows whenever what the view shows changes (frame, camera, text, size aside): a paint
    /// source redraws a panel only when its version moved.
    quint64 contentVersion() const { return m_version; }
    /// Presenter mode: an image scene's grid fills the view (FrameData::fillImageGrid).
    void setFillImageGrid(bool fill);
    /// Shows or hides the frame's caption (title and formula lines): presenter mode shows them
    /// in its heads-up display instead.
    void setCaptionShown(bool shown);
    /// Where the last paint put the overlay's boxes (for tests).
    const FrameRenderer::OverlayLayout& lastOverlay() const { return m_renderer.lastOverlay(); }
    /// The density editor's drawing, shown over every frame until reset to null; repaints.
    void setDrawingOverlay(std::shared_ptr<const DrawingOverlay> overlay);

    /// Frames painted since construction, and the measured rate over the last half second.
    quint64 framesPainted() const { return m_framesPainted; }
    double fps() const { return m_fps; }
    /// Mean time to render one frame over the last half second, in milliseconds.
    double renderMilliseconds() const { return m_renderMs; }
    /// Mean time of each layer over the last half second (see FrameRenderer::LayerTimes).
    const FrameRenderer::LayerTimes& meanLayerTimes() const { return m_layerMeans; }

    QSize sizeHint() const override { return {960, 720}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

signals:
    void cameraChanged(const flowlab::ui::Camera& camera);
    void pinRequested(QPointF world);
    /// Shift+click: the probe's conditional target (the target component nearest to `world`).
    void probeTargetRequested(QPointF world);
    /// Ctrl+click: the probe's conditional target point x1 at `world`.
    void probePointRequested(QPointF world);
    void pinCleared();
    /// An image scene: the sample of the grid under a click (index in the grid, row by row).
    void sampleClicked(int index);
    /// About twice a second: frames per second and mean render time.
    void statsUpdated(double fps, double renderMilliseconds);
    void resized(QSize size);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    QPointF toWorld(QPointF pixel) const;
    /// What changed is shown: a new version, and a repaint.
    void changed();

    FrameRenderer m_renderer;
    FrameData m_frame;
    std::shared_ptr<const DrawingOverlay> m_drawing;
    double m_textBoost = 1.0;
    QSize m_textReference;
    bool m_fillImageGrid = false;
    std::function<Painted()> m_paintSource;
    quint64 m_version = 0;
    bool m_captionShown = true;
    // Interaction.
    bool m_pressed = false;
    bool m_dragging = false;
    QPoint m_pressPos;
    Camera m_pressCamera;
    // Statistics.
    QElapsedTimer m_statsClock;
    quint64 m_framesPainted = 0;
    int m_windowFrames = 0;
    double m_windowRenderMs = 0.0;
    double m_fps = 0.0;
    double m_renderMs = 0.0;
    FrameRenderer::LayerTimes m_layerSums;
    FrameRenderer::LayerTimes m_layerMeans;
};

}  // namespace flowlab::ui
