// The window's display kernel of the exact field (float32, pruned pairs) against the exact
// double kernel, as a lecturer sees them: the frames of a shipped scene rendered both ways stay
// within a small per-pixel tolerance, and the display frames are deterministic.
#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "common/resource_paths.hpp"
#include "state/offscreen_scene.hpp"
#include "state/scene_import.hpp"
#include "state/scene_pipeline.hpp"
#include "view/frame_renderer.hpp"

using namespace flowlab::ui;

namespace {

/// A channel difference above this counts as a visible change (of 255).
constexpr int kVisibleLevels = 24;
/// Share of pixels allowed to change visibly: a few particle dots that moved by a pixel
/// (10⁻⁶ relative drift over 200 SDE steps) among 640×360. Measured: none.
constexpr double kMaxVisibleShare = 0.002;

struct Diff {
    int visible = 0;
    double meanAbs = 0.0;
};

Diff compare(const QImage& a, const QImage& b) {
    Diff d;
    double total = 0.0;
    for (int y = 0; y < a.height(); ++y) {
        const auto* ra = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* rb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int dr = std::abs(qRed(ra[x]) - qRed(rb[x])), dg = std::abs(qGreen(ra[x]) - qGreen(rb[x]));
            const int db = std::abs(qBlue(ra[x]) - qBlue(rb[x]));
            const int m = std::max({dr, dg, db});
            d.visible += m > kVisibleLevels ? 1 : 0;
            total += m;
        }
    }
    d.meanAbs = total / double(a.width() * a.height());
    return d;
}

constexpr double kTimes[] = {0.1, 0.5, 0.9};

/// Frames at kTimes of moons → checkerboard (SDE, 1500 particles) with the exact field at
/// `ratio` (0: the exact double kernel).
std::vector<QImage> framesAt(double ratio) {
    auto settings = loadSceneSettings(flowlab::core::findScene("moons-to-checkerboard"));
    if (!settings) qFatal("%s", settings.message().c_str());
    settings->scene.particles = 1500;
    settings->view.layers.heatmap = true;
    settings->view.layers.arrows = true;
    settings->view.layers.trails = true;
    OffscreenScene::Options o;
    o.size = QSize(640, 360);
    o.fieldTimes.assign(std::begin(kTimes), std::end(kTimes));
    o.threads = 1;
    o.pruneLogRatio = ratio;
    auto scene = OffscreenScene::create(*settings, o);
    if (!scene) qFatal("%s", scene.message().c_str());
    FrameRenderer r;
    std::vector<QImage> frames;
    for (double t : kTimes) frames.push_back(r.renderImage(o.size, (*scene)->frameAt(t)));
    return frames;
}

}  // namespace

class DisplayKernelFramesTest : public QObject {
    Q_OBJECT
private slots:
    void displayFrames_matchExactFramesWithinTolerance() {
        const std::vector<QImage> exact = framesAt(0.0);
        const std::vector<QImage> display = framesAt(scene_pipeline::kDisplayPruneLogRatio);
        for (std::size_t i = 0; i < exact.size(); ++i) {
            const Diff d = compare(exact[i], display[i]);
            qInfo("t = %.1f: %d visibly different pixels, mean |Δ| %.4f levels", kTimes[i], d.visible, d.meanAbs);
            QVERIFY(d.visible <= int(kMaxVisibleShare * exact[i].width() * exact[i].height()));
            QVERIFY(d.meanAbs < 0.05);
        }
    }

    void displayFrames_areDeterministic() {
        const std::vector<QImage> a = framesAt(scene_pipeline::kDisplayPruneLogRatio);
        const std::vector<QImage> b = framesAt(scene_pipeline::kDisplayPruneLogRatio);
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(a[i] == b[i]);
    }
};

QTEST_MAIN(DisplayKernelFramesTest)
#include "display_kernel_frames_test.moc"
