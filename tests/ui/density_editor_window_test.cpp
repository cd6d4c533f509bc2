// The density editor in the window: painting on the plane replaces the chosen density, undo
// goes back, an empty drawing leaves the previous density.
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/brush_panel.hpp"
#include "view/plane_view.hpp"

using namespace flowlab::ui;

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
        const QString before = w.controller().settings().scene.targetSpec;
        w.brushPanel().paint(DensityRole::Target);
        const QPoint c = w.view().rect().center();
        QTest::mousePress(&w.view(), Qt::LeftButton, {}, c);
        QTest::mouseMove(&w.view(), c + QPoint(60, 0));
        QTest::mouseRelease(&w.view(), Qt::LeftButton, {}, c + QPoint(60, 0));
        QCOMPARE(w.densityEditor().undoStack()->count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.targetSpec != before, 10000);
        const QString painted = w.controller().settings().scene.targetSpec;
        QVERIFY(painted.endsWith(QStringLiteral("#target")));
        // Painting did not pan the camera.
        QCOMPARE(w.controller().settings().view.camera, Camera{});
        // Clear: an empty drawing is refused and the painted density stays.
        QSignalSpy refused(&w.densityEditor(), &DensityEditor::refused);
        w.densityEditor().clear();
        QVERIFY(refused.wait(5000));
        QCOMPARE(w.controller().settings().scene.targetSpec, painted);
        // Undo the clear: the stroke comes back and becomes a density again.
        w.densityEditor().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller().settings().scene.targetSpec != painted, 10000);
        QVERIFY(!w.densityEditor().drawing().raster().isEmpty());
    }
};

QTEST_MAIN(DensityEditorWindowTest)
#include "density_editor_window_test.moc"
