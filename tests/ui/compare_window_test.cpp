// The comparison layouts inside the explorer window, offscreen: panels, one clock, linked
// pan/zoom, per-panel methods through the docks, shared densities, the marginal-agreement readout.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtTest>
#include "state/offscreen_scene.hpp"

#include <cmath>

#include "compare/compare_area.hpp"
#include "export/video_render.hpp"
#include "formula/formula_painter.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/method_panel.hpp"
#include "timeline/animation_clock.hpp"
#include "plane/plane_view.hpp"
#include "view/compare_renderer.hpp"
#include "view/frame_renderer.hpp"
#include "view/overlay_placement.hpp"
#include "view/theme.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;
using flowlab::core::InterpolantFamily;

namespace {

constexpr int kReadyTimeoutMs = 120000;
constexpr double kMaxLegendShare = 0.03;  // of the displayed mass under a panel's legend (as the single view's test)
constexpr double kMaxPanelTextShare = 0.01;  // of a compare panel's displayed mass under the text drawn in its plane
constexpr int kParticles = 3000;
// Of a plane's pixels, how many may differ between an export and the window (same state): the
// ODE panel's frame is the same; an SDE panel's noise is drawn in another order.
constexpr double kMaxEndPointShift = 1e-3;    // world units (a pixel is ~0.05 in these planes)
constexpr int kEdgeLevels = 48;               // a sub-pixel shift of an antialiased edge changes it by less
constexpr double kMaxPlaneDifference = 0.001; // share of a plane's pixels that differ by more

/// The text heights of a frame as `view` paints it at its size, its data layers off so that only
/// the overlay is drawn: the caption's title line ("HHHH → HHHH", capitals: its cap height), the
/// t readout's digits, and the legend box's height (0 when the view draws none).
struct TextHeights {
    int caption = 0, readout = 0;
    double legend = 0;
};

TextHeights textHeights(const PlaneView& view) {
    FrameData f = view.shownFrame();
    const bool legend = f.layers.legend;
    f.layers = LayerVisibility{};
    f.layers.heatmap = f.layers.grid = f.layers.arrows = f.layers.trails = f.layers.particles = f.layers.pinned = false;
    f.layers.legend = legend;
    f.text.baseName = f.text.targetName = QStringLiteral("HHHH");
    f.text.formula.clear();
    f.text.method.clear();
    FrameRenderer r;
    const QImage image = r.renderImage(view.size(), f);
    const auto firstBand = [&](QRectF box) {
        // Inside the box's border: ink against the box's own fill, taken beside the text.
        const QImage inside = image.copy(box.toRect().adjusted(3, 3, -3, -3));
        const auto bands = test::inkBands(inside, inside.pixelColor(0, inside.height() / 2));
        return bands.empty() ? 0 : bands.front();
    };
    TextHeights h;
    h.caption = firstBand(r.lastOverlay().caption);
    h.readout = firstBand(r.lastOverlay().time);
    h.legend = r.lastOverlay().legend.height();
    return h;
}

/// The window's composite as the compositor draws it from the area's own state: the panels'
/// frames (before the panel text, which the compositor applies), headers and selection.
QImage compositorPicture(CompareArea& area, int threads) {
    std::vector<FrameData> frames;
    std::vector<QString> captions;
    for (int i = 0; i < area.panelCount(); ++i) {
        FrameData f = area.view(i).frame();
        f.textScale = PlaneView::boostedTextScale(f.textScale, area.view(i).textBoost());
        frames.push_back(f);
        captions.push_back(area.headerText(i));
    }
    CompareRenderer r;
    r.setThreads(threads);
    QImage image(area.size(), QImage::Format_ARGB32_Premultiplied);
    r.render(image, frames, captions, area.layoutCells(), area.selected());
    return image.convertToFormat(QImage::Format_RGB32);
}

/// `image` (RGB32) with the readout's rectangle blanked: the window's agreement text is the one
/// part the compositor leaves to the window.
QImage withoutReadout(QImage image, const CompareGeometry& g, const QRect& also = QRect()) {
    image = image.convertToFormat(QImage::Format_RGB32);
    QPainter p(&image);
    p.fillRect(g.readout, Qt::magenta);
    if (!also.isEmpty()) p.fillRect(also, Qt::magenta);
    return image;
}

/// Pixels that differ between two images of one size.
/// Pixels where a channel of `a` and `b` differs by more than `tolerance` levels.
int differingPixels(const QImage& a, const QImage& b, int tolerance = 0) {
    if (a.size() != b.size()) return a.width() * a.height() + 1;
    int n = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* pb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const QRgb u = pa[x], v = pb[x];
            n += std::abs(qRed(u) - qRed(v)) > tolerance || std::abs(qGreen(u) - qGreen(v)) > tolerance ||
                 std::abs(qBlue(u) - qBlue(v)) > tolerance;
        }
    }
    return n;
}

/// The cap height of a caption strip's text: the first band of ink against its fill.
int captionCapHeight(const QImage& image, const QRect& caption) {
    const QImage strip = image.copy(caption.adjusted(0, 0, 0, -4));  // above the selection bar
    const auto bands = test::inkBands(strip, strip.pixelColor(strip.width() - 2, strip.height() / 2));
    return bands.empty() ? 0 : bands.front();
}

}  // namespace

class CompareWindowTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.persistSettings = false;
        o.workerThreads = 0;
        ExplorerSettings s;
        s.scene.particles = kParticles;
        o.initialSettings = s;
        return o;
    }

    static bool waitAllReady(MainWindow& w) {
        return QTest::qWaitFor([&] { return w.compareArea().isReady(w.clock().t()); }, kReadyTimeoutMs);
    }

    static void trigger(MainWindow& w, const QString& action) {
        auto* a = w.findChild<QAction*>(action);
        QVERIFY2(a, qPrintable(action));
        a->trigger();
        w.clock().pause();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void fourPanels_textKeepsTheSingleViewsSize_andTheLegendLeavesTheMass() {
        // At 1920×1080 a 2×2 panel is a quarter of the area: its text used to shrink with it
        // (about half the single view's). It must be at least the single view's size at 1×.
        MainWindow w(options(QStringLiteral("text")));
        w.resize(1920, 1080);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.controller().settings().view.textScale, 1.0);
        w.clock().setT(1.0);
        QVERIFY(waitAllReady(w));
        const QSize singleSize = w.view().size();
        const TextHeights single = textHeights(w.view());
        QVERIFY(single.caption > 0 && single.readout > 0 && single.legend > 0);
        FrameRenderer r;
        const QImage singleLegend = r.renderLegend(singleSize, w.view().shownFrame());
        QVERIFY(!singleLegend.isNull());
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 4);
        w.clock().setT(1.0);
        QVERIFY(waitAllReady(w));
        QCoreApplication::processEvents();
        const QImage composite = compositorPicture(area, 1);
        for (int i = 0; i < 4; ++i) {
            const TextHeights panel = textHeights(area.view(i));
            // The panel's caption text is its strip's (the method; the densities are in the
            // shared legend): its capitals and digits, measured inside the strip.
            const QRect strip = area.geometry().captions[std::size_t(i)];
            const QImage stripImage = composite.copy(strip.adjusted(2, 1, -2, -1));
            const auto stripBands = test::inkBands(stripImage, stripImage.pixelColor(stripImage.width() - 1, stripImage.height() / 2));
            const int stripCaption = stripBands.empty() ? 0 : stripBands.front();
            qInfo("panel %d (%dx%d): strip caption %d px, readout digits %d px; single view (%dx%d): caption %d, readout %d",
                  i + 1, area.view(i).width(), area.view(i).height(), stripCaption, panel.readout, singleSize.width(),
                  singleSize.height(), single.caption, single.readout);
            // Pixel fonts round to whole pixels: one pixel of slack.
            QVERIFY2(stripCaption >= single.caption - 1, qPrintable(QString::number(stripCaption)));
            QVERIFY2(panel.readout >= single.readout - 1, qPrintable(QString::number(panel.readout)));
            // The plane carries no text but the t readout: at the single view's size the old
            // three-line caption (densities, formula, method) hid the top modes of a 1080p quarter
            // panel, and the formula line alone still covered 3 % of 8gaussians' mass (no corner
            // is empty). The formula is in the caption strip now.
            {
                FrameData shown = area.view(i).shownFrame();
                FrameRenderer pr;
                pr.renderImage(area.view(i).size(), shown);
                const FrameRenderer::OverlayLayout at = pr.lastOverlay();
                const double underCaption = massShare(shown, area.view(i).size(), at.caption);
                const double underTime = massShare(shown, area.view(i).size(), at.time);
                const double underLegend = massShare(shown, area.view(i).size(), at.legend);
                FrameData titled = shown;
                titled.overlays.title = titled.overlays.formula = true;
                pr.renderImage(area.view(i).size(), titled);
                const double underTitled = massShare(titled, area.view(i).size(), pr.lastOverlay().caption);
                qInfo("panel %d: mass under the panel's text %.4f (caption %.4f, t readout %.4f; the three-line caption "
                      "would cover %.4f)",
                      i + 1, underCaption + underTime + underLegend, underCaption, underTime, underTitled);
                QVERIFY2(at.caption.isEmpty(), "a compare plane draws no caption (the strip carries method and formula)");
                QVERIFY(!at.time.isEmpty());
                QVERIFY2(underCaption + underTime + underLegend < kMaxPanelTextShare,
                         qPrintable(QString::number(underCaption + underTime + underLegend)));
            }
            // The strip carries the panel's formula, whole: at its natural size inside the strip's
            // formula row (not scaled down, not clipped), and drawn (ink in that row).
            {
                const QString formula = area.headerFormula(i);
                QCOMPARE(formula, area.view(i).frame().text.formula);
                QVERIFY(!formula.isEmpty());
                const QFont captionFont = CompareRenderer::captionFont(area.size(), area.textScale());
                const QFont formulaFont = CompareRenderer::formulaFont(area.size(), area.textScale());
                const QRectF box = CompareRenderer::formulaBox(strip, captionFont);
                const QSizeF natural = formulaSize(formula, formulaFont);
                qInfo("panel %d: formula %.0fx%.0f px in a row of %.0fx%.0f px (font %d px)", i + 1, natural.width(),
                      natural.height(), box.width(), box.height(), formulaFont.pixelSize());
                QVERIFY2(natural.width() <= box.width() && natural.height() <= box.height(), qPrintable(formula));
                QVERIFY(box.bottom() <= strip.bottom() + 1 && box.top() >= strip.top());
                const QImage row = composite.copy(box.toAlignedRect());
                QVERIFY(!test::inkBands(row, row.pixelColor(row.width() - 1, row.height() / 2)).empty());
            }
            // The legend is not drawn over a panel's data: the panels share one below them.
            QCOMPARE(panel.legend, 0.0);
            FrameData f = area.view(i).shownFrame();
            r.renderImage(area.view(i).size(), f);
            QVERIFY(r.lastOverlay().legend.isEmpty());
            QCOMPARE(massShare(f, area.view(i).size(), r.lastOverlay().legend), 0.0);
        }
        // The shared legend: the single view's legend at its size, outside every panel.
        const QImage shared = area.legendImage();
        QVERIFY(!shared.isNull());
        qInfo("shared legend %dx%d px, the single view's %dx%d px", shared.width(), shared.height(), singleLegend.width(),
              singleLegend.height());
        QVERIFY2(shared.height() >= singleLegend.height() - 2, qPrintable(QString::number(shared.height())));
        QVERIFY(shared.width() >= singleLegend.width() - 2);
        const QRect legendRect = area.geometry().legend;
        QCOMPARE(legendRect.size(), shared.size());
        for (int i = 0; i < 4; ++i) {
            const QRect plane(area.view(i).mapTo(&area, QPoint(0, 0)), area.view(i).size());
            QVERIFY(!legendRect.intersects(plane));
            QVERIFY(legendRect.top() > plane.bottom());  // below the panels
        }
        // Back to one panel: the plane draws its own legend again.
        trigger(w, QStringLiteral("compareLayout1"));
        QCOMPARE(area.panelCount(), 1);
        QVERIFY(area.legendImage().isNull());
        QVERIFY(textHeights(w.view()).legend > 0);
    }

    void window_isTheCompositorsPicture_drawnInParallelAsInSequence() {
        MainWindow w(options(QStringLiteral("composite")));
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 4);
        w.clock().setT(0.6);
        QVERIFY(waitAllReady(w));
        area.select(2);
        QCoreApplication::processEvents();
        const CompareGeometry& g = area.geometry();
        // The window (headers, planes drawn by the compositor's panel jobs, legend, separators)
        // is pixel for pixel what the compositor draws alone for the same state. All four panels
        // are drawn again now, together, on two threads (as they are once playing: the frames
        // arrived one panel at a time while simulating).
        area.setRenderThreads(2);
        const QImage window = withoutReadout(area.grab().toImage(), g);
        const QImage alone = withoutReadout(compositorPicture(area, 1), g);
        QCOMPARE(window.size(), alone.size());
        QCOMPARE(differingPixels(window, alone), 0);
        // Parallel panels (two threads) equal sequential ones, in the compositor and in the window.
        QCOMPARE(differingPixels(withoutReadout(compositorPicture(area, 2), g), alone), 0);
        area.setRenderThreads(1);
        const QImage sequential = withoutReadout(area.grab().toImage(), g);
        area.setRenderThreads(2);
        QCOMPARE(differingPixels(sequential, window), 0);
        // The panels are not all alike (else equality would prove little).
        QVERIFY(area.view(0).frame().tracks != area.view(3).frame().tracks);
    }

    void export1080p_equalsTheWindowsComposite() {
        // A compare area of exactly 1920×1080 (as a full-screen window's) and an export of the
        // same panels, view and t: the same picture — text at the single view's size, one legend
        // below the panels, captions and separators.
        ExplorerController main;
        main.setWorkerThreads(0);
        auto* view = new PlaneView;  // the area takes it over as panel 0's plane
        CompareArea area(&main, view, 0);
        constexpr double kT = 1.0;
        connect(view, &PlaneView::resized, &main, &ExplorerController::setViewportSize);
        connect(&main, &ExplorerController::contentChanged, &area, [&] { view->setFrame(main.frameAt(kT)); });
        ExplorerSettings s;
        s.scene.particles = 1000;
        s.scene.steps = 40;
        QVERIFY(main.apply(s));
        area.resize(1920, 1080);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        const auto panels = comparePanels(ComparePreset::Epsilons, main.settings().scene);
        ExplorerSettings first = main.settings();
        first.scene = withMethod(first.scene, panels.front().scene);
        QVERIFY(main.apply(first));
        QVERIFY(area.setPanels(panels));
        main.setPlayhead(kT, 1);
        area.showTime(kT, 1);
        QVERIFY(QTest::qWaitFor([&] { return area.isReady(kT); }, kReadyTimeoutMs));
        view->setFrame(main.frameAt(kT));
        area.refreshLegend();
        QCoreApplication::processEvents();
        const QImage window = area.grab().toImage().convertToFormat(QImage::Format_RGB32);

        // The window's particles are the export's: its display kernel (pairs pruned below
        // e^-kDisplayPruneLogRatio) moves no end point by more than a hair, for every ε.
        for (int i = 0; i < 4; ++i) {
            OffscreenScene::Options so;
            so.size = view->size();
            so.fieldTimes = {kT};
            auto exact = OffscreenScene::create(area.panelSettings(i), so);
            QVERIFY2(exact.ok(), exact.ok() ? "" : exact.message().c_str());
            const auto& shown = area.controller(i).frameAt(kT).tracks;
            QVERIFY(shown && exact.value()->simulation().tracks);
            std::vector<float> a, b;
            shown->positionsAt(kT, a);
            exact.value()->simulation().tracks->positionsAt(kT, b);
            QCOMPARE(a.size(), b.size());
            double worst = 0.0;
            for (std::size_t k = 0; k < a.size(); k += 2) worst = std::max(worst, double(std::hypot(a[k] - b[k], a[k + 1] - b[k + 1])));
            qInfo("panel %d: end points within %.2g of the exact field's", i + 1, worst);
            QVERIFY2(worst < kMaxEndPointShift, qPrintable(QString::number(worst)));
        }
        QTemporaryDir dir;
        VideoRenderOptions o;
        o.size = QSize(1920, 1080);
        o.stillT = kT;
        o.timeline.fps = 10;
        o.timeline.seconds = 1.0;
        const QString path = dir.filePath(QStringLiteral("compare.png"));
        auto r = renderCompareVideo(area.panels(), main.settings().view, o, path.toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        const QImage exported = QImage(path).convertToFormat(QImage::Format_RGB32);
        // Kept before any check, so a failure can be looked at.
        if (qEnvironmentVariableIsSet("FLOWLAB_TEST_KEEP")) {
            exported.save(QStringLiteral("/tmp/flowlab_export.png"));
            window.save(QStringLiteral("/tmp/flowlab_window.png"));
        }
        QCOMPARE(exported.size(), window.size());
        const CompareGeometry& g = area.geometry();
        // The caption's cap height in pixels, in the window and in the export.
        for (int i = 0; i < 4; ++i) {
            const int wc = captionCapHeight(window, g.captions[std::size_t(i)]);
            const int ec = captionCapHeight(exported, g.captions[std::size_t(i)]);
            qInfo("panel %d caption cap height: window %d px, export %d px", i + 1, wc, ec);
            QVERIFY(wc >= 10);
            QCOMPARE(ec, wc);
        }
        // The shared legend is below the panels, the same pixels in both.
        QVERIFY(!g.legend.isEmpty());
        QVERIFY(g.legend.top() > g.planes.back().bottom());
        QCOMPARE(differingPixels(exported.copy(g.legend), window.copy(g.legend)), 0);
        // Everything around the planes (captions, separators, legend strip) is the same pixels,
        // but for the readout and the window's mark under the selected panel's caption (an
        // export selects none).
        const QRect& c0 = g.captions[std::size_t(area.selected())];
        const QRect mark(c0.left(), c0.bottom() - 4, c0.width(), 5);
        const auto chrome = [&](const QImage& image) {
            QImage out = withoutReadout(image, g, mark);
            QPainter p(&out);
            for (const QRect& plane : g.planes) p.fillRect(plane, Qt::magenta);
            return out;
        };
        QCOMPARE(differingPixels(chrome(exported), chrome(window)), 0);
        // The planes: the compositor draws the same frames from the same particles; the window's
        // pruned field moves arrows and dots by a fraction of a pixel, which changes only their
        // antialiased edges by a few levels.
        for (int i = 0; i < 4; ++i) {
            const QRect plane = g.planes[std::size_t(i)];
            const double area2 = plane.width() * plane.height();
            const double any = differingPixels(exported.copy(plane), window.copy(plane)) / area2;
            const double visible = differingPixels(exported.copy(plane), window.copy(plane), kEdgeLevels) / area2;
            qInfo("panel %d: %.4f of the plane's pixels differ between export and window, %.5f by more than %d levels",
                  i + 1, any, visible, kEdgeLevels);
            QVERIFY2(visible < kMaxPlaneDifference, qPrintable(QString::number(visible)));
        }
    }

    void presetEpsilons_fourPanelsShareDensitiesSeedAndClock() {
        MainWindow w(options(QStringLiteral("eps")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 4);
        QCOMPARE(area.layoutCells(), 4);
        const double eps[] = {0.0, 0.5, 2.0, 8.0};
        for (int i = 0; i < 4; ++i) {
            const SceneSettings& s = area.controller(i).settings().scene;
            QCOMPARE(s.epsilon, eps[i]);
            QCOMPARE(s.base.spec, w.controller().settings().scene.base.spec);
            QCOMPARE(s.target.spec, w.controller().settings().scene.target.spec);
            QCOMPARE(s.seed, w.controller().settings().scene.seed);  // common random numbers
            QCOMPARE(s.particles, kParticles);
        }
        QVERIFY(waitAllReady(w));
        // Re-simulate panel 1 alone (its own ε); the others have nothing new to report meanwhile.
        ExplorerSettings first = w.controller().settings();
        first.scene.epsilon = 0.25;
        QVERIFY(w.applySettings(first));
        QVERIFY(waitAllReady(w));
        QCOMPARE(area.controller(1).settings().scene.epsilon, 0.5);
        // Once every panel is simulated, no header still says it is simulating (panel 1 included).
        for (int i = 0; i < 4; ++i) {
            auto* header = area.findChild<QToolButton*>(QStringLiteral("compareHeader%1").arg(i + 1));
            QVERIFY(header);
            QVERIFY2(!header->text().contains(QStringLiteral("simulating")), qPrintable(header->text()));
        }
        // One clock: every panel shows the time the clock was set to.
        for (double t : {0.37, 0.81}) {
            w.clock().setT(t);
            for (int i = 0; i < 4; ++i) QCOMPARE(area.view(i).frame().t, t);
        }
        // The frames differ (different ε gives different paths), so the panels are not copies.
        QVERIFY(area.view(0).frame().tracks != area.view(3).frame().tracks);
    }

    void sameMarginalsForEveryEpsilon_butNotForAnotherPath() {
        MainWindow w(options(QStringLiteral("agree")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_epsilons"));
        QVERIFY(waitAllReady(w));
        w.clock().setT(0.5);
        w.compareArea().updateAgreement();
        MarginalAgreement a = w.compareArea().agreement();
        QCOMPARE(int(a.distance.size()), 4);
        QVERIFY(std::isfinite(a.noise) && a.noise > 0.0);
        qInfo("ε = 0.5, 2, 8 vs ε = 0 at t = 0.5: energy distance %.5f %.5f %.5f, noise floor %.5f", a.distance[1],
              a.distance[2], a.distance[3], a.noise);
        for (int i = 1; i < 4; ++i) {
            QVERIFY2(a.distance[i] <= CompareArea::kSameWithinNoise * a.noise,
                     qPrintable(QStringLiteral("panel %1: %2 vs noise %3").arg(i + 1).arg(a.distance[i]).arg(a.noise)));
        }
        const QLabel* readout = w.compareArea().findChild<QLabel*>(QStringLiteral("compareAgreement"));
        QVERIFY(readout && readout->isVisibleTo(&w));
        QVERIFY(readout->text().contains(QStringLiteral("same")));
        QVERIFY(!readout->text().contains(QStringLiteral("differs")));

        // Flow matching and VP diffusion share the end points, not the marginals in between.
        trigger(w, QStringLiteral("comparePreset_fm-vs-vp"));
        QCOMPARE(w.compareArea().panelCount(), 2);
        QVERIFY(waitAllReady(w));
        w.clock().setT(0.5);
        w.compareArea().updateAgreement();
        a = w.compareArea().agreement();
        qInfo("VP vs flow matching at t = 0.5: energy distance %.5f, noise floor %.5f", a.distance[1], a.noise);
        QVERIFY2(a.distance[1] > 10.0 * a.noise,
                 qPrintable(QStringLiteral("%1 vs noise %2").arg(a.distance[1]).arg(a.noise)));
        QVERIFY(readout->text().contains(QStringLiteral("differs")));
    }

    void agreementReadout_showsTheFiguresOfTheTimeItStates_andCatchesUpWithTheClock() {
        // The readout is computed on a worker: while the clock moves it may be behind. Whatever
        // it shows must be the agreement at the t it states, and it must say when the clock is
        // elsewhere (it was seen showing t = 0.24 while the clock was at 0.41, looking current).
        MainWindow w(options(QStringLiteral("agreeClock")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_fm-vs-vp"));  // marginals that differ, and change with t
        CompareArea& area = w.compareArea();
        QVERIFY(waitAllReady(w));
        const QLabel* readout = area.findChild<QLabel*>(QStringLiteral("compareAgreement"));
        QVERIFY(readout);
        const auto tracks = [&] {
            std::vector<std::shared_ptr<const ParticleTracks>> out;
            for (int i = 0; i < area.panelCount(); ++i) out.push_back(area.view(i).frame().tracks);
            return out;
        };
        // What the readout shows is the agreement at its stated t, computed here from the same
        // particles; and the text names that t, and the clock's when it differs.
        const auto checkShown = [&](const char* when) {
            const double at = area.agreementTime();
            const double clock = w.clock().t();
            const QString text = readout->text();
            QVERIFY2(text.contains(QStringLiteral("t = %1").arg(at, 0, 'f', 3)), qPrintable(QString("%1: %2").arg(when, text)));
            const bool behind = QString::number(at, 'f', 3) != QString::number(clock, 'f', 3);
            QVERIFY2(behind == text.contains(QStringLiteral("clock is at %1").arg(clock, 0, 'f', 3)),
                     qPrintable(QString("%1: clock %2, %3").arg(when).arg(clock).arg(text)));
            const MarginalAgreement shown = area.agreement();
            if (shown.distance.empty()) return;
            const MarginalAgreement expected = marginalAgreement(tracks(), at, CompareArea::kAgreementPoints, 1);
            QCOMPARE(int(shown.distance.size()), int(expected.distance.size()));
            for (std::size_t i = 1; i < shown.distance.size(); ++i) {
                QVERIFY2(std::abs(shown.distance[i] - expected.distance[i]) <= 1e-9 * (1.0 + std::abs(expected.distance[i])),
                         qPrintable(QString("%1: panel %2 shows %3, the agreement at t = %4 is %5")
                                        .arg(when).arg(i + 1).arg(shown.distance[i]).arg(at).arg(expected.distance[i])));
                QVERIFY2(text.contains(QString::number(std::max(shown.distance[i], 0.0), 'f', 4)), qPrintable(text));
            }
        };
        // First at rest at a t of its own, with every panel's particles simulated.
        w.clock().setT(0.537);
        QTRY_VERIFY_WITH_TIMEOUT(area.agreementTime() == 0.537 && !area.agreement().distance.empty(), kReadyTimeoutMs);
        checkShown("at rest before");
        // The clock jumps on without waiting for the worker, as when playing: at every step the
        // readout is either at the clock's t or says it is behind, never passing old figures off
        // as the clock's.
        for (double t : {0.2, 0.41, 0.24, 0.63, 0.9}) {
            w.clock().setT(t);
            checkShown("just after the clock moved");
            QCoreApplication::processEvents();
            checkShown("after one pass of events");
        }
        // Once the clock stands, the readout comes to its t (whatever the machine's speed).
        QTRY_VERIFY_WITH_TIMEOUT(QString::number(area.agreementTime(), 'f', 3) == QString::number(w.clock().t(), 'f', 3),
                                 kReadyTimeoutMs);
        checkShown("at rest");
        QCOMPARE(area.agreementTime(), w.clock().t());
        QVERIFY(!readout->text().contains(QStringLiteral("clock is at")));
    }

    void panAndZoomAreLinked() {
        MainWindow w(options(QStringLiteral("camera")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_ode-vs-sde"));
        QVERIFY(waitAllReady(w));
        const Camera before = w.controller().settings().view.camera;
        PlaneView& second = w.compareArea().view(1);
        const QPointF at(second.width() * 0.3, second.height() * 0.4);
        QWheelEvent wheel(at, second.mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&second, &wheel);
        const Camera after = w.compareArea().controller(1).settings().view.camera;
        QVERIFY(after != before);
        QVERIFY(after.halfExtent < before.halfExtent);  // zoomed in
        QCOMPARE(w.controller().settings().view.camera, after);
        // The first panel shows the new camera on its next frame too.
        QTRY_COMPARE(w.view().frame().camera, after);
    }

    void selectedPanel_isWhatTheDocksEdit() {
        MainWindow w(options(QStringLiteral("select")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_ode-vs-sde"));
        CompareArea& area = w.compareArea();
        const SceneSettings first = area.controller(0).settings().scene;
        const double eps1 = area.controller(1).settings().scene.epsilon;
        area.select(1);
        QCOMPARE(area.selected(), 1);
        // The docks show panel 2's method: its SDE solver.
        auto* family = w.methodPanel().findChildren<QComboBox*>().value(0);
        QVERIFY(family);
        const int trig = family->findData(int(InterpolantFamily::Trig));
        QVERIFY(trig >= 0);
        family->setCurrentIndex(trig);
        emit family->activated(trig);
        // Only panel 2 changed its interpolant; its sampler and everything shared stayed.
        QCOMPARE(int(area.controller(1).settings().scene.interpolant.family), int(InterpolantFamily::Trig));
        QCOMPARE(area.controller(1).settings().scene.epsilon, eps1);
        QCOMPARE(int(area.controller(1).settings().scene.solver), int(flowlab::core::SolverKind::StochasticHeun));
        QVERIFY(area.controller(0).settings().scene == first);
        QVERIFY(area.panels()[1].label.contains(QStringLiteral("trig")));
        // Back on panel 1 the docks show its linear interpolant again.
        area.select(0);
        QCOMPARE(family->currentData().toInt(), int(InterpolantFamily::Linear));
    }

    void densitiesAndSeedAreShared_methodsKept() {
        MainWindow w(options(QStringLiteral("shared")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("comparePreset_interpolants"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 3);
        QCOMPARE(area.layoutCells(), 4);
        ExplorerSettings s = w.controller().settings();
        s.scene.target = flowlab::core::DensitySource::fromSpec("moons");
        s.scene.seed = 42;
        QVERIFY(w.applySettings(s));
        const InterpolantFamily families[] = {InterpolantFamily::Linear, InterpolantFamily::Trig, InterpolantFamily::EncDec};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(area.controller(i).settings().scene.target.spec, std::string("moons"));
            QCOMPARE(area.controller(i).settings().scene.seed, std::uint64_t(42));
            QCOMPARE(int(area.controller(i).settings().scene.interpolant.family), int(families[i]));
        }
        // Resample (a new shared seed) reaches every panel too.
        w.controller().resample();
        for (int i = 1; i < 3; ++i) QCOMPARE(area.controller(i).settings().scene.seed, std::uint64_t(43));
    }

    void layoutSwitch_addsCopiesAndReturnsToOnePanel() {
        MainWindow w(options(QStringLiteral("layout")));
        w.resize(1400, 900);
        w.show();
        trigger(w, QStringLiteral("compareLayout2"));
        CompareArea& area = w.compareArea();
        QCOMPARE(area.panelCount(), 2);
        QVERIFY(sameMethod(area.controller(1).settings().scene, area.controller(0).settings().scene));
        trigger(w, QStringLiteral("compareLayout4"));
        QCOMPARE(area.panelCount(), 4);
        trigger(w, QStringLiteral("compareLayout1"));
        QCOMPARE(area.panelCount(), 1);
        const QLabel* readout = area.findChild<QLabel*>(QStringLiteral("compareAgreement"));
        QVERIFY(readout && !readout->isVisibleTo(&w));
        QVERIFY(waitAllReady(w));
        QVERIFY(!w.renderPlane(QSize(320, 200), 0.5).isNull());
    }
};

QTEST_MAIN(CompareWindowTest)
#include "compare_window_test.moc"
