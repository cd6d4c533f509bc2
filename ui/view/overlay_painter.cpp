// FrameRenderer's overlay: captions, legend, colour bars, the t readout and notices.
#include "view/frame_renderer.hpp"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "formula/formula_painter.hpp"
#include "view/camera.hpp"
#include "view/frame_layer_support.hpp"
#include "view/overlay_placement.hpp"

namespace flowlab::ui {

using namespace frame_layers;

namespace {
/// A place whose share of the displayed mass is below this counts as free for the legend.
constexpr double kLegendFreeShare = 0.01;
/// The same for the t readout.
constexpr double kTimeFreeShare = 0.01;

/// Appends boxes of `box` size whose top-left corners form a (steps + 1)² lattice over
/// `corners` (nothing when it is empty): the places between the corners a box may try.
void addLattice(std::vector<QRectF>& places, const QRectF& corners, QSizeF box, int steps) {
    if (!(corners.width() > 0 && corners.height() > 0)) return;
    for (int iy = 0; iy <= steps; ++iy)
        for (int ix = 0; ix <= steps; ++ix)
            places.emplace_back(QPointF(corners.left() + ix * corners.width() / steps, corners.top() + iy * corners.height() / steps),
                                box);
}
}  // namespace

QImage FrameRenderer::panelImage(const QString& key, const std::function<QImage()>& make) {
    // The caption and the legend change rarely but cost as much as a layer to typeset; they are
    // drawn once into images and blended in every frame.
    if (auto it = m_panels.find(key); it != m_panels.end()) return it->second;
    if (m_panels.size() > 16) m_panels.clear();
    return m_panels.emplace(key, make()).first->second;
}

void FrameRenderer::drawOverlay(QPainter& p, QSize size, const FrameData& f, double s) {
    const Theme& th = *f.theme;
    // Boxes keep their place (u); text and what sits inside a box scale with the text (ts).
    const double u = uiScale(size), ts = textUnit(size, f);
    const double margin = 14 * u, pad = 10 * ts;
    const QFont titleFont = pixelFont(18 * ts, true), bodyFont = pixelFont(13.5 * ts), smallFont = pixelFont(12 * ts);
    const QString themeKey = QStringLiteral("%1|%2|%3|%4|%5|").arg(th.isDark).arg(s).arg(ts).arg(th.text.rgba()).arg(size.width());
    const double maxTextWidth = std::max(40.0, size.width() - 2 * margin - 2 * pad);
    m_overlay = {};
    // Where the displayed mass is, sampled once for every place tried (only when one is).
    std::optional<MassMap> massMap;
    const auto mass = [&]() -> const MassMap& {
        if (!massMap) massMap.emplace(f, size);
        return *massMap;
    };

    // A translucent rounded box of `box` size with contents drawn by `paint` (box coordinates).
    const auto makePanel = [&](QSizeF box, const std::function<void(QPainter&)>& paint) {
        QImage img(QSize(int(std::ceil(box.width())) + 2, int(std::ceil(box.height())) + 2),
                   QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::transparent);
        QPainter q(&img);
        q.setRenderHint(QPainter::Antialiasing, true);
        q.setRenderHint(QPainter::TextAntialiasing, true);
        drawRoundedBox(q, QRectF(QPointF(1, 1), box), th, s);
        q.translate(1, 1);
        paint(q);
        return img;
    };

    if (f.layers.legend) {
        // Caption: densities, formula and method, top left.
        const OverlayVisibility& ov = f.overlays;
        QString title = f.text.baseName.isEmpty() || !ov.title ? QString() : f.text.baseName + QStringLiteral("  →  ") + f.text.targetName;
        QString formula = ov.formula ? f.text.formula : QString();
        QString method = ov.title ? f.text.method : QString();
        const QString captionKey = themeKey + QStringLiteral("caption|") + title + QLatin1Char('|') + formula +
                                   QLatin1Char('|') + method;
        const QImage caption = panelImage(captionKey, [&] {
            const QFontMetricsF tfm(titleFont), sfm(smallFont);
            // A line wider than the frame (large text in a small panel) is elided, never clipped;
            // the formula line is typeset (ui/formula) and scaled down to fit instead.
            title = tfm.elidedText(title, Qt::ElideRight, maxTextWidth);
            method = sfm.elidedText(method, Qt::ElideRight, maxTextWidth);
            QSizeF fs = formula.isEmpty() ? QSizeF() : formulaSize(formula, bodyFont);
            if (fs.width() > maxTextWidth) fs = QSizeF(maxTextWidth, fs.height() * maxTextWidth / fs.width());
            double w = 0, h = 0;
            if (!title.isEmpty()) w = std::max(w, tfm.horizontalAdvance(title)), h += tfm.height();
            if (!formula.isEmpty()) w = std::max(w, fs.width()), h += fs.height() + 4 * ts;
            if (!method.isEmpty()) w = std::max(w, sfm.horizontalAdvance(method)), h += sfm.height() + 2 * ts;
            if (h <= 0) return QImage();
            return makePanel(QSizeF(w + 2 * pad, h + 2 * pad), [&](QPainter& q) {
                double y = pad;
                if (!title.isEmpty()) {
                    q.setFont(titleFont);
                    q.setPen(th.text);
                    q.drawText(QPointF(pad, y + tfm.ascent()), title);
                    y += tfm.height();
                }
                if (!formula.isEmpty()) {
                    y += 3 * ts;
                    drawFormula(q, formula, QRectF(QPointF(pad, y), fs), bodyFont, th.text);
                    y += fs.height() + ts;
                }
                if (!method.isEmpty()) {
                    y += 2 * ts;
                    q.setFont(smallFont);
                    q.setPen(th.textMuted);
                    q.drawText(QPointF(pad, y + sfm.ascent()), method);
                }
            });
        });
        if (!caption.isNull()) {
            QRectF at(QPointF(margin - 1, margin - 1), QSizeF(caption.size()));
            // Without its title (a compare panel) the caption is the formula line alone: top left
            // unless the displayed mass is there; then the place along the left and bottom edges
            // (clear of the tick labels) where ρ_t is smallest.
            if (!ov.title && mass().share(at) > kTimeFreeShare) {
                const double tickW = 18 * ts, tickH = 22 * ts;
                const QSizeF cs = at.size();
                const double left = margin + tickW - 1, right = size.width() - margin - cs.width();
                const double bottom = size.height() - margin - tickH - cs.height() + 1;
                // Not the top right: that is the t readout's.
                const double middle = 0.5 * (margin + bottom);
                std::vector<QRectF> places = {at, QRectF(QPointF(left, middle), cs), QRectF(QPointF(left, bottom), cs),
                                              QRectF(QPointF(0.5 * (left + right), bottom), cs),
                                              QRectF(QPointF(right, bottom), cs)};
                std::vector<QRectF> inside;
                const QRectF frame(QPointF(0, 0), QSizeF(size));
                for (const QRectF& r : places)
                    if (r == at || frame.contains(r)) inside.push_back(r);
                at = inside[std::size_t(std::max(0, mass().leastCovered(inside)))];
            }
            p.drawImage(at.topLeft(), caption);
            m_overlay.caption = at;
        }

        // t readout with a progress bar from ρ0 to ρ1 (changes every frame): top right unless the
        // displayed mass is there; then where ρ_t is small (as the legend), smaller if need be.
        if (ov.time) {
            const double tickW = 18 * ts, tickH = 22 * ts, gap = 0.5 * margin;
            const QRectF frame(QPointF(0, 0), QSizeF(size));
            double best = 2.0, k = 1.0;
            QRectF tbox;
            for (double scale : {1.0, 0.8, 0.65}) {  // as the legend: smaller is no longer readable
                const double kts = ts * scale, kpad = pad * scale;
                const QFontMetricsF tm(pixelFont(24 * kts, true));
                const double tw = std::max(tm.horizontalAdvance(QStringLiteral("t = 0.000")), 150 * kts);
                const QSizeF bs(tw + 2 * kpad, tm.height() + 2 * kpad + 12 * kts);
                QRectF usual(QPointF(size.width() - margin - bs.width(), margin), bs);
                // Beside the caption when both fit, else under it: the caption never slides under t.
                if (!m_overlay.caption.isEmpty() && m_overlay.caption.right() + 0.5 * margin > usual.left() &&
                    m_overlay.caption.top() < usual.bottom())
                    usual.moveTop(m_overlay.caption.bottom() + gap);
                // Usually free: then no search (it runs every frame). A box of more than a sixth
                // of a small frame finds no free place and stays where it is.
                const bool roomy = 6 * bs.width() * bs.height() <= double(size.width()) * size.height();
                if (scale == 1.0 && (!roomy || mass().share(usual) <= kTimeFreeShare)) {
                    tbox = usual;
                    break;
                }
                const double left = margin + tickW - 1, right = size.width() - margin - bs.width();
                const double top = m_overlay.caption.isEmpty() || m_overlay.caption.top() > margin ? margin
                                                                                                     : m_overlay.caption.bottom() + gap;
                const double bottom = size.height() - margin - tickH - bs.height() + 1;
                std::vector<QRectF> places = {usual, QRectF(QPointF(right, bottom), bs), QRectF(QPointF(left, top), bs),
                                              QRectF(QPointF(left, bottom), bs)};
                addLattice(places, QRectF(QPointF(left, margin), QPointF(right, bottom)), bs, 4);  // the corners win ties
                std::vector<QRectF> free;
                for (const QRectF& r : places)
                    if (r == usual || (frame.contains(r) && !r.intersects(m_overlay.caption))) free.push_back(r);
                const int i = std::max(0, mass().leastCovered(free));
                const double share = mass().share(free[std::size_t(i)]);
                if (share < best - 1e-3) best = share, tbox = free[std::size_t(i)], k = scale;
                if (best <= kTimeFreeShare) break;
            }
            const double kts = ts * k, kpad = pad * k;
            const QFont tFont = pixelFont(24 * kts, true);
            const QFontMetricsF tm(tFont);
            const double tw = tbox.width() - 2 * kpad;
            m_overlay.time = tbox;
            m_overlay.timeScale = k;
            drawRoundedBox(p, tbox, th, s);
            p.setFont(tFont);
            p.setPen(th.text);
            p.drawText(QPointF(tbox.left() + kpad, tbox.top() + kpad + tm.ascent()), QStringLiteral("t = %1").arg(f.t, 0, 'f', 3));
            const QRectF bar(tbox.left() + kpad, tbox.bottom() - kpad - 5 * kts, tw, 5 * kts);
            QLinearGradient grad(bar.topLeft(), bar.topRight());
            grad.setColorAt(0, th.baseColor);
            grad.setColorAt(1, th.targetColor);
            p.setPen(Qt::NoPen);
            p.setBrush(withAlpha(th.textMuted, 0.35));
            p.drawRoundedRect(bar, 2.5 * kts, 2.5 * kts);
            QRectF filled = bar;
            filled.setWidth(bar.width() * std::clamp(f.t, 0.0, 1.0));
            p.setBrush(grad);
            p.drawRoundedRect(filled, 2.5 * kts, 2.5 * kts);
        }

        // Legend of what is visible, bottom left.
        if (ov.legend) {
            struct Entry {
                int kind;  // 0 dot, 1 gradient, 2 arrow, 3 line, 4 band, 5 region wheel
                QColor color;
                QString label;
            };
            std::vector<Entry> entries;
            entries.push_back({0, th.baseColor, QStringLiteral("ρ₀  base: ") + f.text.baseName});
            entries.push_back({0, th.targetColor, QStringLiteral("ρ₁  target: ") + f.text.targetName});
            if (f.layers.heatmap && f.heatmap) entries.push_back({1, {}, QStringLiteral("log ρₜ (exact)")});
            if (f.layers.arrows && f.arrows) entries.push_back({2, QColor::fromRgb(lutColor(th.arrows, 0.8)), f.text.arrowLabel});
            if (f.layers.streamlines && f.streamlines) entries.push_back({3, th.streamline, QStringLiteral("streamlines of ") + f.text.arrowLabel});
            if (f.layers.particles && f.tracks) {
                const QString how = f.colorMode == ColorMode::End     ? QStringLiteral(", coloured by where they end")
                                    : f.colorMode == ColorMode::Start ? QStringLiteral(", coloured by where they start")
                                                                      : QString();
                // A cloud above the trail budget says whose trails it shows (frame_layer_support).
                const int stride = f.layers.trails && f.trailSteps > 0 ? trailStride(f.tracks->particleCount()) : 1;
                const QString trails = stride > 1 ? QStringLiteral(" · trails of 1 in %1").arg(stride) : QString();
                entries.push_back({f.colorMode == ColorMode::Single ? 0 : 5, th.singleParticle,
                                   QStringLiteral("%1 particles%2%3").arg(f.tracks->particleCount()).arg(how, trails)});
            }
            if (f.layers.bridge && !f.bridges.empty()) entries.push_back({4, th.bridgeMean, QStringLiteral("bridge x₀ → x₁: mean ± γ(t)")});
            if (f.layers.pinned && f.fan) {
                entries.push_back({3, th.odePath, QStringLiteral("ODE path through the pin")});
                entries.push_back({3, th.sdePath, QStringLiteral("SDE paths through the pin")});
                if (!f.text.fanSource.isEmpty()) {
                    entries[entries.size() - 2].label += QStringLiteral(" · ") + f.text.fanSource;
                    entries.back().label += QStringLiteral(" · ") + f.text.fanSource;
                }
            }
            QString legendKey = themeKey + QStringLiteral("legend");
            for (const auto& e : entries) legendKey += QStringLiteral("|%1%2").arg(e.kind).arg(e.label);
            // The legend at k times its size (smaller when every place would cover mass).
            const auto legendImage = [&](double k) {
                const double lts = ts * k;
                const QFont legendFont = pixelFont(12 * lts);
                return panelImage(legendKey + QStringLiteral("|k%1").arg(k), [&] {
                const QFontMetricsF lfm(legendFont);
                const double row = lfm.height() + 4 * lts, sw = 22 * lts;
                double lw = 0;
                for (auto& e : entries) {
                    e.label = lfm.elidedText(e.label, Qt::ElideRight, std::max(40.0, maxTextWidth - sw - 8 * lts));
                    lw = std::max(lw, lfm.horizontalAdvance(e.label));
                }
                const QSizeF box(lw + sw + 8 * lts + 2 * pad, double(entries.size()) * row + 2 * pad - 4 * lts);
                return makePanel(box, [&](QPainter& q) {
                    q.setFont(legendFont);
                    double y = pad;
                    for (const auto& e : entries) {
                        const QPointF mid(pad + 0.5 * sw, y + 0.5 * lfm.height());
                        q.setPen(Qt::NoPen);
                        switch (e.kind) {
                            case 0:
                                q.setBrush(e.color);
                                q.drawEllipse(mid, 4.5 * lts, 4.5 * lts);
                                break;
                            case 1: {
                                QLinearGradient g(mid - QPointF(0.5 * sw, 0), mid + QPointF(0.5 * sw, 0));
                                for (double u : {0.0, 0.25, 0.5, 0.75, 1.0}) g.setColorAt(u, QColor::fromRgb(lutColor(th.heatmap, u)));
                                q.setBrush(g);
                                q.setPen(QPen(th.overlayBorder, 1));
                                q.drawRect(QRectF(mid - QPointF(0.5 * sw, 5 * lts), QSizeF(sw, 10 * lts)));
                                break;
                            }
                            case 2: {
                                q.setPen(QPen(e.color, 1.6 * s, Qt::SolidLine, Qt::RoundCap));
                                const QPointF a = mid - QPointF(0.45 * sw, 0), b = mid + QPointF(0.45 * sw, 0);
                                q.drawLine(a, b);
                                q.drawLine(b, b + QPointF(-5 * lts, -3 * lts));
                                q.drawLine(b, b + QPointF(-5 * lts, 3 * lts));
                                break;
                            }
                            case 3:
                                q.setPen(QPen(e.color, 2.2 * s, Qt::SolidLine, Qt::RoundCap));
                                q.drawLine(mid - QPointF(0.45 * sw, 0), mid + QPointF(0.45 * sw, 0));
                                break;
                            case 4:
                                q.setBrush(th.bridgeBand);
                                q.drawRect(QRectF(mid - QPointF(0.5 * sw, 5 * lts), QSizeF(sw, 10 * lts)));
                                q.setPen(QPen(e.color, 1.6 * s));
                                q.drawLine(mid - QPointF(0.5 * sw, 0), mid + QPointF(0.5 * sw, 0));
                                break;
                            case 5: {
                                const auto& rp = th.regionPalette;
                                for (int k = 0; k < 4 && !rp.empty(); ++k) {
                                    q.setBrush(rp[std::size_t(k * int(rp.size()) / 4)]);
                                    q.drawEllipse(mid + QPointF((k - 1.5) * 5.5 * lts, 0), 2.8 * lts, 2.8 * lts);
                                }
                                break;
                            }
                            default:
                                break;
                        }
                        q.setPen(th.text);
                        q.drawText(QPointF(pad + sw + 8 * lts, y + lfm.ascent()), e.label);
                        y += row;
                    }
                });
            });
            };
            // Where ρ_t is small: the usual corner (bottom left, clear of the tick labels) unless
            // the displayed particles or the heatmap put more mass there than elsewhere; when every
            // place covers mass, a smaller legend, so it never hides the densities.
            const double tickW = 18 * ts, tickH = 22 * ts, gap = 0.5 * margin;
            const double belowTop =
                m_overlay.caption.isEmpty() || m_overlay.caption.top() > margin ? margin : m_overlay.caption.bottom() + gap;
            const double belowTime = m_overlay.time.isEmpty() ? margin : m_overlay.time.bottom() + gap;
            const QRectF frame(QPointF(0, 0), QSizeF(size));
            QImage legend;
            QRectF at;
            double best = 2.0, legendK = 1.0;
            for (double k : {1.0, 0.8, 0.65}) {  // smaller than 0.65 is no longer readable
                const QImage img = legendImage(k);
                const QSizeF ls(img.size());
                std::vector<QRectF> places = {
                    QRectF(QPointF(margin + tickW - 1, size.height() - margin - tickH - ls.height() + 1), ls),
                    QRectF(QPointF(size.width() - margin - ls.width(), size.height() - margin - tickH - ls.height() + 1), ls),
                    QRectF(QPointF(margin + tickW - 1, belowTop), ls),
                    QRectF(QPointF(size.width() - margin - ls.width(), belowTime), ls),
                };
                // Then places in between (a legend large for its frame, as in a compare panel,
                // may find the gap between modes); the corners win ties.
                const double left = margin + tickW - 1, right = size.width() - margin - ls.width();
                const double top = margin, bottom = size.height() - margin - tickH - ls.height() + 1;
                addLattice(places, QRectF(QPointF(left, top), QPointF(right, bottom)), ls, 8);
                std::vector<QRectF> free;
                for (const QRectF& r : places)
                    if (frame.contains(r) && !r.intersects(m_overlay.caption) && !r.intersects(m_overlay.time) &&
                        !r.intersects(m_probeCaption))
                        free.push_back(r);
                if (free.empty()) free.push_back(places.front());
                const int i = std::max(0, mass().leastCovered(free));
                const double share = mass().share(free[std::size_t(i)]);
                if (share < best - 1e-3) best = share, legend = img, at = free[std::size_t(i)], legendK = k;
                if (best <= kLegendFreeShare) break;
            }
            p.drawImage(at.topLeft(), legend);
            m_overlay.legend = at;
            m_overlay.legendScale = legendK;
        }
    }

    // A transient notice (simulating…, an error), top right under the t readout, clear of the
    // caption and the legend; shown even without the legend. Over a stale picture it is the
    // badge in the middle, so nobody mistakes the veiled particles for the new result.
    const QString notice = f.stale && f.text.notice.isEmpty() ? QStringLiteral("simulating…") : f.text.notice;
    if (!notice.isEmpty()) {
        const QFont font = f.stale ? bodyFont : smallFont;
        p.setFont(font);
        const QFontMetricsF fm(font);
        const QFontMetricsF tm(pixelFont(24 * ts, true));
        // A long notice (an error saying what to do) wraps onto up to three lines rather than
        // being cut off; only beyond that is it elided.
        const double maxW = (f.stale ? 0.8 : 0.6) * size.width();
        const QRectF wrapped = fm.boundingRect(QRectF(0, 0, maxW - 2 * pad, 1e6), Qt::AlignCenter | Qt::TextWordWrap, notice);
        const double lineH = fm.lineSpacing();
        const int lines = std::max(1, std::min(3, int(std::lround(wrapped.height() / lineH))));
        const double w = std::min(wrapped.width() + 2 * pad, maxW);
        const double h = lines * lineH + 1.4 * pad;
        // Under the t readout when it is at the top (it may have gone where ρ_t is small).
        const bool timeOnTop = !m_overlay.time.isEmpty() && m_overlay.time.center().y() < 0.5 * size.height();
        const double top = timeOnTop ? m_overlay.time.bottom() + 8 * u
                           : f.layers.legend ? margin + tm.height() + 2 * pad + 12 * ts + 8 * u : margin;
        QRectF box = f.stale ? QRectF(0.5 * (size.width() - w), 0.5 * (size.height() - h), w, h)
                             : QRectF(size.width() - margin - w, top, w, h);
        if (!f.stale && box.intersects(m_overlay.caption)) box.moveTop(m_overlay.caption.bottom() + 8 * u);
        drawRoundedBox(p, box, th, s);
        p.setPen(f.text.noticeIsError ? th.errorText : th.text);
        const QRectF textBox = box.adjusted(pad, 0.7 * pad, -pad, -0.7 * pad);
        const QString shown =
            wrapped.height() <= 3.5 * lineH ? notice : fm.elidedText(notice, Qt::ElideRight, 2.6 * textBox.width());
        p.drawText(textBox, Qt::AlignCenter | Qt::TextWordWrap, shown);
    }
}

}  // namespace flowlab::ui
