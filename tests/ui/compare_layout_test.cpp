// Compare layout (offscreen model): presets share densities and seeds and differ only in the
// method; all panels are shown at one t; the marginal-agreement readout sees that ODE and SDE
// carry the same marginals while different times do not.
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

#include "export/svg_frame.hpp"
#include "state/compare_layout.hpp"
#include "view/compare_renderer.hpp"
#include "view/frame_layer_support.hpp"
#include "view/frame_renderer.hpp"
#include "stats/sample_distance.hpp"
#include "view/camera.hpp"
#include "view/overlay_placement.hpp"
#include "view/particle_tracks.hpp"

using namespace flowlab::ui;

namespace {
/// ODE vs SDE clouds at one t must be at least this many times closer (energy distance) than
/// the ODE clouds at two different times: "same marginals" against a clearly moved marginal.
constexpr double kSameMarginalRatio = 0.2;

SceneSettings shared() {
    SceneSettings s;
    s.particles = 1500;
    s.steps = 60;
    s.seed = 11;
    return s;
}
}  // namespace

class CompareLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void presets_shareDensitiesAndSeed_andDifferInMethod() {
        for (const char* name : {"ode-vs-sde", "fm-vs-vp", "interpolants", "epsilons", "score-sde"}) {
            auto preset = parseComparePreset(name);
            QVERIFY2(preset.ok(), name);
            QCOMPARE(toString(*preset), std::string(name));
            const auto panels = comparePanels(*preset, shared());
            QVERIFY(panels.size() >= 2 && panels.size() <= 4);
            for (const auto& p : panels) {
                QVERIFY(!p.label.isEmpty());
                QCOMPARE(p.scene.base.spec, shared().base.spec);
                QCOMPARE(p.scene.target.spec, shared().target.spec);
                QCOMPARE(p.scene.seed, shared().seed);
                QCOMPARE(p.scene.particles, shared().particles);
                QVERIFY2(p.scene.validate().empty(), qPrintable(p.label + ": " + QString::fromStdString(p.scene.validate())));
            }
            for (std::size_t i = 1; i < panels.size(); ++i) QVERIFY(panels[i].scene != panels[0].scene);
        }
        QVERIFY(!parseComparePreset("nope").ok());
        QCOMPARE(comparePanels(ComparePreset::Epsilons, shared()).size(), std::size_t(4));
    }

    void panels_shareTheClock_andOdeSdeMarginalsAgree() {
        OffscreenScene::Options o;
        o.size = QSize(160, 96);
        o.fieldTimes = {0.0, 0.5, 1.0};
        auto scene = CompareScene::create(comparePanels(ComparePreset::OdeVsSde, shared()), ViewSettings{}, o);
        QVERIFY2(scene.ok(), scene.ok() ? "" : scene.message().c_str());
        QCOMPARE(scene->panelCount(), 2);
        for (double t : {0.0, 0.37, 1.0}) {
            const auto frames = scene->framesAt(t);
            QCOMPARE(int(frames.size()), 2);
            for (const auto& f : frames) QCOMPARE(f.t, t);  // one clock for every panel
        }
        auto at = scene->marginalAgreement(0.5, 1);
        QVERIFY(at.ok());
        QCOMPARE((*at)[0], 0.0);
        // The same panel's cloud at another time: a marginal that clearly differs.
        auto self = CompareScene::create({comparePanels(ComparePreset::OdeVsSde, shared())[0]}, ViewSettings{}, o);
        QVERIFY(self.ok());
        std::vector<float> a, b;
        const auto& tracks = *self->framesAt(0.5)[0].tracks;
        tracks.positionsAt(0.5, a);
        tracks.positionsAt(0.9, b);
        flowlab::core::Points pa(Eigen::Index(a.size() / 2), 2), pb(Eigen::Index(b.size() / 2), 2);
        for (Eigen::Index i = 0; i < pa.rows(); ++i) {
            pa(i, 0) = a[2 * i], pa(i, 1) = a[2 * i + 1];
            pb(i, 0) = b[2 * i], pb(i, 1) = b[2 * i + 1];
        }
        auto moved = flowlab::core::energyDistance(pa, pb);
        QVERIFY(moved.ok());
        QVERIFY2((*at)[1] < kSameMarginalRatio * *moved,
                 qPrintable(QStringLiteral("ODE vs SDE %1, t 0.5 vs 0.9 %2").arg((*at)[1]).arg(*moved)));
    }

    void compareSvg_stripsCarryTheFormulas_andThePlanesTextIsThePngs() {
        // A 1080p comparison as an SVG still: each caption strip has its label and its panel's
        // formula (typeset, one outline each, none left in the planes), and each plane's t
        // readout is where and as large as the PNG's (the single view's text size, placed by
        // where ρ_t is small), not the quarter panel's smaller default.
        const QSize size(1920, 1080);
        const auto panels = comparePanels(ComparePreset::Interpolants, shared());
        OffscreenScene::Options o;
        o.size = QSize(958, 470);
        o.fieldTimes = {0.0, 0.5, 1.0};
        auto scene = CompareScene::create(panels, ViewSettings{}, o);
        QVERIFY2(scene.ok(), scene.ok() ? "" : scene.message().c_str());
        const std::vector<FrameData> frames = scene->framesAt(0.7);
        std::vector<QString> captions;
        for (std::size_t i = 0; i < panels.size(); ++i) captions.push_back(CompareRenderer::captionText(int(i), panels[i].label));
        const SvgPicture picture = compareSvgPicture(frames, captions, size, 4);
        QCOMPARE(picture.panels.size(), panels.size());
        const QByteArray svg = svgDocument(picture.panels, size, picture.backdrop);
        QCOMPARE(int(svg.count("<g class=\"formula\">")), int(panels.size()));
        // The raster's places and sizes of each plane's t readout.
        std::vector<QRectF> timeBoxes;
        std::vector<int> timePixels;
        for (const SvgPanel& p : picture.panels) {
            QCOMPARE(p.formula, CompareRenderer::stripFormula(frames[std::size_t(&p - picture.panels.data())]));
            QVERIFY(!p.formula.isEmpty());
            FrameRenderer r;
            r.renderImage(p.cell.size(), p.frame);
            QVERIFY(r.lastOverlay().caption.isEmpty());
            timeBoxes.push_back(r.lastOverlay().time.translated(p.cell.topLeft()));
            timePixels.push_back(
                frame_layers::pixelFont(24 * FrameRenderer::textUnit(p.cell.size(), p.frame) * r.lastOverlay().timeScale).pixelSize());
        }
        QXmlStreamReader xml(svg);
        int panel = -1, times = 0, labels = 0, formulas = 0;
        QPointF offset;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            const auto a = xml.attributes();
            const QString cls = a.value(QStringLiteral("class")).toString();
            if (xml.name() == QStringLiteral("g") && cls == QStringLiteral("panel")) {
                ++panel;
                const QStringList xy = a.value(QStringLiteral("transform")).toString().mid(10).chopped(1).split(QLatin1Char(' '));
                offset = QPointF(xy.value(0).toDouble(), xy.value(1).toDouble());
            } else if (xml.name() == QStringLiteral("g") && cls == QStringLiteral("formula")) {
                ++formulas;  // one per strip: a plane drawing one too would make it more
            } else if (xml.name() == QStringLiteral("text") && cls == QStringLiteral("label")) {
                const QRect strip = picture.panels[std::size_t(labels)].captionRect;
                const double y = a.value(QStringLiteral("y")).toDouble();
                QVERIFY2(y > strip.top() && y < strip.top() + CompareRenderer::labelRowHeight(CompareRenderer::captionFont(size, 1.0)),
                         qPrintable(QString::number(y)));
                ++labels;
            } else if (xml.name() == QStringLiteral("text") && cls == QStringLiteral("time")) {
                QVERIFY(panel >= 0 && panel < int(timeBoxes.size()));
                const QPointF at = offset + QPointF(a.value(QStringLiteral("x")).toDouble(), a.value(QStringLiteral("y")).toDouble());
                const int px = int(std::lround(a.value(QStringLiteral("font-size")).toDouble()));
                qInfo("panel %d: t readout %d px at (%.0f, %.0f); the PNG's box %.0f,%.0f %.0fx%.0f, %d px", panel + 1, px, at.x(),
                      at.y(), timeBoxes[std::size_t(panel)].x(), timeBoxes[std::size_t(panel)].y(),
                      timeBoxes[std::size_t(panel)].width(), timeBoxes[std::size_t(panel)].height(), timePixels[std::size_t(panel)]);
                QCOMPARE(px, timePixels[std::size_t(panel)]);
                QVERIFY(timeBoxes[std::size_t(panel)].contains(at));
                ++times;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(times, int(panels.size()));
        QCOMPARE(labels, int(panels.size()));
        QCOMPARE(formulas, int(panels.size()));
    }

    void learnedPanelWithoutNetwork_isRefusedByName() {
        std::vector<ComparePanel> panels = comparePanels(ComparePreset::OdeVsSde, shared());
        panels[1].scene.fieldMode = FieldMode::Learned;
        OffscreenScene::Options o;
        o.size = QSize(64, 64);
        o.fieldTimes = {0.5};
        auto scene = CompareScene::create(panels, ViewSettings{}, o);
        QVERIFY(!scene.ok());
        QVERIFY(QString::fromStdString(scene.message()).contains(panels[1].label));
    }

    void methodSplit_keepsTheSharedPartAndTakesTheMethod() {
        SceneSettings a = shared(), b = shared();
        b.base = flowlab::core::DensitySource::fromSpec("moons");
        b.seed = 99;
        b.interpolant.family = flowlab::core::InterpolantFamily::Trig;
        b.solver = flowlab::core::SolverKind::StochasticHeun;
        b.epsilon = 2.0;
        const SceneSettings m = withMethod(a, b);
        QCOMPARE(m.base.spec, a.base.spec);  // shared: from a
        QCOMPARE(m.seed, a.seed);
        QCOMPARE(int(m.interpolant.family), int(flowlab::core::InterpolantFamily::Trig));  // method: from b
        QCOMPARE(m.epsilon, 2.0);
        QVERIFY(sameMethod(m, b));
        QVERIFY(!sameMethod(a, b));
        QVERIFY(methodLabel(m).contains(QStringLiteral("SDE")));
        QVERIFY(methodLabel(m).contains(QStringLiteral("trig")));
    }

    void agreementNoise_isSmallForOneCloudAndNaNWithoutParticles() {
        OffscreenScene::Options o;
        o.size = QSize(64, 64);
        o.fieldTimes = {0.5};
        SceneSettings s = shared();
        s.particles = 4000;
        auto scene = CompareScene::create(comparePanels(ComparePreset::OdeVsSde, s), ViewSettings{}, o);
        QVERIFY(scene.ok());
        std::vector<std::shared_ptr<const ParticleTracks>> tracks;
        for (const auto& f : scene->framesAt(0.5)) tracks.push_back(f.tracks);
        tracks.push_back(nullptr);  // a panel still simulating
        const MarginalAgreement a = marginalAgreement(tracks, 0.5, 1000, 1);
        QCOMPARE(int(a.distance.size()), 3);
        QCOMPARE(a.distance[0], 0.0);
        QVERIFY(std::isfinite(a.distance[1]));
        QVERIFY(std::isnan(a.distance[2]));
        QVERIFY(std::isfinite(a.noise) && a.noise > 0.0 && a.noise < 0.02);
    }

    void massMap_binnedSharesEqualCountingEveryPoint() {
        // The overlay asks MassMap for dozens of boxes a frame; its bins must not change a share:
        // each equals the plain count of the sampled particles inside (edges included, in the
        // float pixel coordinates it keeps).
        flowlab::core::Points cloud(3000, 2);
        std::uint32_t state = 7;
        const auto uniform = [&] { return ((state = state * 1664525u + 1013904223u) >> 8) / double(1u << 24); };
        for (int i = 0; i < cloud.rows(); ++i) {
            const bool clump = i % 3 == 0;  // a dense mode and a spread-out rest
            cloud(i, 0) = clump ? 1.0 + 0.2 * uniform() : -4.0 + 8.0 * uniform();
            cloud(i, 1) = clump ? 1.0 + 0.2 * uniform() : -3.0 + 6.0 * uniform();
        }
        cloud(0, 0) = std::nan("");  // a diverged particle: counted in the total, under no box
        FrameData f;
        f.tracks = ParticleTracks::create({0.0, 1.0}, {cloud, cloud}, {});
        QVERIFY(f.tracks);
        f.t = 1.0;
        const QSize size(640, 480);
        const MassMap map(f, size);
        const ViewTransform tf(f.camera, QSizeF(size));
        std::vector<float> xy;  // the positions as the tracks keep them (float)
        f.tracks->positionsAt(f.t, xy);
        std::vector<QPointF> px;
        for (int i = 0; i < cloud.rows(); ++i) px.push_back(tf.toPixel(double(xy[2 * std::size_t(i)]), double(xy[2 * std::size_t(i) + 1])));
        int checked = 0;
        for (int k = 0; k < 400; ++k) {
            // Boxes inside, across the edges of and beyond the picture, some on a point exactly.
            QRectF r(-100 + 840 * uniform(), -100 + 680 * uniform(), 300 * uniform(), 300 * uniform());
            if (k % 10 == 0) r.moveTopLeft(px[std::size_t(k + 1)]);
            // Counted as MassMap keeps them: pixel coordinates in float.
            const float l = float(r.left()), rt = float(r.right()), t = float(r.top()), b = float(r.bottom());
            int inside = 0;
            for (const QPointF& p : px) {
                const float x = float(p.x()), y = float(p.y());
                inside += r.width() > 0 && r.height() > 0 && x >= l && x <= rt && y >= t && y <= b;
            }
            QCOMPARE(map.share(r), double(inside) / cloud.rows());
            checked += inside > 0;
        }
        QVERIFY(checked > 100);
        QCOMPARE(map.share(QRectF(-1e9, -1e9, 2e9, 2e9)), double(cloud.rows() - 1) / cloud.rows());
        QCOMPARE(map.share(QRectF(1e20, 1e20, 10, 10)), 0.0);
    }
};

QTEST_MAIN(CompareLayoutTest)
#include "compare_layout_test.moc"
