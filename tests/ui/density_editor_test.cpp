// The density editor: brush, fill/clear, undo/redo restores the exact raster, the conversion
// into a density and the refusal of an empty drawing.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "scene/density_spec.hpp"
#include "main/density_editor.hpp"

using namespace flowlab::ui;

class DensityEditorTest : public QObject {
    Q_OBJECT
private slots:
    void dab_addsMassInsideTheRadiusOnly() {
        DensityDrawing d;
        BrushOptions b;
        b.radius = 1.0;
        b.softness = 0.0;
        b.strength = 1.0;
        QVERIFY(d.dab(QPointF(2.0, 3.0), b));
        const flowlab::core::Raster& r = d.raster();
        for (int row = 0; row < r.height; ++row)
            for (int col = 0; col < r.width; ++col) {
                const double dist = std::hypot(r.cellX(col) - 2.0, r.cellY(row) - 3.0);
                if (dist > 1.0) QCOMPARE(r.at(col, row), 0.0);
                else QCOMPARE(r.at(col, row), 1.0);
            }
        const auto com = r.centreOfMass();
        constexpr double kCellTolerance = 0.15;  // about one cell (12/96 = 0.125)
        QVERIFY(std::abs(com(0) - 2.0) < kCellTolerance);
        QVERIFY(std::abs(com(1) - 3.0) < kCellTolerance);
        b.erase = true;
        QVERIFY(d.dab(QPointF(2.0, 3.0), b));
        QVERIFY(d.raster().isEmpty());
    }

    void undoRedo_restoresTheExactRaster() {
        QTemporaryDir dir;
        DensityEditor e(dir.path());
        const flowlab::core::Raster blank = e.drawing().raster();
        e.beginStroke(QPointF(-2, 0));
        e.continueStroke(QPointF(2, 1));
        e.endStroke();
        const flowlab::core::Raster afterStroke = e.drawing().raster();
        QVERIFY(afterStroke.values != blank.values);
        e.brush().erase = true;
        e.beginStroke(QPointF(0, 0.5));
        e.endStroke();
        const flowlab::core::Raster afterErase = e.drawing().raster();
        QVERIFY(afterErase.values != afterStroke.values);
        e.fill();
        const flowlab::core::Raster afterFill = e.drawing().raster();
        e.clear();
        QCOMPARE(e.undoStack()->count(), 4);

        e.undoStack()->undo();
        QVERIFY(e.drawing().raster().values == afterFill.values);
        e.undoStack()->undo();
        QVERIFY(e.drawing().raster().values == afterErase.values);
        e.undoStack()->undo();
        QVERIFY(e.drawing().raster().values == afterStroke.values);
        e.undoStack()->undo();
        QVERIFY(e.drawing().raster().values == blank.values);
        e.undoStack()->redo();
        QVERIFY(e.drawing().raster().values == afterStroke.values);
        e.undoStack()->redo();
        QVERIFY(e.drawing().raster().values == afterErase.values);
    }

    void drawing_becomesADensity_whereItWasPainted() {
        QTemporaryDir dir;
        DensityEditor e(dir.path());
        e.setRole(DensityRole::Base);
        QSignalSpy ready(&e, &DensityEditor::densityReady);
        QElapsedTimer clock;
        clock.start();
        e.beginStroke(QPointF(3, -3));
        e.endStroke();
        QVERIFY(ready.wait(10000));
        qInfo("stroke → density in %lld ms (debounce %d ms)", clock.elapsed(), DensityEditor::kDebounceMs);
        QCOMPARE(ready.first().at(0).value<DensityRole>(), DensityRole::Base);
        const QString spec = ready.first().at(1).toString();
        QVERIFY(spec.endsWith(QStringLiteral("#base")));
        QVERIFY(ready.first().at(2).toInt() > 0);
        auto m = flowlab::core::resolveDensitySpec(spec.toStdString());
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        constexpr double kTolerance = 0.2;
        QVERIFY(std::abs(m->mean()(0) - 3.0) < kTolerance);
        QVERIFY(std::abs(m->mean()(1) + 3.0) < kTolerance);
    }

    void emptyDrawing_isRefused() {
        QTemporaryDir dir;
        DensityEditor e(dir.path());
        QSignalSpy refused(&e, &DensityEditor::refused);
        QSignalSpy ready(&e, &DensityEditor::densityReady);
        e.clear();
        QVERIFY(refused.wait(5000));
        QVERIFY(refused.first().at(0).toString().contains(QStringLiteral("empty")));
        QCOMPARE(ready.count(), 0);
    }
};

QTEST_MAIN(DensityEditorTest)
#include "density_editor_test.moc"
