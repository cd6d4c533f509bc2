// The image mode's "take it apart" widgets (ui/images): the inspector fills from a sample, the
// PCA view carries the samples to the data cloud, inpainting keeps the known pixels exactly,
// and the morph slider's ends give back the two images. Offscreen, on the procedural shapes.
#include <QElapsedTimer>
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>
#include <optional>

#include "export/image_view_export.hpp"
#include "export/video_render.hpp"
#include "field/empirical_field.hpp"
#include "images/image_data.hpp"
#include "images/image_inspector.hpp"
#include "images/inpaint_panel.hpp"
#include "images/latent_morph_panel.hpp"
#include "images/mask_canvas.hpp"
#include "images/memorisation.hpp"
#include "images/pca.hpp"
#include "images/pca_view.hpp"
#include "main/explorer_controller.hpp"
#include "main/image_tools_docks.hpp"
#include "main/main_window.hpp"
#include "metrics/sample_inspection.hpp"
#include "sampler/image_sampling.hpp"
#include "sampler/sampler.hpp"
#include "view/filmstrip_picture.hpp"
#include "view/image_tracks.hpp"
#include "window_test_support.hpp"

using namespace flowlab;
using namespace flowlab::ui;

namespace {
constexpr int kTimeoutMs = 60000;
/// The ODE round trip image → latent → image of the exact field from t_data = 0.8, 100 RK4
/// steps each way, per-pixel maximum (measured 3e-8 on the 8×8 shapes).
constexpr double kRoundTripTol = 1e-4;

core::ImageSplits shapes(int side, int train, int test) {
    core::ImageDataOptions o;
    o.spec = "shapes";
    o.size = side;
    o.maxTrain = train;
    o.maxTest = test;
    auto r = core::loadImageData(o);
    if (!r) qFatal("%s", r.message().c_str());
    return std::move(r).value();
}

core::Interpolant linear() {
    auto r = core::Interpolant::create(core::InterpolantOptions{});
    if (!r) qFatal("%s", r.message().c_str());
    return *r;
}

ImageShape shapeOf(const core::ImageDataset& d) { return {d.channels, d.height, d.width}; }

/// How many pixels of a grab differ from the top-left one (the background).
int nonBackground(const QImage& img) {
    const QRgb bg = img.pixel(0, 0);
    int n = 0;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) n += img.pixel(x, y) != bg;
    return n;
}

struct Scene {
    core::ImageSplits data = shapes(8, 60, 12);
    core::Interpolant interpolant = linear();
    std::shared_ptr<const core::EmpiricalField> field;
    core::SampleResult run;
    Scene() {
        auto f = core::EmpiricalField::create(data.train, interpolant);
        if (!f) qFatal("%s", f.message().c_str());
        field = std::make_shared<const core::EmpiricalField>(std::move(*f));
        core::Rng rng(4);
        core::SamplerOptions o;
        o.solver = core::SolverKind::Euler;
        o.steps = 50;
        o.recordTrajectory = true;
        auto r = core::sample(*field, interpolant, core::gaussianStart(interpolant, data.train.dim(), 16, rng), o, rng);
        if (!r) qFatal("%s", r.message().c_str());
        run = std::move(*r);
    }
};
}  // namespace

class ImagesToolsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void inspector_fillsFromASample() {
        Scene s;
        ImageInspector inspector;
        inspector.resize(1280, 720);
        inspector.setShape(shapeOf(s.data.train));
        QVERIFY(!inspector.hasInspection());
        const QImage empty = inspector.grab().toImage();
        // Through the inspector's worker, as the window asks for it.
        QSignalSpy inspected(&inspector, &ImageInspector::inspected);
        inspector.inspect(s.field, s.interpolant, std::make_shared<const core::ImageDataset>(s.data.train), 1.0,
                          s.run.end.row(3));
        QVERIFY(inspected.wait(kTimeoutMs));
        QVERIFY(!inspector.isInspecting());
        const std::optional<core::SampleInspection> in = inspector.inspection();
        auto strip = core::makeFilmstrip(s.run.times, s.run.trajectory, 3, core::evenTimes(8));
        QVERIFY(strip.ok());
        inspector.setFilmstrip(*strip);
        QVERIFY(inspector.hasInspection() && in.has_value());
        QCOMPARE(inspector.filmstrip().frames.rows(), 8);
        QCOMPARE(inspector.captions().size(), 4);
        QVERIFY(inspector.captions()[0].contains("t = 1.00"));
        // The exact field's end is a training image: the inspection says so.
        QVERIFY(inspector.inspection()->nearestToState.rms < core::kCopyRmsThreshold);
        const QImage full = inspector.grab().toImage();
        QVERIFY(nonBackground(full) > 20 * nonBackground(empty) / 10 + 1000);
        // An inspection of another data set's size is refused, not drawn.
        core::SampleInspection wrong = *in;
        wrong.state = Eigen::RowVectorXd::Zero(5);
        inspector.setInspection(wrong);
        QVERIFY(!inspector.hasInspection());
    }

    void inspector_showsAFailedInspection() {
        Scene s;
        ImageInspector inspector;
        inspector.setShape(shapeOf(s.data.train));
        QSignalSpy failed(&inspector, &ImageInspector::failed);
        inspector.inspect(s.field, s.interpolant, std::make_shared<const core::ImageDataset>(s.data.train), 1.5,
                          s.run.end.row(0));  // t outside [0, 1]
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(!inspector.hasInspection());
        QVERIFY(failed.first().first().toString().contains("t must be in [0, 1]"));
    }

    void pcaView_carriesSamplesFromNoiseToTheData() {
        Scene s;
        core::PcaOptions po;
        po.components = 2;
        auto pc = core::computePca(s.data.train, po);
        QVERIFY(pc.ok());
        PcaView view;
        view.resize(1280, 720);
        view.setComponents(*pc);
        view.setTrainingImages(s.data.train);
        view.setTrajectory(s.run.times, s.run.trajectory);
        QCOMPARE(view.sampleCount(), 16);
        const core::Points endXY = pc->project(s.run.end);
        view.setTime(1.0);
        for (int i = 0; i < 16; ++i) {
            QVERIFY(std::abs(view.samplePosition(i).x() - endXY(i, 0)) < 1e-9);
            QVERIFY(std::abs(view.samplePosition(i).y() - endXY(i, 1)) < 1e-9);
        }
        const QImage late = view.grab().toImage();
        view.setTime(0.2);
        const QImage early = view.grab().toImage();
        QVERIFY(early != late);
        QSignalSpy clicked(&view, &PcaView::sampleClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.toWidget(view.samplePosition(5)).toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toInt(), 5);
        QCOMPARE(view.selectedSample(), 5);
    }

    void inpainting_keepsTheKnownPixelsExactly() {
        Scene s;
        InpaintPanel panel;
        panel.resize(1100, 700);
        panel.setField(s.field, s.interpolant, QString::fromStdString(s.field->label()));
        panel.setTestImages(std::make_shared<const core::ImageDataset>(s.data.test));
        panel.selectImage(2);
        panel.holeCentre(0.5);
        QCOMPARE(panel.canvas()->holeCount(), 16);
        // Paint one more pixel with the mouse helper: the mask follows.
        panel.canvas()->setBrushRadius(0);
        panel.canvas()->paintAt(0, 0, true);
        QCOMPARE(panel.canvas()->holeCount(), 17);
        QSignalSpy done(&panel, &InpaintPanel::finished);
        QSignalSpy progressed(&panel, &InpaintPanel::progressed);
        panel.start();
        QVERIFY(panel.isRunning());
        QVERIFY(done.wait(kTimeoutMs));
        QVERIFY(!panel.isRunning());
        QVERIFY(progressed.count() >= 2);  // the hole was shown filling, then filled
        const core::Points& fills = panel.fills();
        QCOMPARE(fills.rows(), 4);
        const Eigen::RowVectorXd known = panel.knownImage(), mask = panel.knownMask();
        int holes = 0;
        for (Eigen::Index r = 0; r < fills.rows(); ++r)
            for (Eigen::Index j = 0; j < fills.cols(); ++j) {
                if (mask[j] == 1.0) {
                    QVERIFY(fills(r, j) == known[j]);  // exactly, not QCOMPARE's fuzzy compare
                } else {
                    ++holes;
                    QVERIFY(std::isfinite(fills(r, j)));
                }
            }
        QCOMPARE(holes, 4 * 17);
        QVERIFY(panel.statusText().contains("Done"));
    }

    void inpainting_stopCancelsTheRun_andANewRunStillWorks() {
        Scene s;
        InpaintPanel panel;
        panel.setField(s.field, s.interpolant, QStringLiteral("exact"));
        panel.setTestImages(std::make_shared<const core::ImageDataset>(s.data.test));
        panel.holeCentre(0.5);
        QSignalSpy done(&panel, &InpaintPanel::finished);
        QSignalSpy failed(&panel, &InpaintPanel::failed);
        panel.start();
        panel.cancel();
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.statusText().contains("Stopped"));
        QTest::qWait(300);
        QCOMPARE(done.count(), 0);  // the cancelled run's result never arrives
        QCOMPARE(failed.count(), 0);  // and its "cancelled" is not reported as a failure
        panel.start();
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(done.count(), 1);
    }

    void everyControl_hasATooltip() {
        InpaintPanel inpaint;
        LatentMorphPanel morph;
        for (QWidget* panel : {static_cast<QWidget*>(&inpaint), static_cast<QWidget*>(&morph)}) {
            int controls = 0;
            for (QWidget* w : panel->findChildren<QWidget*>()) {
                if (!qobject_cast<QAbstractButton*>(w) && !qobject_cast<QAbstractSpinBox*>(w) &&
                    !qobject_cast<QComboBox*>(w) && !qobject_cast<QAbstractSlider*>(w))
                    continue;
                if (w->parentWidget() != panel) continue;  // a spin box's inner line edit, a combo's view
                ++controls;
                QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->metaObject()->className() + QStringLiteral(" without a tooltip")));
            }
            QVERIFY(controls >= 8);
        }
    }

    void morphSlider_endsGiveBackTheTwoImages() {
        Scene s;
        LatentMorphPanel panel;
        panel.resize(1100, 700);
        panel.setField(s.field, s.interpolant, QString::fromStdString(s.field->label()), true);
        panel.setImages(std::make_shared<const core::ImageDataset>(s.data.train));
        panel.setPair(3, 10);
        panel.setFrameCount(5);
        QSignalSpy done(&panel, &LatentMorphPanel::computed);
        panel.compute();
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(panel.frames().rows(), 5);
        panel.slider()->setValue(panel.slider()->minimum());
        const double first = (panel.currentFrame() - panel.firstImage()).cwiseAbs().maxCoeff();
        panel.slider()->setValue(panel.slider()->maximum());
        const double second = (panel.currentFrame() - panel.secondImage()).cwiseAbs().maxCoeff();
        qInfo("round trip error: first %.2e, second %.2e", first, second);
        QVERIFY(first < kRoundTripTol);
        QVERIFY(second < kRoundTripTol);
        // The middle is neither image.
        panel.slider()->setValue(2);
        QVERIFY((panel.currentFrame() - panel.firstImage()).cwiseAbs().maxCoeff() > 0.05);
        QVERIFY((panel.currentFrame() - panel.secondImage()).cwiseAbs().maxCoeff() > 0.05);
    }

    void filmstripExport_hasTheInspectorsTiles_pixelForPixel() {
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        QVERIFY(w.applySettings(test::shapesScene(3, 3, 20, 4, 100)));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(0.5) && w.controller().imageTracks(), kTimeoutMs);
        constexpr int kSample = 4;
        ImageInspector& inspector = w.imageTools().inspector();
        QSignalSpy inspected(&inspector, &ImageInspector::inspected);
        w.imageTools().inspectSample(kSample);
        QTRY_VERIFY_WITH_TIMEOUT(inspector.hasInspection() && !inspector.isInspecting(), kTimeoutMs);
        inspector.resize(1280, 720);
        const QImage shown = inspector.grab().toImage();
        const std::vector<QRect> shownTiles = inspector.filmstripTiles();
        QCOMPARE(int(shownTiles.size()), kFilmstripFrames);

        // The export, through the dialog's options, of the same sample.
        VideoRenderOptions o;
        o.size = QSize(960, 540);
        o.imageView = ImageView::Filmstrip;
        o.imageSample = kSample;
        o.threads = 1;
        const QString path = dir.filePath(QStringLiteral("strip.png"));
        auto r = renderVideo(w.controller().settings(), o, path.toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        const QImage png = QImage(path).convertToFormat(QImage::Format_RGB32);
        QCOMPARE(png.size(), o.size);
        // Where its frames are: the export's drawing of the window's own filmstrip of the sample.
        auto strip = sampleFilmstrip(*w.controller().imageTracks(), kSample);
        QVERIFY(strip.ok());
        std::vector<QRect> tiles;
        const QImage expected = renderFilmstripImage(o.size, *strip, ImageShape{1, 8, 8},
                                                     Theme::named(w.controller().settings().view.theme),
                                                     filmstripHeading(kSample, *w.controller().imageScene()),
                                                     imageViewFont(o.size), &tiles);
        QCOMPARE(test::differingPixels(png, expected.convertToFormat(QImage::Format_RGB32)), 0);
        QCOMPARE(int(tiles.size()), kFilmstripFrames);
        // Frame by frame, image pixel by image pixel (the centre of its nearest-neighbour block):
        // the exported tiles are the inspector's.
        int differentFrames = 0;
        for (int j = 0; j < kFilmstripFrames; ++j) {
            const QRect a = shownTiles[std::size_t(j)], b = tiles[std::size_t(j)];
            QVERIFY(a.width() % 8 == 0 && b.width() % 8 == 0 && a.width() >= 8 && b.width() >= 8);
            const int sa = a.width() / 8, sb = b.width() / 8;
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x)
                    QCOMPARE(QColor(png.pixel(b.left() + x * sb + sb / 2, b.top() + y * sb + sb / 2)).name(),
                             QColor(shown.pixel(a.left() + x * sa + sa / 2, a.top() + y * sa + sa / 2)).name());
            if (j > 0) differentFrames += png.copy(b) != png.copy(tiles[std::size_t(j - 1)]);
        }
        QVERIFY(differentFrames >= kFilmstripFrames / 2);  // a trajectory, not one picture repeated
    }

    /// With FLOWLAB_SNAPSHOT_DIR set, the whole window at 1920×1080 on the shapes with sample 9 in
    /// the inspector (window-inspector.png) and the PCA dock raised (window-pca.png): the
    /// lecture-hall check of the tools' tile and text sizes at the docks' real size.
    void windowSnapshots() {
        const QString out = qEnvironmentVariable("FLOWLAB_SNAPSHOT_DIR");
        if (out.isEmpty()) QSKIP("set FLOWLAB_SNAPSHOT_DIR to write the window screenshots");
        QTemporaryDir dir;
        MainWindow w(test::quietWindowOptions(dir.filePath(QStringLiteral("s.ini"))));
        w.resize(1920, 1080);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ExplorerSettings s;
        s.scene.kind = core::SceneKind::Images;
        s.scene.data = "shapes";
        QVERIFY(w.applySettings(s));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().isReady(0.5) && w.controller().imageTracks(), kTimeoutMs);
        w.imageTools().setTime(0.6);
        w.imageTools().inspectSample(9);
        QTRY_VERIFY_WITH_TIMEOUT(w.imageTools().inspector().hasInspection() && !w.imageTools().inspector().isInspecting(), kTimeoutMs);
        QTest::qWait(200);
        QVERIFY(w.grab().save(out + "/window-inspector.png"));
        w.imageTools().pcaDock()->raise();
        QTRY_VERIFY_WITH_TIMEOUT(w.imageTools().pca().sampleCount() > 0, kTimeoutMs);
        QTest::qWait(200);
        QVERIFY(w.grab().save(out + "/window-pca.png"));
    }

    /// With FLOWLAB_SNAPSHOT_DIR set, renders every widget at lecture size on Fashion-MNIST (the
    /// exact field of 2000 training images) and writes inspector.png, pca.png, inpaint.png and
    /// morph.png there, for docs/images; checks each picture is written and not blank.
    void docsSnapshots() {
        const QString dir = qEnvironmentVariable("FLOWLAB_SNAPSHOT_DIR");
        if (dir.isEmpty()) QSKIP("set FLOWLAB_SNAPSHOT_DIR to write the documentation screenshots");
        core::ImageDataOptions o;
        o.spec = "fashion-mnist";
        o.maxTrain = 2000;
        o.maxTest = 100;
        auto data = core::loadImageData(o);
        if (!data) QSKIP("Fashion-MNIST is not installed");
        const core::Interpolant in = linear();
        auto f = core::EmpiricalField::create(data->train, in);
        QVERIFY(f.ok());
        auto field = std::make_shared<const core::EmpiricalField>(std::move(*f));
        core::Rng rng(7);
        core::SamplerOptions so;
        so.solver = core::SolverKind::Euler;
        so.steps = 100;
        so.recordTrajectory = true;
        auto run = core::sample(*field, in, core::gaussianStart(in, data->train.dim(), 64, rng), so, rng);
        QVERIFY(run.ok());
        QStringList names;
        for (const auto& n : data->train.classNames) names << QString::fromStdString(n);
        auto save = [&](QWidget& w, const QString& name) {
            const QImage img = w.grab().toImage();
            QVERIFY(nonBackground(img) > 1000);
            QVERIFY(img.save(dir + "/" + name));
        };
        const QSize lecture(1600, 900);
        {
            ImageInspector w;
            w.resize(lecture);
            w.setShape(shapeOf(data->train));
            w.setClassNames(names);
            w.setSampleIndex(9);
            auto insp = core::inspectSample(*field, in, run->times[55], run->trajectory[55].row(9), data->train);
            QVERIFY(insp.ok());
            w.setInspection(*insp);
            w.setFilmstrip(*core::makeFilmstrip(run->times, run->trajectory, 9, core::evenTimes(11)));
            save(w, "inspector.png");
        }
        {
            // For the report: PCA of the whole Fashion-MNIST training split (default options).
            core::ImageDataOptions all;
            all.spec = "fashion-mnist";
            auto full = core::loadImageData(all);
            QVERIFY(full.ok());
            QElapsedTimer timer;
            timer.start();
            auto fullPc = core::computePca(full->train);
            QVERIFY(fullPc.ok());
            qInfo("PCA of %zu images (%zu used), d = %d: %lld ms", full->train.size(), fullPc->imageCount,
                  full->train.dim(), static_cast<long long>(timer.elapsed()));
        }
        {
            core::PcaOptions po;
            po.components = 2;
            auto pc = core::computePca(data->train, po);
            QVERIFY(pc.ok());
            PcaView w;
            w.resize(lecture);
            w.setComponents(*pc);
            w.setTrainingImages(data->train);
            w.setTrajectory(run->times, run->trajectory);
            std::vector<int> classes;
            for (Eigen::Index i = 0; i < run->end.rows(); ++i)
                classes.push_back(core::nearestImage(run->end.row(i), data->train)->label);
            w.setSampleClasses(classes);
            w.setSelectedSample(9);
            w.setTime(0.7);
            save(w, "pca.png");
        }
        {
            InpaintPanel w;
            w.resize(lecture);
            w.setField(field, in, QString::fromStdString(field->label()));
            w.setTestImages(std::make_shared<const core::ImageDataset>(data->test));
            w.selectImage(4);
            w.holeCentre(0.5);
            QSignalSpy done(&w, &InpaintPanel::finished);
            w.start();
            QVERIFY(done.wait(kTimeoutMs));
            save(w, "inpaint.png");
        }
        {
            LatentMorphPanel w;
            w.resize(lecture);
            w.setField(field, in, QString::fromStdString(field->label()), true);
            w.setImages(std::make_shared<const core::ImageDataset>(data->train));
            w.setPair(0, 1);
            QSignalSpy done(&w, &LatentMorphPanel::computed);
            w.compute();
            QVERIFY(done.wait(kTimeoutMs));
            w.slider()->setValue(4);
            save(w, "morph.png");
        }
    }
};

QTEST_MAIN(ImagesToolsTest)
#include "images_tools_test.moc"
