#include "view/compare_renderer.hpp"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "common/parallel.hpp"
#include "formula/formula_painter.hpp"
#include "view/frame_layer_support.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {
namespace {

constexpr int kGap = 2;                   // pixels between cells (the separators)
constexpr double kCaptionPixels = 15.0;   // caption font at 1280×720, text scale 1
constexpr double kFormulaPixels = 13.5;   // the single view's formula line (its body font) at 1280×720
constexpr double kLabelRowLines = 1.5;    // the label row: its font's height and a quarter above and below
constexpr double kReadoutPixels = 12.0;   // readout font at 1280×720
constexpr int kReadoutLines = 2;          // the strip holds two lines of the readout
constexpr int kStripMargin = 4;           // pixels around the legend in the strip

double stripTextUnit(QSize size, double textScale) {
    return FrameRenderer::uiScale(size) * std::clamp(textScale, 0.25, CompareRenderer::kMaxStripTextScale);
}

const Theme& themeOf(const std::vector<FrameData>& frames) {
    static const Theme kFallback = Theme::dark();
    return !frames.empty() && frames.front().theme ? *frames.front().theme : kFallback;
}

int cellsFor(int n) { return n <= 1 ? 1 : n == 2 ? 2 : 4; }

}  // namespace

struct CompareRenderer::Panel {
    FrameRenderer renderer;
    QImage image;
    FrameRenderer::LayerTimes times;
};

CompareRenderer::CompareRenderer() = default;
CompareRenderer::~CompareRenderer() = default;

QSize CompareRenderer::gridFor(int panels) { return panels <= 1 ? QSize(1, 1) : panels == 2 ? QSize(2, 1) : QSize(2, 2); }

QFont CompareRenderer::captionFont(QSize size, double textScale) {
    return frame_layers::pixelFont(kCaptionPixels * stripTextUnit(size, textScale), true);
}

QFont CompareRenderer::formulaFont(QSize size, double textScale) {
    return frame_layers::pixelFont(kFormulaPixels * stripTextUnit(size, textScale));
}

QFont CompareRenderer::readoutFont(QSize size, double textScale) {
    return frame_layers::pixelFont(kReadoutPixels * stripTextUnit(size, textScale));
}

CompareGeometry CompareRenderer::layout(QSize size, int cells, double textScale, QSize legend, bool formulas) {
    CompareGeometry g;
    g.size = size;
    cells = cellsFor(cells);
    g.grid = gridFor(cells);
    if (cells == 1) {
        // One panel is the single view: its plane fills the picture and draws its own legend.
        g.captions.push_back(QRect());
        g.planes.push_back(QRect(QPoint(0, 0), size));
        return g;
    }
    const QFontMetricsF rm(readoutFont(size, textScale));
    const int formulaH = formulas ? int(std::ceil(kFormulaRowLines * QFontMetricsF(formulaFont(size, textScale)).height())) : 0;
    const int captionH = labelRowHeight(captionFont(size, textScale)) + formulaH;
    const int legendH = legend.isEmpty() ? 0 : legend.height() + 2 * kStripMargin;
    const int readoutH = int(std::ceil(kReadoutLines * rm.lineSpacing())) + 2 * kStripMargin;
    const int stripH = std::min(std::max(legendH, readoutH), size.height() / 3);
    const int gridH = std::max(0, size.height() - stripH - kGap);
    const int cols = g.grid.width(), rows = g.grid.height();
    // Integer edges shared by neighbours: the cells tile the grid with kGap between them.
    const auto edge = [](int total, int parts, int k) { return k * (total + kGap) / parts; };
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int x0 = edge(size.width(), cols, c), x1 = edge(size.width(), cols, c + 1) - kGap;
            const int y0 = edge(gridH, rows, r), y1 = edge(gridH, rows, r + 1) - kGap;
            const int h = std::min(captionH, std::max(0, y1 - y0));
            g.captions.push_back(QRect(x0, y0, x1 - x0, h));
            g.planes.push_back(QRect(x0, y0 + h, x1 - x0, std::max(0, y1 - y0 - h)));
        }
    for (int c = 1; c < cols; ++c) g.separators.push_back(QRect(edge(size.width(), cols, c) - kGap, 0, kGap, gridH));
    for (int r = 1; r < rows; ++r) g.separators.push_back(QRect(0, edge(gridH, rows, r) - kGap, size.width(), kGap));
    g.separators.push_back(QRect(0, gridH, size.width(), kGap));
    g.strip = QRect(0, gridH + kGap, size.width(), size.height() - gridH - kGap);
    if (!legend.isEmpty())
        g.legend = QRect(QPoint(kStripMargin, g.strip.top() + kStripMargin), legend) & g.strip;
    const int readoutLeft = g.legend.isEmpty() ? kStripMargin : g.legend.right() + 1 + 2 * kStripMargin;
    g.readout = QRect(readoutLeft, g.strip.top(), std::max(0, size.width() - kStripMargin - readoutLeft), g.strip.height());
    return g;
}

FrameData CompareRenderer::panelFrame(FrameData frame, QSize plane, QSize size) {
    if (size.isEmpty() || plane == size) return frame;
    frame.textScale *= FrameRenderer::panelTextFactor(plane, size);
    frame.overlays.legend = false;
    // No caption in the panel: at the single view's text size the "base → target" and method
    // lines took a third of a 1080p quarter panel, and the formula line alone still covered 3 %
    // of its mass (no corner of 8gaussians is empty). The densities are in the shared legend,
    // the method and the formula in the caption strip; the t readout stays.
    frame.overlays.title = false;
    frame.overlays.formula = false;
    return frame;
}

QString CompareRenderer::stripFormula(const FrameData& frame) {
    // An image grid never drew a formula line; a frame whose overlay hides it (video export
    // sets the parts one by one) keeps it hidden in the strip too.
    if (frame.images || !frame.layers.legend || !frame.overlays.formula) return QString();
    return frame.text.formula;
}

bool CompareRenderer::hasStripFormulas(const std::vector<FrameData>& frames) {
    return std::any_of(frames.begin(), frames.end(), [](const FrameData& f) { return !stripFormula(f).isEmpty(); });
}

QString CompareRenderer::captionText(int panel, const QString& label) {
    return QStringLiteral("%1 · %2").arg(panel + 1).arg(label);
}

int CompareRenderer::labelRowHeight(const QFont& font) { return int(std::ceil(QFontMetricsF(font).height() * kLabelRowLines)); }

QRectF CompareRenderer::formulaBox(const QRect& rect, const QFont& font) {
    const int label = labelRowHeight(font);
    if (rect.height() <= label) return QRectF();
    const double pad = 0.6 * QFontMetricsF(font).height();
    // Clear of the selection bar at the bottom of the strip.
    const double bar = std::max(2.0, std::round(0.12 * QFontMetricsF(font).height()));
    return QRectF(rect.left() + pad, rect.top() + label, std::max(0.0, rect.width() - 2 * pad),
                  std::max(0.0, rect.height() - label - bar));
}

void CompareRenderer::drawCaption(QPainter& p, const QRect& rect, const QString& text, const QString& formula,
                                  const Theme& theme, const QFont& font, const QFont& formulaFont, bool selected) {
    if (rect.isEmpty()) return;
    p.save();
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(rect, theme.background);
    p.fillRect(rect, theme.overlayBackground);
    const QFontMetricsF fm(font);
    const double pad = 0.6 * fm.height();
    if (selected) {
        const int bar = std::max(2, int(std::lround(0.12 * fm.height())));
        p.fillRect(QRect(rect.left(), rect.bottom() + 1 - bar, rect.width(), bar), theme.targetColor);
    }
    p.setFont(font);
    p.setPen(theme.text);
    const QRectF row(rect.left(), rect.top(), rect.width(), std::min(rect.height(), labelRowHeight(font)));
    const QRectF box = row.adjusted(pad, 0, -pad, 0);
    p.drawText(box, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(text, Qt::ElideRight, std::max(0.0, box.width())));
    const QRectF fbox = formulaBox(rect, font);
    if (!formula.isEmpty() && !fbox.isEmpty()) drawFormula(p, formula, fbox, formulaFont, theme.text);
    p.restore();
}

void CompareRenderer::drawChrome(QPainter& p, const CompareGeometry& g, const Theme& theme, const QImage& legend) {
    p.fillRect(QRect(QPoint(0, 0), g.size), theme.background);
    for (const QRect& r : g.separators) p.fillRect(r, theme.overlayBorder);
    if (!legend.isNull() && !g.legend.isEmpty()) p.drawImage(g.legend.topLeft(), legend);
}

void CompareRenderer::setThreads(int threads) { m_threads = std::clamp(threads, 1, 4); }

void CompareRenderer::renderPanels(const std::vector<PanelJob>& jobs) {
    for (const PanelJob& j : jobs) {
        Q_ASSERT(j.panel >= 0 && j.panel < 4);
        while (int(m_panels.size()) <= j.panel) m_panels.push_back(std::make_unique<Panel>());
    }
    // Each job touches only its own panel's renderer and image: no shared mutable state.
    const auto draw = [&](std::int64_t k) {
        const PanelJob& j = jobs[std::size_t(k)];
        Panel& panel = *m_panels[std::size_t(j.panel)];
        if (j.size.isEmpty()) {
            panel.image = QImage();
            return;
        }
        if (panel.image.size() != j.size || panel.image.format() != QImage::Format_ARGB32_Premultiplied)
            panel.image = QImage(j.size, QImage::Format_ARGB32_Premultiplied);
        panel.renderer.render(panel.image, j.frame);
        panel.times = panel.renderer.lastLayerTimes();
    };
    if (m_threads <= 1 || jobs.size() <= 1) {
        for (std::size_t k = 0; k < jobs.size(); ++k) draw(std::int64_t(k));
    } else {
        core::parallelFor(std::int64_t(jobs.size()), m_threads, draw);
    }
}

const QImage& CompareRenderer::panelImage(int panel) const {
    static const QImage kNone;
    return panel >= 0 && panel < int(m_panels.size()) ? m_panels[std::size_t(panel)]->image : kNone;
}

const FrameRenderer::LayerTimes& CompareRenderer::panelTimes(int panel) const {
    static const FrameRenderer::LayerTimes kNone;
    return panel >= 0 && panel < int(m_panels.size()) ? m_panels[std::size_t(panel)]->times : kNone;
}

QImage CompareRenderer::legendImage(QSize size, const FrameData& frame) { return m_legendRenderer.renderLegend(size, frame); }

void CompareRenderer::render(QImage& image, const std::vector<FrameData>& frames, const std::vector<QString>& captions,
                             int cells, int selected) {
    if (image.isNull() || frames.empty()) return;
    const int n = std::min(int(frames.size()), 4);
    cells = cellsFor(std::max(n, cells));
    const QImage legend = cells > 1 ? legendImage(image.size(), frames.front()) : QImage();
    m_geometry = layout(image.size(), cells, frames.front().textScale, legend.size(), hasStripFormulas(frames));
    std::vector<PanelJob> jobs;
    for (int i = 0; i < n; ++i) {
        const QSize plane = m_geometry.planes[std::size_t(i)].size();
        jobs.push_back({i, panelFrame(frames[std::size_t(i)], plane, image.size()), plane});
    }
    renderPanels(jobs);
    const Theme& theme = themeOf(frames);
    const QFont font = captionFont(image.size(), frames.front().textScale);
    const QFont fFont = formulaFont(image.size(), frames.front().textScale);
    QPainter p(&image);
    drawChrome(p, m_geometry, theme, legend);
    for (int i = 0; i < n; ++i) {
        const QString caption = i < int(captions.size()) ? captions[std::size_t(i)] : QString();
        drawCaption(p, m_geometry.captions[std::size_t(i)], caption, stripFormula(frames[std::size_t(i)]), theme, font, fFont,
                    i == selected);
        // The frame is opaque: copy it rather than blend it.
        p.save();
        p.setCompositionMode(QPainter::CompositionMode_Source);
        p.drawImage(m_geometry.planes[std::size_t(i)].topLeft(), panelImage(i));
        p.restore();
    }
}

}  // namespace flowlab::ui
