// The renderer: a frame is a pure function of its FrameData, at any size.
#include <QtTest>

#include <cmath>
#include <cstdint>
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

/// A fixed synthetic scene (no simulation, no text): `count` particles circling the origin over
/// 41 recorded frames, a mixture's log-density heatmap (with a NaN and a −∞ cell) and a swirl of
/// arrows (with a zero and a huge vector). Its frame is a pure function of these numbers, so the
/// reference images in tests/ui/data, drawn by the renderer before issue 15's fast paths, stay
/// valid for any later renderer.
FrameData referenceScene(int count, bool lightTheme) {
    const auto unit = [](std::uint32_t i, std::uint32_t salt) {  // a hash in [0, 1)
        std::uint32_t h = i * 2654435761u ^ (salt * 0x9e3779b9u);
        h ^= h >> 15;
        h *= 0x2c1b3c6du;
        h ^= h >> 12;
        return double(h) / 4294967296.0;
    };
    constexpr int kFrames = 41;
    std::vector<double> times(kFrames);
    std::vector<flowlab::core::Points> states(kFrames, flowlab::core::Points(count, 2));
    std::vector<std::uint8_t> endColors(static_cast<std::size_t>(count)), startColors(static_cast<std::size_t>(count));
    for (int p = 0; p < count; ++p) {
        const double r0 = 5.0 * std::sqrt(unit(std::uint32_t(p), 1)), a0 = 6.283185307 * unit(std::uint32_t(p), 2);
        const double spin = 1.0 + 2.0 * unit(std::uint32_t(p), 3), drift = unit(std::uint32_t(p), 4) - 0.5;
        for (int k = 0; k < kFrames; ++k) {
            const double t = k / double(kFrames - 1);
            const double r = r0 * (1.0 + drift * t), a = a0 + spin * t;
            states[std::size_t(k)](p, 0) = r * std::cos(a);
            states[std::size_t(k)](p, 1) = r * std::sin(a) * 0.8;
        }
        endColors[std::size_t(p)] = std::uint8_t(p % 7);
        startColors[std::size_t(p)] = std::uint8_t((3 * p) % 5);
    }
    for (int k = 0; k < kFrames; ++k) times[std::size_t(k)] = k / double(kFrames - 1);

    FrameData f;
    f.theme = std::make_shared<const Theme>(lightTheme ? Theme::light() : Theme::dark());
    f.camera.halfExtent = 4.0;
    f.t = 0.5 + 0.3 / (kFrames - 1);  // between two recorded frames
    f.tracks = ParticleTracks::create(times, states, endColors, startColors);
    f.colorMode = lightTheme ? ColorMode::Start : ColorMode::End;
    f.particleSize = lightTheme ? 1.5 : 1.0;
    f.layers.grid = false;
    f.layers.legend = false;
    f.layers.heatmap = f.layers.arrows = f.layers.trails = f.layers.particles = true;

    const ViewTransform tf(f.camera, QSizeF(16, 9));
    const QRectF w = tf.worldRect();
    const auto spec = [&](int n) {
        flowlab::core::GridSpec g;
        g.xMin = w.left();
        g.xMax = w.right();
        g.yMin = w.top();
        g.yMax = w.bottom();
        g.nx = g.ny = n;
        return g;
    };
    auto heat = std::make_shared<ScalarGrid>();
    heat->spec = spec(128);
    heat->values.resize(128 * 128);
    for (int j = 0; j < 128; ++j)
        for (int i = 0; i < 128; ++i) {
            const double x = heat->spec.xMin + (i + 0.5) * heat->spec.cellWidth();
            const double y = heat->spec.yMin + (j + 0.5) * heat->spec.cellHeight();
            const double rho = std::exp(-((x - 1.5) * (x - 1.5) + y * y) / 0.5) + 0.5 * std::exp(-((x + 2) * (x + 2) + (y - 1) * (y - 1)) / 2.0);
            heat->values[std::size_t(j * 128 + i)] = float(std::log(rho + 1e-30));
        }
    heat->values[5000] = std::numeric_limits<float>::quiet_NaN();
    heat->values[9000] = -std::numeric_limits<float>::infinity();
    f.heatmap = heat;
    auto arrows = std::make_shared<VectorGrid>();
    arrows->spec = spec(32);
    for (int j = 0; j < 32; ++j)
        for (int i = 0; i < 32; ++i) {
            const double x = arrows->spec.xMin + (i + 0.5) * arrows->spec.cellWidth();
            const double y = arrows->spec.yMin + (j + 0.5) * arrows->spec.cellHeight();
            arrows->vx.push_back(float(-y + 0.3 * x));
            arrows->vy.push_back(float(x + 0.3 * y));
        }
    arrows->vx[100] = arrows->vy[100] = 0.0f;
    arrows->vx[200] = 1e6f;
    f.arrows = arrows;
    return f;
}

/// Largest per-channel difference and the mean absolute difference over all channels.
std::pair<int, double> channelDifference(const QImage& a, const QImage& b) {
    int worst = 0;
    double sum = 0.0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            for (int d : {qRed(p) - qRed(q), qGreen(p) - qGreen(q), qBlue(p) - qBlue(q), qAlpha(p) - qAlpha(q)}) {
                worst = std::max(worst, std::abs(d));
                sum += std::abs(d);
            }
        }
    return {worst, sum / (4.0 * a.width() * a.height())};
}

struct ReferenceCase {
    const char* file;
    int particles;
    bool light;
    QSize size;
};
// 6 000 particles take the thin-trail path, 1 500 the antialiased one.
const ReferenceCase kReferenceCases[] = {{"frame_reference_thin.png", 6000, false, QSize(480, 270)},
                                         {"frame_reference_antialiased.png", 1500, true, QSize(320, 180)}};
/// Per channel, in 8-bit levels: rounding differences of a faster path, not a changed picture.
/// The particles p = first, first + step, … of `tracks`, with their colours.
std::shared_ptr<const ParticleTracks> everyStepth(const ParticleTracks& tracks, int first, int step) {
    std::vector<flowlab::core::Points> states;
    std::vector<std::uint8_t> end, start;
    for (int p = first; p < tracks.particleCount(); p += step) {
        end.push_back(tracks.colors(false)[std::size_t(p)]);
        start.push_back(tracks.colors(true)[std::size_t(p)]);
    }
    for (int k = 0; k < tracks.frameCount(); ++k) {
        flowlab::core::Points s(Eigen::Index(end.size()), 2);
        for (int p = first, row = 0; p < tracks.particleCount(); p += step, ++row) {
            s(row, 0) = tracks.frame(k)[2 * p];
            s(row, 1) = tracks.frame(k)[2 * p + 1];
        }
        states.push_back(s);
    }
    return ParticleTracks::create(tracks.times(), states, end, start);
}

constexpr int kReferenceMaxDifference = 6;
constexpr double kReferenceMeanDifference = 0.25;

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

    /// Issue 15: a cloud above the trail budget (here 20 000 particles, twice the budget) shows
    /// exactly the trails of its every second particle, faded as that many would be: the frame
    /// equals the one of the 10 000 particles 0, 2, 4, … alone, not the one of 1, 3, 5, ….
    void manyParticles_showTheTrailsOfEveryStridethParticle() {
        FrameData f = referenceScene(20000, false);
        f.layers.heatmap = f.layers.arrows = f.layers.particles = false;
        f.trailSteps = 12;
        FrameData even = f, odd = f;
        even.tracks = everyStepth(*f.tracks, 0, 2);
        odd.tracks = everyStepth(*f.tracks, 1, 2);
        QCOMPARE(even.tracks->particleCount(), 10000);
        FrameRenderer r;
        const QImage all = r.renderImage(QSize(480, 270), f);
        QVERIFY(distinctColors(all) > 20);
        QCOMPARE(all, r.renderImage(QSize(480, 270), even));
        QVERIFY(differingPixels(all, r.renderImage(QSize(480, 270), odd)) > 1000);
    }

    /// The cut is said where the particles are named: the legend of the 20 000 cloud changes
    /// with its trails (" · trails of 1 in 2"); that of a cloud within the budget does not.
    void manyParticles_legendSaysWhoseTrailsAreShown() {
        FrameData f = referenceScene(20000, false);
        f.layers.legend = true;
        f.trailSteps = 12;
        FrameData within = f;
        within.tracks = everyStepth(*f.tracks, 0, 2);
        FrameRenderer r;
        const auto legendWithTrails = [&](FrameData g, bool trails) {
            g.layers.trails = trails;
            return r.renderLegend(QSize(960, 540), g);
        };
        QVERIFY(!legendWithTrails(f, true).isNull());
        QVERIFY(legendWithTrails(f, true) != legendWithTrails(f, false));
        QCOMPARE(legendWithTrails(within, true), legendWithTrails(within, false));
    }

    /// Issue 15: 30 000 dots drawn with their bands split between two threads are exactly the
    /// dots drawn by one.
    void manyDots_twoThreadsDrawTheSamePixelsAsOne() {
        FrameData f = referenceScene(30000, true);
        f.layers.heatmap = f.layers.arrows = f.layers.trails = false;
        FrameRenderer one, two;
        one.setDrawThreads(1);
        two.setDrawThreads(2);
        const QImage a = one.renderImage(QSize(640, 360), f);
        QVERIFY(distinctColors(a) > 20);
        QCOMPARE(two.renderImage(QSize(640, 360), f), a);
    }

    /// Issue 15: the fast paths draw what the renderer drew before them. The references were
    /// written by the old renderer (FLOWLAB_WRITE_FRAME_REFERENCE=DIR writes new ones).
    void fixedScene_matchesTheOldRenderersFrame() {
        const QString dir = QStringLiteral(FLOWLAB_SOURCE_DIR "/tests/ui/data/");
        const QByteArray writeTo = qgetenv("FLOWLAB_WRITE_FRAME_REFERENCE");
        for (const ReferenceCase& c : kReferenceCases) {
            FrameRenderer r;
            const QImage img = r.renderImage(c.size, referenceScene(c.particles, c.light));
            if (!writeTo.isEmpty()) {
                QVERIFY(img.save(QString::fromLocal8Bit(writeTo) + QLatin1Char('/') + QLatin1String(c.file)));
                continue;
            }
            const QImage ref = QImage(dir + QLatin1String(c.file)).convertToFormat(QImage::Format_ARGB32_Premultiplied);
            QVERIFY2(!ref.isNull(), c.file);
            QCOMPARE(ref.size(), img.size());
            QVERIFY(distinctColors(ref) > 100);  // the reference shows a scene, not a blank frame
            const auto [worst, mean] = channelDifference(img, ref);
            qInfo("%s: largest channel difference %d, mean %.4f", c.file, worst, mean);
            QVERIFY2(worst <= kReferenceMaxDifference, c.file);
            QVERIFY2(mean <= kReferenceMeanDifference, c.file);
        }
        if (!writeTo.isEmpty()) QSKIP("references written");
    }
};

QTEST_MAIN(FrameRendererTest)
#include "frame_renderer_test.moc"
