// The renderer: a frame is a pure function of its FrameData, at any size.
#include <QtTest>

#include <set>

#include "state/offscreen_scene.hpp"
#include "view/frame_renderer.hpp"

using namespace flowlab::ui;

namespace {

int distinctColors(const QImage& img) {
    std::set<QRgb> colors;
    for (int y = 0; y < img.height(); y += 2) {
        const auto* row = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); x += 2) colors.insert(row[x]);
    }
    return int(colors.size());
}

int differingPixels(const QImage& a, const QImage& b) {
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) n += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return n;
}

}  // namespace

class FrameRendererTest : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<OffscreenScene> m_scene;

private slots:
    void initTestCase() {
        ExplorerSettings s;
        s.scene.particles = 2000;
        s.view.layers.bridge = true;
        s.view.layers.streamlines = true;
        OffscreenScene::Options o;
        o.size = QSize(640, 360);
        o.fieldTimes = {0.5};
        auto r = OffscreenScene::create(s, o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        m_scene = *r;
    }

    void emptyFrame_isTheBackgroundOnly() {
        FrameData f;
        f.theme = std::make_shared<const Theme>(Theme::dark());
        f.layers = {};
        f.layers.grid = false;
        f.layers.legend = false;
        FrameRenderer r;
        const QImage img = r.renderImage(QSize(200, 120), f);
        QCOMPARE(distinctColors(img), 1);
        QCOMPARE(QColor(img.pixel(10, 10)), f.theme->background);
    }

    void everyLayer_changesTheImage() {
        FrameRenderer r;
        const FrameData all = m_scene->frameAt(0.5);
        const QImage full = r.renderImage(QSize(640, 360), all);
        QVERIFY(distinctColors(full) > 50);
        const auto without = [&](bool LayerVisibility::*flag) {
            FrameData f = all;
            f.layers.*flag = false;
            return r.renderImage(QSize(640, 360), f);
        };
        for (auto flag : {&LayerVisibility::heatmap, &LayerVisibility::grid, &LayerVisibility::arrows,
                          &LayerVisibility::particles, &LayerVisibility::trails, &LayerVisibility::bridge,
                          &LayerVisibility::streamlines, &LayerVisibility::legend})
            QVERIFY(differingPixels(full, without(flag)) > 100);
    }

    void heatmap_isBrightWhereTheDensityIs() {
        FrameRenderer r;
        FrameData f = m_scene->frameAt(0.5);
        f.layers = {};
        f.layers.heatmap = true;
        f.layers.grid = false;
        f.layers.legend = false;
        f.layers.arrows = false;
        f.layers.particles = false;
        f.layers.trails = false;
        const QImage img = r.renderImage(QSize(640, 360), f);
        // At t = ½ the mass sits on a ring of radius about 2 around the origin (the centre of
        // the image); the corners are far in the tails.
        const QColor ring(img.pixel(320 + 60, 180)), corner(img.pixel(5, 5));
        QVERIFY(ring.lightness() > corner.lightness() + 20);
        QCOMPARE(corner, f.theme->background);
    }

    void anySize_rendersAndScalesDecorations() {
        FrameRenderer r;
        const FrameData f = m_scene->frameAt(0.5);
        for (QSize size : {QSize(64, 64), QSize(333, 777), QSize(1920, 1080)}) {
            const QImage img = r.renderImage(size, f);
            QCOMPARE(img.size(), size);
            QVERIFY(distinctColors(img) > 10);
        }
        QVERIFY(FrameRenderer::uiScale(QSize(3840, 2160)) > FrameRenderer::uiScale(QSize(1280, 720)));
    }

    void sameData_sameImage() {
        FrameRenderer a, b;
        const FrameData f = m_scene->frameAt(0.37);
        QCOMPARE(a.renderImage(QSize(400, 300), f), b.renderImage(QSize(400, 300), f));
    }

    void particles_moveWithT() {
        FrameRenderer r;
        FrameData f = m_scene->frameAt(0.1);
        f.layers = {};
        f.layers.grid = false;
        f.layers.legend = false;
        f.layers.arrows = false;
        f.layers.heatmap = false;
        f.layers.trails = false;
        f.layers.particles = true;
        const QImage early = r.renderImage(QSize(400, 400), f);
        f.t = 0.9;
        const QImage late = r.renderImage(QSize(400, 400), f);
        QVERIFY(differingPixels(early, late) > 1000);
    }
};

QTEST_MAIN(FrameRendererTest)
#include "frame_renderer_test.moc"
