// The density editor in the window: painting on the plane replaces the chosen density, undo
// goes back, an empty drawing leaves the previous density; the plane shows the drawing while it
// is painted; a drawing starts from the density shown; a saved drawing reopens as the same raster.
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "density/presets.hpp"
#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/brush_panel.hpp"
#include "state/drawing_files.hpp"
#include "scene/scene.hpp"
#include "view/frame_renderer.hpp"
#include "plane/plane_view.hpp"

using namespace flowlab::ui;

namespace {

/// A seeded cell brighter than this is "bright"; the 8gaussians components (σ = 0.5) reach it
/// within about 0.6 of their means.
constexpr double kBright = 0.5;
/// Bright cells lie within this distance of a component mean of 8gaussians.
constexpr double kNearMean = 1.0;

/// Makes a file look as old as `ageSeconds` (without changing its content).
bool age(const QString& path, qint64 ageSeconds) {
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite)) return false;
    return f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds), QFileDevice::FileModificationTime);
}

/// The raster cell under a point of the plane.
QPoint cellAt(const flowlab::core::Raster& r, QPointF world) {
    return {int((world.x() - r.xMin) / r.cellWidth()), int((r.yMax - world.y()) / r.cellHeight())};
}

}  // namespace

class DensityEditorWindowTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) {
        MainWindowOptions o;
        o.settingsPath = m_dir.filePath(name + QStringLiteral(".ini"));
        o.restoreSettings = false;
        o.autoplay = false;
        o.askUnsaved = [](const QString&) { return QMessageBox::Discard; };
        o.showError = [](const QString&, const QString&) {};
        return o;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void paintingOnThePlane_replacesTheTarget_andAnEmptyDrawingKeepsIt() {
        MainWindow w(options(QStringLiteral("paint")));
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const std::string before = w.controller().settings().scene.target.spec;
        w.brushPanel().paint(DensityRole::Target);
        const QPoint c = w.view().rect().center();
        QTest::mousePress(&w.view(), Qt::LeftButton, {}, c);
        QTest::mouseMove(&w.view(), c + QPoint(60, 0));
        QTest::mouseRelease(&w.view(), Qt::LeftButton, {}, c + QPoint(60, 0));
        QCOMPARE(w.densityEditor().undoStack()->count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.target.spec != before, 10000);
        const QString painted = QString::fromStdString(w.controller().settings().scene.target.spec);
        QVERIFY(painted.endsWith(QStringLiteral("#target")));
        // Painting did not pan the camera.
        QCOMPARE(w.controller().settings().view.camera, Camera{});
        // Clear: an empty drawing is refused and the painted density stays.
        QSignalSpy refused(&w.densityEditor(), &DensityEditor::refused);
        w.densityEditor().clear();
        QVERIFY(refused.wait(5000));
        QCOMPARE(QString::fromStdString(w.controller().settings().scene.target.spec), painted);
        // Undo the clear: the stroke comes back and becomes a density again.
        w.densityEditor().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(QString::fromStdString(w.controller().settings().scene.target.spec) != painted, 10000);
        QVERIFY(!w.densityEditor().drawing().raster().isEmpty());
    }

    void paintingShowsTheDrawing_onEachDab_beforeTheConversion() {
        MainWindow w(options(QStringLiteral("overlay")));
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.view().frame().drawing);  // not painting: no overlay
        // FLOWLAB_TEST_SCREENSHOT=/path.png also saves the window while painting (after the
        // first simulation, so the picture shows particles under the drawing).
        const QString screenshot = qEnvironmentVariable("FLOWLAB_TEST_SCREENSHOT");
        if (!screenshot.isEmpty()) QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(0.5); }, 60000));
        w.brushPanel().paint(DensityRole::Target);
        QVERIFY(w.view().frame().drawing);
        const std::string spec = w.controller().settings().scene.target.spec;
        const FrameData before = w.view().frame();
        // One dab, at the origin (where 8gaussians, hence the starting drawing, is empty).
        const QPoint c = w.view().rect().center();
        QTest::mousePress(&w.view(), Qt::LeftButton, {}, c);
        const FrameData afterDab = w.view().frame();
        QVERIFY(afterDab.drawing && afterDab.drawing != before.drawing);
        QCOMPARE(w.controller().settings().scene.target.spec, spec);  // not converted yet
        // The same frame rendered with the drawing before and after the dab: pixels differ under
        // the brush and nowhere far from it.
        FrameData now = afterDab;
        FrameData old = now;
        old.drawing = before.drawing;
        FrameRenderer renderer;
        const QImage a = renderer.renderImage(w.view().size(), old);
        const QImage b = renderer.renderImage(w.view().size(), now);
        QVERIFY(a.pixel(c) != b.pixel(c));
        const QPoint far = c + QPoint(0, w.view().height() / 3);
        QCOMPARE(a.pixel(far), b.pixel(far));
        // Dragging adds dabs: the overlay follows without waiting for the conversion.
        QTest::mouseMove(&w.view(), c + QPoint(80, 0));
        const FrameData afterMove = w.view().frame();
        QVERIFY(afterMove.drawing != afterDab.drawing);
        const QImage m = renderer.renderImage(w.view().size(), afterMove);
        QVERIFY(m.pixel(c + QPoint(80, 0)) != b.pixel(c + QPoint(80, 0)));
        QCOMPARE(w.controller().settings().scene.target.spec, spec);
        if (!screenshot.isEmpty()) QVERIFY(w.grab().save(screenshot));
        QTest::mouseRelease(&w.view(), Qt::LeftButton, {}, c + QPoint(80, 0));
        // Stopping painting hides it.
        w.brushPanel().stopPainting();
        QVERIFY(!w.view().frame().drawing);
    }

    void startingToPaint_startsFromTheShownDensity_andUndoComesBackToIt() {
        MainWindow w(options(QStringLiteral("seed")));
        QCOMPARE(w.controller().settings().scene.target.spec, std::string("8gaussians"));
        w.brushPanel().paint(DensityRole::Target);
        const flowlab::core::Raster seed = w.densityEditor().drawing(DensityRole::Target).raster();
        QVERIFY(!seed.isEmpty());
        // Bright cells sit on the components of 8gaussians, and every component is bright.
        auto eight = flowlab::core::makePreset("8gaussians");
        QVERIFY(eight.ok());
        int bright = 0;
        for (int row = 0; row < seed.height; ++row)
            for (int col = 0; col < seed.width; ++col) {
                if (seed.at(col, row) <= kBright) continue;
                ++bright;
                double nearest = 1e9;
                for (const auto& comp : eight->components())
                    nearest = std::min(nearest, std::hypot(seed.cellX(col) - comp.mean(0), seed.cellY(row) - comp.mean(1)));
                QVERIFY2(nearest < kNearMean, qPrintable(QStringLiteral("bright cell %1,%2").arg(col).arg(row)));
            }
        QVERIFY(bright > 0);
        for (const auto& comp : eight->components()) {
            const QPoint cell = cellAt(seed, QPointF(comp.mean(0), comp.mean(1)));
            QVERIFY(seed.at(cell.x(), cell.y()) > kBright);
        }
        const QPoint origin = cellAt(seed, QPointF(0.0, 0.0));
        QCOMPARE(seed.at(origin.x(), origin.y()), 0.0);
        // The base N(0, I) starts bright at the origin instead.
        w.brushPanel().paint(DensityRole::Base);
        const flowlab::core::Raster baseSeed = w.densityEditor().drawing(DensityRole::Base).raster();
        QVERIFY(baseSeed.at(origin.x(), origin.y()) > 0.9);
        // Paint the target, undo: back to the starting drawing, not to a blank one.
        w.brushPanel().paint(DensityRole::Target);
        w.densityEditor().beginStroke(QPointF(0.0, 0.0));
        w.densityEditor().endStroke();
        QVERIFY(w.densityEditor().drawing(DensityRole::Target).raster().values != seed.values);
        w.densityEditor().undoStack()->undo();
        QVERIFY(w.densityEditor().drawing(DensityRole::Target).raster().values == seed.values);
        // Switching roles keeps each drawing.
        QVERIFY(w.densityEditor().drawing(DensityRole::Base).raster().values == baseSeed.values);
    }

    void savedDrawing_reopensAsTheSameRaster_andTheEditorContinuesFromIt() {
        const QString path = m_dir.filePath(QStringLiteral("drawn.json"));
        flowlab::core::Raster drawn;
        {
            MainWindow w(options(QStringLiteral("save")));
            const std::string before = w.controller().settings().scene.target.spec;
            w.brushPanel().paint(DensityRole::Target);
            w.densityEditor().beginStroke(QPointF(-1.0, 2.0));
            w.densityEditor().continueStroke(QPointF(1.5, -0.5));
            w.densityEditor().endStroke();
            QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.target.spec != before, 10000);
            drawn = w.densityEditor().drawing(DensityRole::Target).raster();
            QVERIFY(w.saveScene(path));
        }
        // The file holds the raster, not its mixture, exactly.
        auto scene = flowlab::core::loadSceneFile(path.toStdString());
        QVERIFY2(scene.ok(), scene.ok() ? "" : scene.message().c_str());
        QCOMPARE(int(scene->target.kind), int(flowlab::core::DensitySource::Kind::Raster));
        QCOMPARE(scene->target.raster.width, drawn.width);
        QCOMPARE(scene->target.raster.height, drawn.height);
        QCOMPARE(scene->target.raster.xMin, drawn.xMin);
        QCOMPARE(scene->target.raster.yMax, drawn.yMax);
        QVERIFY(scene->target.raster.values == drawn.values);
        QCOMPARE(int(scene->base.kind), int(flowlab::core::DensitySource::Kind::Spec));
        // A fresh window opens it, and painting the target continues from the same raster.
        MainWindow fresh(options(QStringLiteral("reopen")));
        QVERIFY(fresh.openScene(path));
        fresh.brushPanel().paint(DensityRole::Target);
        QVERIFY(fresh.densityEditor().drawing(DensityRole::Target).raster().values == drawn.values);
        QCOMPARE(fresh.densityEditor().drawing(DensityRole::Target).raster().xMax, drawn.xMax);
    }

    void openingASceneRightAfterAStroke_keepsTheOpenedDensities() {
        const QString path = m_dir.filePath(QStringLiteral("moons.json"));
        {
            MainWindow other(options(QStringLiteral("moons-writer")));
            ExplorerSettings s = other.controller().settings();
            s.scene.target = flowlab::core::DensitySource::fromSpec("moons");
            QVERIFY(other.applySettings(s));
            QVERIFY(other.saveScene(path));
        }
        MainWindow w(options(QStringLiteral("late-stroke")));
        w.brushPanel().paint(DensityRole::Target);
        w.densityEditor().beginStroke(QPointF(-1.0, 2.0));
        w.densityEditor().continueStroke(QPointF(1.5, -0.5));
        w.densityEditor().endStroke();
        // Within the debounce: the stroke has not become a density yet when the scene opens.
        QVERIFY(w.openScene(path));
        QCOMPARE(w.controller().settings().scene.target.spec, std::string("moons"));
        // Well after the debounce and any conversion, the opened target is still there.
        QTest::qWait(4 * DensityEditor::kDebounceMs + 500);
        QCOMPARE(w.controller().settings().scene.target.spec, std::string("moons"));
    }

    void startUp_removesOldDrawingsThatNoSceneUses() {
        const QString folder =
            QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("drawings"));
        QVERIFY(QDir().mkpath(folder));
        // Two drawings of an earlier session: the scene the window starts with uses one of them.
        flowlab::core::Scene drawing;
        flowlab::core::Raster r = flowlab::core::Raster::zeros(8, 8);
        r.at(2, 3) = 1.0;
        drawing.base = flowlab::core::DensitySource::fromRaster(r);
        drawing.target = drawing.base;
        const QString used = QDir(folder).filePath(QStringLiteral("drawing-target-earlier-1.json"));
        const QString unused = QDir(folder).filePath(QStringLiteral("drawing-target-earlier-2.json"));
        for (const QString& path : {used, unused}) {
            QVERIFY(flowlab::core::saveSceneFile(drawing, path.toStdString()));
            QVERIFY(age(path, 2 * DrawingFiles::kForeignGraceSeconds));
        }
        MainWindowOptions o = options(QStringLiteral("prune"));
        ExplorerSettings s;
        s.scene.target = flowlab::core::DensitySource::fromSpec(QStringLiteral("scene:%1#target").arg(used).toStdString());
        o.initialSettings = s;
        MainWindow w(o);
        QCOMPARE(w.controller().settings().scene.target.spec, s.scene.target.spec);
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(unused), 5000);
        QVERIFY(QFile::exists(used));
    }
};

QTEST_MAIN(DensityEditorWindowTest)
#include "density_editor_window_test.moc"
