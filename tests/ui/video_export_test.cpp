// Export from the GUI: the export job runs on its own thread with progress, Cancel leaves no
// file, and the dialog's choices become the render options.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QStandardItemModel>
#include <QComboBox>
#include <QLineEdit>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "export/video_export_job.hpp"
#include "main/export_dialog.hpp"

using namespace flowlab::ui;

namespace {

constexpr int kExportTimeoutMs = 120000;

ExplorerSettings smallScene() {
    ExplorerSettings s;
    s.scene.particles = 500;
    s.scene.steps = 20;
    s.scene.seed = 5;
    return s;
}

VideoRenderOptions smallVideo(double seconds) {
    VideoRenderOptions o;
    o.size = QSize(160, 96);
    o.timeline.fps = 10;
    o.timeline.seconds = seconds;
    return o;
}

}  // namespace

class VideoExportTest : public QObject {
    Q_OBJECT
private slots:
    void smallExport_writesTheFileAndReportsProgress() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.mp4"));
        VideoExportJob job(smallScene(), smallVideo(1.0), path);
        QSignalSpy progress(&job, &VideoExportJob::progress);
        QSignalSpy finished(&job, &VideoExportJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kExportTimeoutMs);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(QFile::exists(path));
        QVERIFY(QFile(path).size() > 0);
        int rendered = 0;
        for (const auto& args : progress)
            if (args.at(0).toInt() == int(VideoRenderStage::Rendering)) ++rendered;
        QCOMPARE(rendered, 10);  // one report per frame
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void cancel_leavesNoFileAndSaysCancelled() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.mp4"));
        VideoExportJob job(smallScene(), smallVideo(60.0), path);  // 600 frames: long enough to cancel
        QSignalSpy finished(&job, &VideoExportJob::finished);
        bool cancelled = false;
        connect(&job, &VideoExportJob::progress, this, [&](int stage, int done, int) {
            if (stage == int(VideoRenderStage::Rendering) && done >= 3 && !cancelled) {
                cancelled = true;
                job.cancel();  // from the GUI thread, as the progress dialog's Cancel does
            }
        });
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kExportTimeoutMs);
        QVERIFY(cancelled);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(!QFile::exists(path));
        QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
    }

    void unwritablePath_failsWithAReason() {
        VideoExportJob job(smallScene(), smallVideo(1.0), QStringLiteral("/nonexistent-flowlab-dir/a.mp4"));
        QSignalSpy finished(&job, &VideoExportJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kExportTimeoutMs);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("cannot write")));
    }

    void dialog_choicesBecomeOptions_andEveryControlHasATooltip() {
        ExportDialog dialog(smallScene());
        auto combos = dialog.findChildren<QComboBox*>();
        QCOMPARE(combos.size(), 5);  // format, resolution, fps, direction, what
        combos[1]->setCurrentIndex(1);  // 1080p
        combos[0]->setCurrentIndex(2);  // GIF
        const VideoRenderOptions o = dialog.options();
        QCOMPARE(o.size, QSize(1920, 1080));
        QVERIFY(dialog.path().endsWith(QStringLiteral(".gif")));
        combos[3]->setCurrentIndex(1);
        QCOMPARE(int(dialog.settings().scene.direction), int(Direction::Encode));
        for (QWidget* w : dialog.findChildren<QWidget*>()) {
            if (qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QAbstractButton*>(w) ||
                qobject_cast<QLineEdit*>(w))
                QVERIFY2(!w->toolTip().isEmpty() || w->objectName().startsWith(QStringLiteral("qt_")),
                             qPrintable(QStringLiteral("%1 has no tooltip").arg(w->metaObject()->className())));
        }
    }

    void dialog_overlayCheckboxesBecomeOptions() {
        ExportDialog dialog(smallScene());
        auto* title = dialog.findChild<QCheckBox*>(QStringLiteral("overlayTitle"));
        auto* time = dialog.findChild<QCheckBox*>(QStringLiteral("overlayTime"));
        auto* formula = dialog.findChild<QCheckBox*>(QStringLiteral("overlayFormula"));
        auto* legend = dialog.findChild<QCheckBox*>(QStringLiteral("overlayLegend"));
        QVERIFY(title && time && formula && legend);
        QVERIFY(title->isChecked() && time->isChecked() && formula->isChecked() && legend->isChecked());
        title->setChecked(false);
        legend->setChecked(false);
        OverlayVisibility o = dialog.options().overlays;
        QVERIFY(!o.title && o.time && o.formula && !o.legend);
        QVERIFY(dialog.settings().view.layers.legend);
        time->setChecked(false);
        formula->setChecked(false);
        QVERIFY(!dialog.settings().view.layers.legend);  // nothing left to draw
        for (QCheckBox* c : {title, time, formula, legend}) QVERIFY(!c->toolTip().isEmpty());
    }

    void dialog_offersSvgStills() {
        ExportDialog dialog(smallScene());
        auto* format = dialog.findChildren<QComboBox*>().at(0);
        const int svg = format->findText(QStringLiteral("SVG still (vector)"));
        QVERIFY(svg >= 0);
        format->setCurrentIndex(svg);
        QVERIFY(dialog.path().endsWith(QStringLiteral(".svg")));
    }

    void dialog_imageScene_offersTheFilmstripAsAPngStill_andThePcaView() {
        ExplorerSettings images;
        images.scene.kind = flowlab::core::SceneKind::Images;
        images.scene.rows = 3;
        images.scene.columns = 3;
        ExportDialog dialog(images);
        auto* what = dialog.findChild<QComboBox*>(QStringLiteral("exportWhat"));
        auto* sample = dialog.findChild<QSpinBox*>(QStringLiteral("exportSample"));
        QVERIFY(what && sample);
        auto* model = qobject_cast<QStandardItemModel*>(what->model());
        QVERIFY(what->isEnabled() && model->item(2)->isEnabled() && model->item(3)->isEnabled());
        QCOMPARE(int(dialog.options().imageView), int(ImageView::Grid));
        QCOMPARE(sample->maximum(), 8);
        QVERIFY(!sample->toolTip().isEmpty());
        dialog.setImageSample(5);  // the inspected sample, as the window proposes it
        what->setCurrentIndex(2);
        QCOMPARE(int(dialog.options().imageView), int(ImageView::Filmstrip));
        QCOMPARE(dialog.options().imageSample, 5);
        QVERIFY(sample->isEnabled());
        QVERIFY2(dialog.path().endsWith(QStringLiteral(".png")), qPrintable(dialog.path()));
        auto* formats = qobject_cast<QStandardItemModel*>(dialog.findChildren<QComboBox*>().at(0)->model());
        QVERIFY(!formats->item(0)->isEnabled());  // MP4: a filmstrip is a still
        what->setCurrentIndex(3);
        QCOMPARE(int(dialog.options().imageView), int(ImageView::Pca));
        QVERIFY(!sample->isEnabled());
        QVERIFY(formats->item(0)->isEnabled());  // the PCA view moves with t
        // A 2D scene has neither.
        ExportDialog plane(smallScene());
        auto* planeModel = qobject_cast<QStandardItemModel*>(plane.findChild<QComboBox*>(QStringLiteral("exportWhat"))->model());
        QVERIFY(!planeModel->item(2)->isEnabled() && !planeModel->item(3)->isEnabled());
        QCOMPARE(int(plane.options().imageView), int(ImageView::Grid));
    }

    void dialog_compareLayoutChoice_isDisabledWithoutPanels() {
        ExportDialog dialog(smallScene());
        auto* what = dialog.findChild<QComboBox*>(QStringLiteral("exportWhat"));
        QVERIFY(what);
        QVERIFY(!what->isEnabled());
        QVERIFY(!dialog.exportsCompareLayout());
        QVERIFY(dialog.comparePanels().empty());
        auto* model = qobject_cast<QStandardItemModel*>(what->model());
        QVERIFY(model && !model->item(1)->isEnabled());

        dialog.setComparePanels(comparePanels(ComparePreset::OdeVsSde, smallScene().scene));
        QVERIFY(what->isEnabled());
        QVERIFY(model->item(1)->isEnabled());
        QVERIFY(dialog.exportsCompareLayout());
        // FLOWLAB_TEST_SCREENSHOT_DIALOG=/path.png saves the dialog as it looks now (for review).
        if (const QString shot = qEnvironmentVariable("FLOWLAB_TEST_SCREENSHOT_DIALOG"); !shot.isEmpty()) {
            dialog.show();
            QVERIFY(dialog.grab().save(shot));
        }
        dialog.findChildren<QComboBox*>().at(3)->setCurrentIndex(1);  // encode
        const auto panels = dialog.comparePanels();
        QCOMPARE(panels.size(), std::size_t(2));
        for (const auto& p : panels) QCOMPARE(int(p.scene.direction), int(Direction::Encode));
        what->setCurrentIndex(0);
        QVERIFY(!dialog.exportsCompareLayout());
        QVERIFY(dialog.comparePanels().empty());

        dialog.setComparePanels({});
        QVERIFY(!what->isEnabled());
        QVERIFY(!dialog.exportsCompareLayout());
    }

    void job_withComparePanels_rendersTheLayout() {
        QTemporaryDir dir;
        // A PNG still, so that the test can look at the picture: two cells side by side.
        VideoRenderOptions o = smallVideo(1.0);
        o.size = QSize(320, 96);
        o.stillT = 0.5;
        const auto run = [&](const QString& name, std::vector<ComparePanel> panels) {
            const QString path = dir.filePath(name);
            VideoExportJob job(smallScene(), o, path);
            job.setComparePanels(std::move(panels));
            QSignalSpy finished(&job, &VideoExportJob::finished);
            job.start();
            if (!QTest::qWaitFor([&] { return finished.count() == 1; }, kExportTimeoutMs)) return QImage();
            if (!finished.at(0).at(0).toBool()) qWarning() << finished.at(0).at(1).toString();
            return QImage(path);
        };
        const QImage single = run(QStringLiteral("single.png"), {});
        const QImage layout = run(QStringLiteral("layout.png"), comparePanels(ComparePreset::OdeVsSde, smallScene().scene));
        QVERIFY(!single.isNull() && !layout.isNull());
        QCOMPARE(layout.size(), QSize(320, 96));
        // Two cells of 160×96 drawn at their own scale are not the one 320×96 panel.
        QVERIFY(single != layout);
    }
};

QTEST_MAIN(VideoExportTest)
#include "video_export_test.moc"
