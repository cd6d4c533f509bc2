// Images as densities in the explorer window: drag-and-drop, the SPEC, previews, corrupt files.
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "panel/brush_panel.hpp"
#include "panel/density_panel.hpp"
#include "panel/image_import_dialog.hpp"
#include "scene/scene.hpp"
#include "state/image_import.hpp"

using namespace flowlab::ui;

namespace {

/// A black picture with a white disc in its upper-left quadrant.
QString writeDiscPng(const QString& path, QSize size) {
    QImage img(size, QImage::Format_RGB32);
    img.fill(Qt::black);
    QPainter p(&img);
    p.setBrush(Qt::white);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRectF(size.width() * 0.1, size.height() * 0.1, size.width() * 0.3, size.height() * 0.3));
    p.end();
    img.save(path, "PNG");
    return path;
}

}  // namespace

class ImageImportTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_errors;
    int m_dialogs = 0;
    DensityRole m_proposedRole = DensityRole::Target;

    /// Drags `path` onto the window and drops it, as a file manager does.
    static void dropFile(MainWindow& w, const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint pos = w.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
    }

    MainWindowOptions options(const QString& name) {
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(name + QStringLiteral(".ini"));
        o.restoreSettings = false;
        o.autoplay = false;
        o.askUnsaved = [](const QString&) { return QMessageBox::Discard; };
        o.showError = [this](const QString&, const QString& message) { m_errors.push_back(message); };
        o.chooseImageImport = [this](const ImageImport& proposed) -> std::optional<ImageImport> {
            ++m_dialogs;
            m_proposedRole = proposed.role;
            return proposed;
        };
        return o;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void init() {
        m_errors.clear();
        m_dialogs = 0;
    }

    void dropImageFile_onTheWindow_loadsItAsTheTarget() {
        const QString png = writeDiscPng(m_dir.filePath(QStringLiteral("disc.png")), QSize(96, 96));
        MainWindow w(options(QStringLiteral("drop")));
        w.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(png)});
        const QPoint pos = w.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(m_dialogs, 1);
        QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(QLatin1Char('\n'))));
        const QString spec = QString::fromStdString(w.controller().settings().scene.target.spec);
        QVERIFY(spec.startsWith(QStringLiteral("image:")));
        QVERIFY(spec.contains(QStringLiteral("disc.png")));
        QVERIFY(w.document().isModified());
        // The density sits where the picture is bright: the disc is up and to the left.
        auto mixture = flowlab::core::DensitySource::fromSpec(spec.toStdString()).resolve();
        QVERIFY(mixture.ok());
        QVERIFY(mixture->mean()(0) < 0.0);
        QVERIFY(mixture->mean()(1) > 0.0);
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(0.5); }, 60000));
    }

    void dropImageFile_goesToTheDensityChosenInThePanel_orToTheOneBeingPainted() {
        const QString png = writeDiscPng(m_dir.filePath(QStringLiteral("chosen.png")), QSize(64, 64));
        MainWindow w(options(QStringLiteral("droprole")));
        w.show();
        QCOMPARE(int(w.densityPanel().chosenRole()), int(DensityRole::Target));
        // The user clicks into the base box of the Densities panel: drops now propose the base.
        const QList<QComboBox*> boxes = w.densityPanel().findChildren<QComboBox*>();
        QCOMPARE(boxes.size(), 2);
        QComboBox* baseBox = boxes.first()->toolTip().startsWith(QStringLiteral("ρ₀")) ? boxes.first() : boxes.last();
        QTest::mousePress(baseBox, Qt::LeftButton);
        QTest::mouseRelease(baseBox, Qt::LeftButton);
        baseBox->hidePopup();
        QCOMPARE(int(w.densityPanel().chosenRole()), int(DensityRole::Base));
        const std::string target = w.controller().settings().scene.target.spec;
        dropFile(w, png);
        QCOMPARE(m_dialogs, 1);
        QCOMPARE(int(m_proposedRole), int(DensityRole::Base));
        QVERIFY(QString::fromStdString(w.controller().settings().scene.base.spec).startsWith(QStringLiteral("image:")));
        QCOMPARE(w.controller().settings().scene.target.spec, target);
        // While the editor paints the target, a drop proposes the target whatever the panel says.
        w.brushPanel().paint(DensityRole::Target);
        dropFile(w, png);
        QCOMPARE(m_dialogs, 2);
        QCOMPARE(int(m_proposedRole), int(DensityRole::Target));
        QVERIFY(QString::fromStdString(w.controller().settings().scene.target.spec).startsWith(QStringLiteral("image:")));
    }

    void dropOfANonImage_isIgnored() {
        const QString txt = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(txt);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
        f.close();
        MainWindow w(options(QStringLiteral("nonimage")));
        const std::string before = w.controller().settings().scene.target.spec;
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(txt)});
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(m_dialogs, 0);
        QCOMPARE(w.controller().settings().scene.target.spec, before);
    }

    void corruptImage_isReported_andNothingChanges() {
        const QString bad = m_dir.filePath(QStringLiteral("corrupt.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\nthis is not really a png at all");
        f.close();
        MainWindow w(options(QStringLiteral("corrupt")));
        const ExplorerSettings before = w.controller().settings();
        QVERIFY(!w.importImageFile(bad, DensityRole::Base));
        QCOMPARE(m_dialogs, 0);
        QCOMPARE(m_errors.size(), 1);
        QVERIFY(m_errors.first().contains(QStringLiteral("corrupt.png")));
        QVERIFY(w.controller().settings().scene == before.scene);
        QVERIFY(!w.document().isModified());
    }

    void blackImage_givesNoDensity_andIsRefused() {
        QImage black(32, 32, QImage::Format_RGB32);
        black.fill(Qt::black);
        const QString path = m_dir.filePath(QStringLiteral("black.png"));
        QVERIFY(black.save(path, "PNG"));
        MainWindow w(options(QStringLiteral("black")));
        const ExplorerSettings before = w.controller().settings();
        QVERIFY(!w.importImageFile(path, DensityRole::Target));
        QCOMPARE(m_errors.size(), 1);
        QVERIFY(w.controller().settings().scene == before.scene);
    }

    void largeImage_isDownsampled_withTheCountsReported() {
        const QString png = writeDiscPng(m_dir.filePath(QStringLiteral("large.png")), QSize(900, 600));
        ImageImport i;
        i.path = png;
        auto p = previewImage(i);
        QVERIFY(p.ok());
        QVERIFY(p->downsampled);
        QCOMPARE(p->sourceWidth, 900);
        QVERIFY(p->components > 0);
        QVERIFY(p->components <= 256);  // the default cap of rasterToMixture
        QVERIFY(p->approximationError >= 0.0);
        QCOMPARE(p->raster.width(), i.options.rasterCells);
    }

    void imageSpec_readsBackTheSameOptions() {
        ImageImport i;
        i.path = m_dir.filePath(QStringLiteral("x.png"));
        i.options.weight = flowlab::core::ImageDensityOptions::Weight::Alpha;
        i.options.invert = true;
        i.options.contrast = 1.7;
        i.options.threshold = 0.2;
        i.options.centerX = -1.5;
        i.options.centerY = 2.25;
        i.options.halfExtent = 3.0;
        const QString spec = imageSpec(i);
        flowlab::core::ImageDensityOptions o;
        auto file = flowlab::core::parseImageSpec(spec.mid(6).toStdString(), o);
        QVERIFY2(file.ok(), file.ok() ? "" : file.message().c_str());
        QCOMPARE(QString::fromStdString(*file), QFileInfo(i.path).absoluteFilePath());
        QCOMPARE(int(o.weight), int(i.options.weight));
        QCOMPARE(o.invert, true);
        QCOMPARE(o.contrast, 1.7);
        QCOMPARE(o.threshold, 0.2);
        QCOMPARE(o.centerX, -1.5);
        QCOMPARE(o.centerY, 2.25);
        QCOMPARE(o.halfExtent, 3.0);
    }

    void dialog_previewsTheImage_andReturnsTheChosenOptions() {
        const QString png = writeDiscPng(m_dir.filePath(QStringLiteral("dialog.png")), QSize(64, 64));
        ImageImport i;
        i.path = png;
        i.role = DensityRole::Base;
        ImageImportDialog d(i);
        QVERIFY(d.previewOk());
        QCOMPARE(int(d.import().role), int(DensityRole::Base));
        QCOMPARE(d.import().path, png);
    }
};

QTEST_MAIN(ImageImportTest)
#include "image_import_test.moc"
