#include "export/svg_frame.hpp"

#include <QBuffer>
#include <QImage>
#include <QFontMetricsF>
#include <QPainter>
#include <QTransform>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "export/temp_output.hpp"
#include "formula/formula_painter.hpp"
#include "formula/formula_tree.hpp"
#include "view/camera.hpp"
#include "view/colormap.hpp"
#include "view/frame_layer_support.hpp"
#include "view/compare_renderer.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {
namespace {

// The raster renderer's look, in SVG terms: its constants (frame_layer_support.hpp).
using frame_layers::kArrowOpacity;
using frame_layers::kBaseDotRadius;
using frame_layers::kParticleOpacity;
using frame_layers::trailStride;

QString num(double v) { return QString::number(v, 'f', 2); }
QString hex(QColor c) { return c.name(QColor::HexRgb); }

QColor particleColor(const FrameData& f, std::uint8_t index) {
    const auto& rp = f.theme->regionPalette;
    if (f.colorMode == ColorMode::Single || rp.empty()) return f.theme->singleParticle;
    return rp[index % rp.size()];
}

/// The background (heatmap, grid and its labels) drawn by FrameRenderer alone, as PNG bytes.
QByteArray backgroundPng(const FrameData& frame, QSize size) {
    FrameData bg = frame;
    const LayerVisibility all = frame.layers;
    bg.layers = LayerVisibility{};
    bg.layers.heatmap = all.heatmap;
    bg.layers.grid = all.grid;
    bg.layers.arrows = bg.layers.trails = bg.layers.particles = bg.layers.pinned = false;
    bg.layers.legend = false;
    bg.text.notice.clear();
    FrameRenderer renderer;
    const QImage image = renderer.renderImage(size, bg).convertToFormat(QImage::Format_RGB32);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

void writeText(QXmlStreamWriter& w, double x, double y, double px, const QColor& color, const QString& text,
               const QString& cls, bool bold = false, const QString& anchor = QString()) {
    w.writeStartElement(QStringLiteral("text"));
    w.writeAttribute(QStringLiteral("class"), cls);
    w.writeAttribute(QStringLiteral("x"), num(x));
    w.writeAttribute(QStringLiteral("y"), num(y));
    w.writeAttribute(QStringLiteral("font-size"), num(px));
    w.writeAttribute(QStringLiteral("font-family"), QStringLiteral("sans-serif"));
    if (bold) w.writeAttribute(QStringLiteral("font-weight"), QStringLiteral("bold"));
    if (!anchor.isEmpty()) w.writeAttribute(QStringLiteral("text-anchor"), anchor);
    w.writeAttribute(QStringLiteral("fill"), hex(color));
    w.writeCharacters(text);
    w.writeEndElement();
}

/// SVG path data of a QPainterPath (absolute commands; cubic segments as they are).
QString pathData(const QPainterPath& path) {
    QString d;
    d.reserve(path.elementCount() * 14);
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        switch (e.type) {
            case QPainterPath::MoveToElement: d += QStringLiteral("M%1 %2").arg(num(e.x), num(e.y)); break;
            case QPainterPath::LineToElement: d += QStringLiteral("L%1 %2").arg(num(e.x), num(e.y)); break;
            case QPainterPath::CurveToElement: d += QStringLiteral("C%1 %2").arg(num(e.x), num(e.y)); break;
            case QPainterPath::CurveToDataElement: d += QStringLiteral(" %1 %2").arg(num(e.x), num(e.y)); break;
        }
    }
    return d;
}

/// A formula typeset by ui/formula in `px` pixels as one outline path (the SVG shows
/// mathematics, not TeX source, whatever fonts the viewer has), with its plain-text reading as
/// the title: left-aligned in `box`, centred vertically and scaled down to fit, as drawFormula
/// draws it.
void writeFormula(QXmlStreamWriter& w, const QRectF& box, double px, const QColor& color, const QString& source) {
    const auto layout = cachedFormulaLayout(source, frame_layers::pixelFont(px));
    const double fw = layout->width, fh = layout->height();
    if (!(fw > 0) || !(fh > 0) || box.isEmpty()) return;
    const double scale = std::min({1.0, box.width() / fw, box.height() / fh});
    QTransform place;
    place.translate(box.left(), box.top() + 0.5 * (box.height() - scale * fh));
    place.scale(scale, scale);
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("formula"));
    w.writeTextElement(QStringLiteral("title"), [&] {
        const auto tree = core::parseFormula(source.toStdString());
        return tree ? QString::fromStdString(core::formulaPlainText(*tree)) : source;
    }());
    w.writeEmptyElement(QStringLiteral("path"));
    w.writeAttribute(QStringLiteral("fill"), hex(color));
    w.writeAttribute(QStringLiteral("d"), pathData(place.map(formulaOutline(*layout, QPointF(0, layout->ascent)))));
    w.writeEndElement();
}

/// A rectangle of `r` filled with `fill` (its alpha as fill-opacity), optionally rounded and outlined.
void writeRect(QXmlStreamWriter& w, const QRectF& r, const QColor& fill, double radius = 0.0,
               const QColor& stroke = QColor(), double strokeWidth = 0.0, const QString& fillRef = QString()) {
    w.writeEmptyElement(QStringLiteral("rect"));
    w.writeAttribute(QStringLiteral("x"), num(r.x()));
    w.writeAttribute(QStringLiteral("y"), num(r.y()));
    w.writeAttribute(QStringLiteral("width"), num(r.width()));
    w.writeAttribute(QStringLiteral("height"), num(r.height()));
    if (radius > 0) {
        w.writeAttribute(QStringLiteral("rx"), num(radius));
        w.writeAttribute(QStringLiteral("ry"), num(radius));
    }
    w.writeAttribute(QStringLiteral("fill"), fillRef.isEmpty() ? hex(fill) : fillRef);
    if (fillRef.isEmpty() && fill.alpha() < 255) w.writeAttribute(QStringLiteral("fill-opacity"), num(fill.alphaF()));
    if (stroke.isValid() && strokeWidth > 0) {
        w.writeAttribute(QStringLiteral("stroke"), hex(stroke));
        w.writeAttribute(QStringLiteral("stroke-width"), num(strokeWidth));
        if (stroke.alpha() < 255) w.writeAttribute(QStringLiteral("stroke-opacity"), num(stroke.alphaF()));
    }
}

void writeArrows(QXmlStreamWriter& w, const ViewTransform& tf, const FrameData& f, double s) {
    std::vector<float> magnitudes, sorted;
    bool open = false;  // the group is written with its first arrow
    frame_layers::forEachArrow(f, tf, s, magnitudes, sorted, [&](const frame_layers::ArrowGlyph& g) {
        if (!open) {
            w.writeStartElement(QStringLiteral("g"));
            w.writeAttribute(QStringLiteral("class"), QStringLiteral("arrows"));
            w.writeAttribute(QStringLiteral("stroke-width"), num(1.3 * s));
            w.writeAttribute(QStringLiteral("stroke-linecap"), QStringLiteral("round"));
            w.writeAttribute(QStringLiteral("stroke-opacity"), num(kArrowOpacity));
            open = true;
        }
        // Arrows where the density is negligible step back, as in the raster frame.
        const double opacity = kArrowOpacity * g.emphasis;
        const QPointF d(std::cos(g.angle) * 0.5 * g.length, std::sin(g.angle) * 0.5 * g.length);
        const QPointF a = g.center - d, b = g.center + d;
        const double head = std::min(6.0 * s, 0.45 * g.length);
        const QString color = hex(QColor::fromRgb(lutColor(f.theme->arrows, g.rel)));
        const auto line = [&](QPointF p, QPointF q) {
            w.writeEmptyElement(QStringLiteral("line"));
            w.writeAttribute(QStringLiteral("x1"), num(p.x()));
            w.writeAttribute(QStringLiteral("y1"), num(p.y()));
            w.writeAttribute(QStringLiteral("x2"), num(q.x()));
            w.writeAttribute(QStringLiteral("y2"), num(q.y()));
            w.writeAttribute(QStringLiteral("stroke"), color);
            if (opacity < kArrowOpacity - 1e-3) w.writeAttribute(QStringLiteral("stroke-opacity"), num(opacity));
        };
        line(a, b);
        for (double side : {-1.0, 1.0}) {
            const double h = g.angle + M_PI + side * 0.5;
            line(b, b + QPointF(std::cos(h) * head, std::sin(h) * head));
        }
    });
    if (open) w.writeEndElement();
}

void writeTrails(QXmlStreamWriter& w, const ViewTransform& tf, const FrameData& f, double s) {
    const ParticleTracks& tr = *f.tracks;
    const int n = tr.particleCount(), frames = tr.frameCount();
    if (n == 0 || frames < 2 || f.trailSteps <= 0) return;
    const ParticleTracks::Bracket b = tr.bracket(f.t);
    std::vector<int> idx;
    if (f.trailsTowardLowerT) {
        for (int i = b.i0; i >= 0 && int(idx.size()) < f.trailSteps; --i) idx.push_back(i);
    } else {
        for (int i = b.w > 0.0f ? b.i1 : b.i0; i < frames && int(idx.size()) < f.trailSteps; ++i) idx.push_back(i);
    }
    if (idx.empty()) return;
    std::vector<float> pos;
    tr.positionsAt(f.t, pos);
    const auto& colorIdx = tr.colors(f.colorMode == ColorMode::Start);
    // Above the budget, the trails of every stride-th particle, as the raster frame draws them
    // (the rule in frame_layer_support): a 100 000-particle still stays a file a viewer opens.
    const int stride = trailStride(n);
    const int drawn = (n + stride - 1) / stride;
    if (stride > 1) w.writeComment(QStringLiteral(" trails of 1 in %1 particles ").arg(stride));
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("trails"));
    w.writeAttribute(QStringLiteral("fill"), QStringLiteral("none"));
    w.writeAttribute(QStringLiteral("stroke-width"), num(std::max(1.0, s)));
    // A polyline has one opacity: the raster trail's fade is approximated by its mean.
    w.writeAttribute(QStringLiteral("stroke-opacity"),
                     num(0.5 * double(frame_layers::trailOpacity(drawn))));
    for (int p = 0; p < n; p += stride) {
        const QPointF head = tf.toPixel(pos[2 * std::size_t(p)], pos[2 * std::size_t(p) + 1]);
        QString points = num(head.x()) + QLatin1Char(',') + num(head.y());
        for (int i : idx) {
            const float* fr = tr.frame(i);
            const QPointF q = tf.toPixel(fr[2 * p], fr[2 * p + 1]);
            points += QLatin1Char(' ') + num(q.x()) + QLatin1Char(',') + num(q.y());
        }
        w.writeEmptyElement(QStringLiteral("polyline"));
        w.writeAttribute(QStringLiteral("points"), points);
        w.writeAttribute(QStringLiteral("stroke"), hex(particleColor(f, colorIdx.empty() ? 0 : colorIdx[std::size_t(p)])));
    }
    w.writeEndElement();
}

void writeParticles(QXmlStreamWriter& w, const ViewTransform& tf, const FrameData& f, double s, QSize size) {
    const ParticleTracks& tr = *f.tracks;
    std::vector<float> pos;
    tr.positionsAt(f.t, pos);
    const auto& colorIdx = tr.colors(f.colorMode == ColorMode::Start);
    const double r = kBaseDotRadius * s * std::clamp(f.particleSize, 0.2, 5.0);
    // One group per colour keeps the file small: circles only carry their centres.
    std::map<QString, std::vector<QPointF>> byColor;
    for (int p = 0; p < tr.particleCount(); ++p) {
        const QPointF q = tf.toPixel(pos[2 * std::size_t(p)], pos[2 * std::size_t(p) + 1]);
        if (q.x() < -r || q.y() < -r || q.x() > size.width() + r || q.y() > size.height() + r) continue;
        byColor[hex(particleColor(f, colorIdx.empty() ? 0 : colorIdx[std::size_t(p)]))].push_back(q);
    }
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("particles"));
    w.writeAttribute(QStringLiteral("fill-opacity"), num(kParticleOpacity));
    for (const auto& [color, points] : byColor) {
        w.writeStartElement(QStringLiteral("g"));
        w.writeAttribute(QStringLiteral("fill"), color);
        for (const QPointF& q : points) {
            w.writeEmptyElement(QStringLiteral("circle"));
            w.writeAttribute(QStringLiteral("cx"), num(q.x()));
            w.writeAttribute(QStringLiteral("cy"), num(q.y()));
            w.writeAttribute(QStringLiteral("r"), num(r));
        }
        w.writeEndElement();
    }
    w.writeEndElement();
}

/// The overlay's boxes where FrameRenderer puts them in the PNG of the same frame (by where ρ_t
/// is small, at the frame's text size: a compare panel's text is the single view's), with their
/// text: the caption (densities, formula, method; none in a compare panel), the t readout with
/// its bar, and the legend's densities. `id` makes the panel's gradient id unique.
void writeOverlay(QXmlStreamWriter& w, const FrameData& f, QSize size, int id) {
    if (!f.layers.legend) return;
    const Theme& th = *f.theme;
    const OverlayVisibility& ov = f.overlays;
    FrameRenderer placer;
    placer.renderImage(size, f);  // the raster overlay's places and sizes (drawOverlay)
    const FrameRenderer::OverlayLayout& at = placer.lastOverlay();
    const double u = FrameRenderer::uiScale(size), ts = FrameRenderer::textUnit(size, f);
    const double pad = 10 * ts, margin = 14 * u;
    const double maxTextWidth = std::max(40.0, size.width() - 2 * margin - 2 * pad);
    const auto box = [&](const QRectF& r) { writeRect(w, r, th.overlayBackground, 8 * u, th.overlayBorder, std::max(1.0, u)); };
    if (!at.caption.isEmpty()) {
        // The caption's box is drawn one pixel inside its image (makePanel).
        const QRectF r = at.caption.adjusted(1, 1, -1, -1);
        box(r);
        const QFont titleFont = frame_layers::pixelFont(18 * ts, true), bodyFont = frame_layers::pixelFont(13.5 * ts),
                    smallFont = frame_layers::pixelFont(12 * ts);
        const QFontMetricsF tfm(titleFont), sfm(smallFont);
        const double x = r.left() + pad;
        double y = r.top() + pad;
        if (ov.title && !f.text.baseName.isEmpty()) {
            writeText(w, x, y + tfm.ascent(), titleFont.pixelSize(), th.text,
                      tfm.elidedText(f.text.baseName + QStringLiteral("  →  ") + f.text.targetName, Qt::ElideRight, maxTextWidth),
                      QStringLiteral("title"), true);
            y += tfm.height();
        }
        if (ov.formula && !f.text.formula.isEmpty()) {
            QSizeF fs = formulaSize(f.text.formula, bodyFont);
            if (fs.width() > maxTextWidth) fs = QSizeF(maxTextWidth, fs.height() * maxTextWidth / fs.width());
            y += 3 * ts;
            writeFormula(w, QRectF(QPointF(x, y), fs), bodyFont.pixelSize(), th.text, f.text.formula);
            y += fs.height() + ts;
        }
        if (ov.title && !f.text.method.isEmpty()) {
            y += 2 * ts;
            writeText(w, x, y + sfm.ascent(), smallFont.pixelSize(), th.textMuted,
                      sfm.elidedText(f.text.method, Qt::ElideRight, maxTextWidth), QStringLiteral("method"));
        }
    }
    if (ov.time && !at.time.isEmpty()) {
        const QRectF r = at.time;
        const double kts = ts * at.timeScale, kpad = pad * at.timeScale;
        const QFont tFont = frame_layers::pixelFont(24 * kts, true);
        box(r);
        writeText(w, r.left() + kpad, r.top() + kpad + QFontMetricsF(tFont).ascent(), tFont.pixelSize(), th.text,
                  QStringLiteral("t = %1").arg(f.t, 0, 'f', 3), QStringLiteral("time"), true);
        // The progress bar from ρ0 to ρ1.
        const QRectF bar(r.left() + kpad, r.bottom() - kpad - 5 * kts, r.width() - 2 * kpad, 5 * kts);
        QColor track = th.textMuted;
        track.setAlphaF(0.35 * track.alphaF());
        writeRect(w, bar, track, 2.5 * kts);
        const QString gradient = QStringLiteral("tbar%1").arg(id);
        w.writeStartElement(QStringLiteral("linearGradient"));
        w.writeAttribute(QStringLiteral("id"), gradient);
        w.writeAttribute(QStringLiteral("gradientUnits"), QStringLiteral("userSpaceOnUse"));
        w.writeAttribute(QStringLiteral("x1"), num(bar.left()));
        w.writeAttribute(QStringLiteral("x2"), num(bar.right()));
        w.writeAttribute(QStringLiteral("y1"), num(bar.top()));
        w.writeAttribute(QStringLiteral("y2"), num(bar.top()));
        for (const auto& [offset, colour] : {std::pair<double, QColor>{0.0, th.baseColor}, {1.0, th.targetColor}}) {
            w.writeEmptyElement(QStringLiteral("stop"));
            w.writeAttribute(QStringLiteral("offset"), num(offset));
            w.writeAttribute(QStringLiteral("stop-color"), hex(colour));
        }
        w.writeEndElement();
        QRectF filled = bar;
        filled.setWidth(bar.width() * std::clamp(f.t, 0.0, 1.0));
        if (filled.width() > 0) writeRect(w, filled, QColor(), 2.5 * kts, QColor(), 0.0, QStringLiteral("url(#%1)").arg(gradient));
    }
    if (ov.legend && !at.legend.isEmpty()) {
        // The legend's first entries, the densities, in its box (the raster legend lists more).
        const QRectF r = at.legend.adjusted(1, 1, -1, -1);
        const double lts = ts * at.legendScale;
        const QFont legendFont = frame_layers::pixelFont(12 * lts);
        const QFontMetricsF lfm(legendFont);
        const double row = lfm.height() + 4 * lts, sw = 22 * lts;
        box(r);
        double y = r.top() + pad;
        const std::pair<QColor, QString> entries[] = {{th.baseColor, QStringLiteral("ρ₀  base: ") + f.text.baseName},
                                                      {th.targetColor, QStringLiteral("ρ₁  target: ") + f.text.targetName}};
        for (const auto& [colour, label] : entries) {
            w.writeEmptyElement(QStringLiteral("circle"));
            w.writeAttribute(QStringLiteral("cx"), num(r.left() + pad + 0.5 * sw));
            w.writeAttribute(QStringLiteral("cy"), num(y + 0.5 * lfm.height()));
            w.writeAttribute(QStringLiteral("r"), num(4.5 * lts));
            w.writeAttribute(QStringLiteral("fill"), hex(colour));
            writeText(w, r.left() + pad + sw + 8 * lts, y + lfm.ascent(), legendFont.pixelSize(), th.text, label,
                      QStringLiteral("legend"));
            y += row;
        }
    }
}

QByteArray pngBytes(const QImage& image) {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

/// An image scene's frame (the grid of samples, its caption) drawn by FrameRenderer, embedded
/// as one PNG <image> of the cell's size.
void writeImageGrid(QXmlStreamWriter& w, const FrameData& f, QSize cell) {
    FrameRenderer renderer;
    const QByteArray png = pngBytes(renderer.renderImage(cell, f));
    w.writeEmptyElement(QStringLiteral("image"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("image-grid"));
    w.writeAttribute(QStringLiteral("width"), QString::number(cell.width()));
    w.writeAttribute(QStringLiteral("height"), QString::number(cell.height()));
    w.writeAttribute(QStringLiteral("xlink:href"), QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()));
}

/// A comparison's caption strip: its box, its label and its formula, as CompareRenderer::drawCaption
/// draws them (an export selects no panel: no bar).
void writeCaption(QXmlStreamWriter& w, const SvgPanel& panel, const Theme& th) {
    const QRect r = panel.captionRect;
    writeRect(w, r, th.background);
    writeRect(w, r, th.overlayBackground);
    const QFont font = frame_layers::pixelFont(panel.captionPixels, true);
    const QFontMetricsF fm(font);
    const double pad = 0.6 * fm.height();
    const double row = std::min(r.height(), CompareRenderer::labelRowHeight(font));
    const double width = std::max(0.0, r.width() - 2 * pad);
    // Qt's vertical centring of one line: the line's box in the middle of the row.
    writeText(w, r.x() + pad, r.y() + 0.5 * (row - fm.height()) + fm.ascent(), font.pixelSize(), th.text,
              fm.elidedText(panel.label, Qt::ElideRight, width), QStringLiteral("label"), true);
    const QRectF fbox = CompareRenderer::formulaBox(r, font);
    if (!panel.formula.isEmpty() && !fbox.isEmpty()) writeFormula(w, fbox, panel.formulaPixels, th.text, panel.formula);
}

}  // namespace

SvgPicture compareSvgPicture(const std::vector<FrameData>& frames, const std::vector<QString>& captions, QSize size,
                             int cells) {
    SvgPicture picture;
    if (frames.empty()) return picture;
    const int n = std::min(int(frames.size()), 4);
    cells = std::max(n, cells);
    CompareRenderer renderer;
    const QImage legend = cells > 1 ? renderer.legendImage(size, frames.front()) : QImage();
    const CompareGeometry g =
        CompareRenderer::layout(size, cells, frames.front().textScale, legend.size(), CompareRenderer::hasStripFormulas(frames));
    const QFont font = CompareRenderer::captionFont(size, frames.front().textScale);
    const QFont formulaFont = CompareRenderer::formulaFont(size, frames.front().textScale);
    for (int i = 0; i < n; ++i) {
        const QRect plane = g.planes[std::size_t(i)];
        const FrameData& f = frames[std::size_t(i)];
        picture.panels.push_back(SvgPanel{CompareRenderer::panelFrame(f, plane.size(), size), plane,
                                          i < int(captions.size()) ? captions[std::size_t(i)] : QString(),
                                          g.captions[std::size_t(i)], font.pixelSize(),
                                          cells > 1 ? CompareRenderer::stripFormula(f) : QString(), formulaFont.pixelSize()});
    }
    if (cells > 1) {
        static const Theme kFallback = Theme::dark();
        picture.backdrop = QImage(size, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&picture.backdrop);
        CompareRenderer::drawChrome(p, g, frames.front().theme ? *frames.front().theme : kFallback, legend);
    }
    return picture;
}

QByteArray svgDocument(const std::vector<SvgPanel>& panels, QSize size, const QImage& backdrop) {
    static const Theme kFallback = Theme::dark();
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(false);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("svg"));
    w.writeDefaultNamespace(QStringLiteral("http://www.w3.org/2000/svg"));
    w.writeNamespace(QStringLiteral("http://www.w3.org/1999/xlink"), QStringLiteral("xlink"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("1.1"));
    w.writeAttribute(QStringLiteral("width"), QString::number(size.width()));
    w.writeAttribute(QStringLiteral("height"), QString::number(size.height()));
    w.writeAttribute(QStringLiteral("viewBox"), QStringLiteral("0 0 %1 %2").arg(size.width()).arg(size.height()));
    const QColor background = !panels.empty() && panels[0].frame.theme ? panels[0].frame.theme->background : kFallback.background;
    w.writeEmptyElement(QStringLiteral("rect"));
    w.writeAttribute(QStringLiteral("width"), QStringLiteral("100%"));
    w.writeAttribute(QStringLiteral("height"), QStringLiteral("100%"));
    w.writeAttribute(QStringLiteral("fill"), hex(background));
    if (!backdrop.isNull()) {
        w.writeEmptyElement(QStringLiteral("image"));
        w.writeAttribute(QStringLiteral("class"), QStringLiteral("backdrop"));
        w.writeAttribute(QStringLiteral("width"), QString::number(size.width()));
        w.writeAttribute(QStringLiteral("height"), QString::number(size.height()));
        w.writeAttribute(QStringLiteral("xlink:href"),
                         QStringLiteral("data:image/png;base64,") + QString::fromLatin1(pngBytes(backdrop).toBase64()));
    }
    for (const SvgPanel& panel : panels) {
        if (!panel.captionRect.isEmpty() && !panel.label.isEmpty())
            writeCaption(w, panel, panel.frame.theme ? *panel.frame.theme : kFallback);
        FrameData f = panel.frame;
        if (!f.theme) f.theme = std::shared_ptr<const Theme>(&kFallback, [](const Theme*) {});
        const QSize cell = panel.cell.size();
        if (cell.width() < 1 || cell.height() < 1) continue;
        const ViewTransform tf(f.camera, QSizeF(cell));
        const double s = FrameRenderer::uiScale(cell);
        w.writeStartElement(QStringLiteral("g"));
        w.writeAttribute(QStringLiteral("class"), QStringLiteral("panel"));
        w.writeAttribute(QStringLiteral("transform"),
                         QStringLiteral("translate(%1 %2)").arg(panel.cell.x()).arg(panel.cell.y()));
        if (f.images) {
            // A grid of images is pixels through and through: the whole frame as one PNG.
            writeImageGrid(w, f, cell);
            if (!panel.label.isEmpty() && panel.captionRect.isEmpty())
                writeText(w, 0.5 * cell.width(), cell.height() - 12 * s, 15 * s, QColor(Qt::white), panel.label,
                          QStringLiteral("label"), true, QStringLiteral("middle"));
            w.writeEndElement();
            continue;
        }
        w.writeEmptyElement(QStringLiteral("image"));
        w.writeAttribute(QStringLiteral("class"), QStringLiteral("background"));
        w.writeAttribute(QStringLiteral("width"), QString::number(cell.width()));
        w.writeAttribute(QStringLiteral("height"), QString::number(cell.height()));
        w.writeAttribute(QStringLiteral("xlink:href"),
                         QStringLiteral("data:image/png;base64,") + QString::fromLatin1(backgroundPng(f, cell).toBase64()));
        if (f.layers.arrows && f.arrows && !f.arrows->empty()) writeArrows(w, tf, f, s);
        if (f.tracks && f.layers.trails) writeTrails(w, tf, f, s);
        if (f.tracks && f.layers.particles) writeParticles(w, tf, f, s, cell);
        writeOverlay(w, f, cell, int(&panel - panels.data()));
        if (!panel.label.isEmpty() && panel.captionRect.isEmpty())
            writeText(w, 0.5 * cell.width(), cell.height() - 12 * s, 15 * s, QColor(Qt::white), panel.label,
                      QStringLiteral("label"), true, QStringLiteral("middle"));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

core::Status writeSvgStill(const std::string& path, const SvgPicture& picture, QSize size) {
    auto temp = core::TempOutput::createFile(path);
    if (!temp) return temp.error();
    const QByteArray svg = svgDocument(picture.panels, size, picture.backdrop);
    if (core::Status st = core::writeBytesToFile(temp->path(), svg.toStdString(), path); !st) return st;
    return temp->commit();
}

}  // namespace flowlab::ui
