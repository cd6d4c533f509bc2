#include "export/svg_frame.hpp"

#include <QBuffer>
#include <QImage>
#include <QPainter>
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

// The raster renderer's look, in SVG terms (see frame_renderer.cpp).
constexpr double kParticleOpacity = 0.92;
constexpr double kBaseDotRadius = 1.9;  // pixels at 1280×720
constexpr double kTrailOpacity = 0.42;
constexpr double kTrailFadeParticles = 2500.0;
constexpr double kArrowOpacity = 0.85;

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

/// A formula typeset by ui/formula as one outline path (the SVG shows mathematics, not TeX
/// source, whatever fonts the viewer has), with its plain-text reading as the title.
void writeFormula(QXmlStreamWriter& w, double x, double top, double px, const QColor& color, const QString& source) {
    const auto layout = cachedFormulaLayout(source, frame_layers::pixelFont(px));
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("formula"));
    w.writeTextElement(QStringLiteral("title"), [&] {
        const auto tree = core::parseFormula(source.toStdString());
        return tree ? QString::fromStdString(core::formulaPlainText(*tree)) : source;
    }());
    w.writeEmptyElement(QStringLiteral("path"));
    w.writeAttribute(QStringLiteral("fill"), hex(color));
    w.writeAttribute(QStringLiteral("d"), pathData(formulaOutline(*layout, QPointF(x, top + layout->ascent))));
    w.writeEndElement();
}

void writeArrows(QXmlStreamWriter& w, const ViewTransform& tf, const FrameData& f, double s) {
    const VectorGrid& g = *f.arrows;
    const std::size_t n = g.vx.size();
    if (n == 0 || g.vy.size() != n || int(n) != g.spec.nx * g.spec.ny) return;
    std::vector<float> mag(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float m = std::hypot(g.vx[i], g.vy[i]);
        mag[i] = std::isfinite(m) ? m : 0.0f;
    }
    std::vector<float> sorted = mag;
    const std::size_t k = std::min(n - 1, std::size_t(0.95 * double(n)));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
    const float ref = sorted[k];
    if (!(ref > 0.0f)) return;
    const double maxLen = 0.85 * std::min(g.spec.cellWidth(), g.spec.cellHeight()) * tf.scale();
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("arrows"));
    w.writeAttribute(QStringLiteral("stroke-width"), num(1.3 * s));
    w.writeAttribute(QStringLiteral("stroke-linecap"), QStringLiteral("round"));
    w.writeAttribute(QStringLiteral("stroke-opacity"), num(kArrowOpacity));
    for (int j = 0; j < g.spec.ny; ++j)
        for (int i = 0; i < g.spec.nx; ++i) {
            const std::size_t idx = std::size_t(g.spec.index(i, j));
            if (!(mag[idx] > 0.0f)) continue;
            const double rel = std::min(1.0, double(mag[idx] / ref));
            const double len = maxLen * std::sqrt(rel);
            if (len < 1.5 * s) continue;
            const QPointF c = tf.toPixel(g.spec.xMin + (i + 0.5) * g.spec.cellWidth(), g.spec.yMin + (j + 0.5) * g.spec.cellHeight());
            const double angle = std::atan2(-double(g.vy[idx]), double(g.vx[idx]));
            const QPointF d(std::cos(angle) * 0.5 * len, std::sin(angle) * 0.5 * len);
            const QPointF a = c - d, b = c + d;
            const double head = std::min(6.0 * s, 0.45 * len);
            const QString color = hex(QColor::fromRgb(lutColor(f.theme->arrows, rel)));
            const auto line = [&](QPointF p, QPointF q) {
                w.writeEmptyElement(QStringLiteral("line"));
                w.writeAttribute(QStringLiteral("x1"), num(p.x()));
                w.writeAttribute(QStringLiteral("y1"), num(p.y()));
                w.writeAttribute(QStringLiteral("x2"), num(q.x()));
                w.writeAttribute(QStringLiteral("y2"), num(q.y()));
                w.writeAttribute(QStringLiteral("stroke"), color);
            };
            line(a, b);
            for (double side : {-1.0, 1.0}) {
                const double h = angle + M_PI + side * 0.5;
                line(b, b + QPointF(std::cos(h) * head, std::sin(h) * head));
            }
        }
    w.writeEndElement();
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
    w.writeStartElement(QStringLiteral("g"));
    w.writeAttribute(QStringLiteral("class"), QStringLiteral("trails"));
    w.writeAttribute(QStringLiteral("fill"), QStringLiteral("none"));
    w.writeAttribute(QStringLiteral("stroke-width"), num(std::max(1.0, s)));
    // A polyline has one opacity: the raster trail's fade is approximated by its mean.
    w.writeAttribute(QStringLiteral("stroke-opacity"),
                     num(0.5 * kTrailOpacity * std::min(1.0, std::sqrt(kTrailFadeParticles / std::max(1, n)))));
    for (int p = 0; p < n; ++p) {
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

void writeOverlay(QXmlStreamWriter& w, const FrameData& f, double s, QSize size) {
    if (!f.layers.legend) return;
    const Theme& th = *f.theme;
    const OverlayVisibility& ov = f.overlays;
    const double margin = 14 * s, pad = 10 * s;
    double y = margin + pad + 18 * s;
    if (ov.title && !f.text.baseName.isEmpty()) {
        writeText(w, margin + pad, y, 18 * s, th.text, f.text.baseName + QStringLiteral("  →  ") + f.text.targetName,
                  QStringLiteral("title"), true);
        y += 22 * s;
    }
    if (ov.formula && !f.text.formula.isEmpty()) {
        // y is a baseline for text: the formula's box starts about a line's ascent above it.
        writeFormula(w, margin + pad, y - 13 * s, 13.5 * s, th.text, f.text.formula);
        y += formulaSize(f.text.formula, frame_layers::pixelFont(13.5 * s)).height() + 4 * s;
    }
    if (ov.title && !f.text.method.isEmpty())
        writeText(w, margin + pad, y, 12 * s, th.textMuted, f.text.method, QStringLiteral("method"));
    if (ov.time)
        writeText(w, size.width() - margin - pad, margin + pad + 24 * s, 24 * s, th.text,
                  QStringLiteral("t = %1").arg(f.t, 0, 'f', 3), QStringLiteral("time"), true, QStringLiteral("end"));
    if (ov.legend) {
        double ly = size.height() - margin - 22 * s - pad;
        const QString entries[] = {QStringLiteral("ρ₁  target: ") + f.text.targetName,
                                   QStringLiteral("ρ₀  base: ") + f.text.baseName};
        for (const QString& e : entries) {
            writeText(w, margin + 18 * s + pad, ly, 12 * s, th.text, e, QStringLiteral("legend"));
            ly -= 16 * s;
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

/// A comparison's caption strip: its box and its text, as CompareRenderer::drawCaption draws it.
void writeCaption(QXmlStreamWriter& w, const SvgPanel& panel, const Theme& th) {
    const QRect r = panel.captionRect;
    const double px = panel.captionPixels;
    const auto rect = [&](const QColor& c) {
        w.writeEmptyElement(QStringLiteral("rect"));
        w.writeAttribute(QStringLiteral("x"), QString::number(r.x()));
        w.writeAttribute(QStringLiteral("y"), QString::number(r.y()));
        w.writeAttribute(QStringLiteral("width"), QString::number(r.width()));
        w.writeAttribute(QStringLiteral("height"), QString::number(r.height()));
        w.writeAttribute(QStringLiteral("fill"), hex(c));
        if (c.alpha() < 255) w.writeAttribute(QStringLiteral("fill-opacity"), num(c.alphaF()));
    };
    rect(th.background);
    rect(th.overlayBackground);
    writeText(w, r.x() + 0.6 * px, r.y() + 0.5 * r.height() + 0.35 * px, px, th.text, panel.label, QStringLiteral("label"),
              true);
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
    const CompareGeometry g = CompareRenderer::layout(size, cells, frames.front().textScale, legend.size());
    const QFont font = CompareRenderer::captionFont(size, frames.front().textScale);
    for (int i = 0; i < n; ++i) {
        const QRect plane = g.planes[std::size_t(i)];
        picture.panels.push_back(SvgPanel{CompareRenderer::panelFrame(frames[std::size_t(i)], plane.size(), size), plane,
                                          i < int(captions.size()) ? captions[std::size_t(i)] : QString(),
                                          g.captions[std::size_t(i)], font.pixelSize()});
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
        writeOverlay(w, f, s, cell);
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
