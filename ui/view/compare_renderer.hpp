#pragma once

#include <QFont>
#include <QImage>
#include <QRect>
#include <QString>

#include <memory>
#include <vector>

#include "view/frame_renderer.hpp"

class QPainter;

namespace flowlab::ui {

/// Where the parts of a comparison go in a picture of `size` (pixels): per cell a caption strip
/// over its plane (the panel's label and, under it, its typeset formula: no text of the method
/// lies over the data), thin separators between the cells, and a strip below every cell holding
/// the panels' one legend (left) and the window's agreement readout (right).
struct CompareGeometry {
    QSize size;                    ///< the whole picture
    QSize grid;                    ///< columns × rows
    std::vector<QRect> captions;   ///< per cell, row by row: the whole strip (label and formula rows)
    std::vector<QRect> planes;     ///< per cell: where its frame is drawn
    std::vector<QRect> separators; ///< the gaps between the cells
    QRect strip;                   ///< below the cells: legend and readout
    QRect legend;                  ///< in the strip; empty when there is no legend
    QRect readout;                 ///< the rest of the strip (the window shows the agreement there)
};

/// The one compositor of a comparison: draws 1 to 4 panels (1×1, 2×1 or 2×2) into one picture
/// exactly as the window's compare area shows them, for the window and for every export. A
/// panel's text keeps the single view's size (a panel of a 1080p picture has the 1080p view's
/// captions and ticks), the panels share one legend below them (a legend in each panel would
/// cover their mass) and each panel has a caption strip with its method and its formula over it;
/// inside a plane only the t readout is drawn.
///
/// The panels' raster work runs on parallel threads (setThreads): every panel has its own
/// FrameRenderer and its own image, so the result does not depend on the thread count.
/// One CompareRenderer serves one thread at a time.
class CompareRenderer {
public:
    CompareRenderer();
    ~CompareRenderer();
    CompareRenderer(const CompareRenderer&) = delete;
    CompareRenderer& operator=(const CompareRenderer&) = delete;

    /// Columns and rows of the layout for `panels` panels (1 → 1×1, 2 → 2×1, 3 or 4 → 2×2).
    static QSize gridFor(int panels);
    /// The caption strips and the readout follow the text scale only this far: at 3× they would
    /// take a third of the height from the data.
    static constexpr double kMaxStripTextScale = 1.5;
    /// The caption font of a comparison of `size` whose frames have `textScale` (bold).
    static QFont captionFont(QSize size, double textScale);
    /// The font of the formula row of a caption strip: the single view's formula line (its body
    /// text) at the strip's text scale.
    static QFont formulaFont(QSize size, double textScale);
    /// The agreement readout's font (the window's label below the panels).
    static QFont readoutFont(QSize size, double textScale);
    /// The formula row's height in lines of formulaFont: room for a root or an exponent over
    /// the line (a taller formula is drawn smaller, never clipped).
    static constexpr double kFormulaRowLines = 1.6;
    /// Where everything goes: `cells` cells (1, 2 or 4), text at `textScale`, a legend of
    /// `legend` pixels (empty: none); `formulas`: the caption strips have a formula row.
    static CompareGeometry layout(QSize size, int cells, double textScale, QSize legend, bool formulas);
    /// What panel `frame` becomes in a plane of `plane` pixels of a comparison of `size`: its
    /// text at the single view's size (FrameRenderer::panelTextFactor), no legend of its own and
    /// no caption at all (the densities are in the shared legend, the method and the formula in
    /// the caption strip): the t readout is the only text over the data.
    static FrameData panelFrame(FrameData frame, QSize plane, QSize size);
    /// The formula `frame` puts in its panel's caption strip (core/formula source): its
    /// interpolant's formula when it shows the formula line (a 2D scene whose overlay shows
    /// it), else empty.
    static QString stripFormula(const FrameData& frame);
    /// True when any of `frames` has a strip formula (the strips then get a formula row).
    static bool hasStripFormulas(const std::vector<FrameData>& frames);
    /// A panel's caption: its number (from 1) and its label.
    static QString captionText(int panel, const QString& label);
    /// The label row of a caption strip drawn in `font`: its height in pixels (the formula row,
    /// when the strip has one, is the rest of the strip).
    static int labelRowHeight(const QFont& font);
    /// Where a caption strip of `rect` draws its formula: the row under the label, inset by the
    /// label's padding (empty when the strip has no formula row).
    static QRectF formulaBox(const QRect& rect, const QFont& font);
    /// Draws a caption strip: the theme's background, `text` elided to fit in the label row,
    /// `formula` (core/formula source; empty: none) typeset in `formulaFont` in the formula row
    /// (scaled down when wider or taller than its box, never clipped), a bar in the target
    /// colour under the selected panel's.
    static void drawCaption(QPainter& p, const QRect& rect, const QString& text, const QString& formula,
                            const Theme& theme, const QFont& font, const QFont& formulaFont, bool selected);
    /// Draws what lies between and below the panels: the background of the strips, the
    /// separators and the legend image at geometry.legend.
    static void drawChrome(QPainter& p, const CompareGeometry& geometry, const Theme& theme, const QImage& legend);

    /// 1 draws the panels one after another on the calling thread; more run them on that many
    /// threads (the caller's included). Clamped to [1, 4].
    void setThreads(int threads);
    int threads() const { return m_threads; }

    /// One panel to draw: its frame (panelFrame applied) and its plane's size in pixels.
    struct PanelJob {
        int panel = 0;  ///< 0–3: which renderer and image
        FrameData frame;
        QSize size;
    };
    /// Draws each job's frame into panel job.panel's image, in parallel (setThreads).
    void renderPanels(const std::vector<PanelJob>& jobs);
    /// Panel i's image from the last renderPanels that drew it (null before).
    const QImage& panelImage(int panel) const;
    /// Panel i's layer times of that render.
    const FrameRenderer::LayerTimes& panelTimes(int panel) const;
    /// The shared legend of a comparison of `size` showing `frame` (panel 0's, as given to
    /// render): FrameRenderer::renderLegend at the whole picture's size; null when none.
    QImage legendImage(QSize size, const FrameData& frame);

    /// The whole comparison: frames[i] (1 to 4; panelFrame is applied) in cell i of the layout
    /// of max(frames, cells) cells, with captions[i] and stripFormula(frames[i]) over it (see
    /// captionText), the shared legend of frames[0] below; `selected` ≥ 0 marks that panel's caption as the window does.
    void render(QImage& image, const std::vector<FrameData>& frames, const std::vector<QString>& captions,
                int cells = 0, int selected = -1);
    /// The geometry of the last render().
    const CompareGeometry& lastGeometry() const { return m_geometry; }

private:
    struct Panel;
    int m_threads = 1;
    std::vector<std::unique_ptr<Panel>> m_panels;
    FrameRenderer m_legendRenderer;
    CompareGeometry m_geometry;
};

}  // namespace flowlab::ui
