// The density editor: brush, fill/clear, undo/redo restores the exact raster, the conversion
// into a density and the refusal of an empty drawing.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "scene/density_spec.hpp"
#include "scene/scene.hpp"
#include "main/density_editor.hpp"
#include "state/drawing_files.hpp"

using namespace flowlab::ui;

namespace {

/// Older than the grace period for other sessions' files.
constexpr qint64 kStaleAgeSeconds = 2 * DrawingFiles::kForeignGraceSeconds;

QString touch(const QString& path, qint64 ageSeconds = 0) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write("{}");
    f.flush();  // a later flush would set the time again
    f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds), QFileDevice::FileModificationTime);
    f.close();
    return QFileInfo(path).absoluteFilePath();
}

}  // namespace

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

    void drawingFiles_ofEarlierSessions_areRemovedUnlessUsedOrRecent() {
        QTemporaryDir dir;
        const QString stale = touch(dir.filePath(QStringLiteral("drawing-target-old1-3.json")), kStaleAgeSeconds);
        const QString legacy = touch(dir.filePath(QStringLiteral("drawing-12.json")), kStaleAgeSeconds);
        const QString used = touch(dir.filePath(QStringLiteral("drawing-base-old1-2.json")), kStaleAgeSeconds);
        const QString recent = touch(dir.filePath(QStringLiteral("drawing-target-other-1.json")));
        const QString unrelated = touch(dir.filePath(QStringLiteral("notes.json")), kStaleAgeSeconds);
        const QString mine = touch(dir.filePath(QStringLiteral("drawing-base-me-1.json")));
        DrawingFiles files(dir.path(), QStringLiteral("me"));
        const QStringList deleted = files.prune({QStringLiteral("scene:%1#base").arg(used)});
        QCOMPARE(deleted.size(), 3);
        for (const QString& gone : {stale, legacy, mine}) QVERIFY2(!QFile::exists(gone), qPrintable(gone));
        for (const QString& kept : {used, recent, unrelated}) QVERIFY2(QFile::exists(kept), qPrintable(kept));
        // New names carry the role and the session, and never repeat.
        const QString a = files.nextPath(DensityRole::Target), b = files.nextPath(DensityRole::Target);
        QVERIFY(a != b);
        QVERIFY(QFileInfo(a).fileName().startsWith(QStringLiteral("drawing-target-me-")));
        QVERIFY(DrawingFiles::isDrawingFile(QFileInfo(a).fileName()));
    }

    void conversions_keepOnlyTheDrawingInUse() {
        QTemporaryDir dir;
        DensityEditor e(dir.path());
        QString shown = QStringLiteral("8gaussians");
        DensityEditor::DensityLookup lookup;
        lookup.spec = [&shown](DensityRole role) { return role == DensityRole::Target ? shown : QStringLiteral("gaussian"); };
        e.setDensityLookup(lookup);
        QSignalSpy ready(&e, &DensityEditor::densityReady);
        for (int i = 0; i < 3; ++i) {
            e.beginStroke(QPointF(-3.0 + 2.0 * i, 1.0));
            e.endStroke();
            QVERIFY(ready.wait(10000));
            // The window applies the new SPEC, then prunes.
            shown = ready.last().at(1).toString();
            e.pruneFiles();
        }
        const QStringList left = QDir(dir.path()).entryList({QStringLiteral("drawing-*.json")}, QDir::Files);
        QCOMPARE(left.size(), 1);
        QVERIFY(shown.contains(left.first()));
        // The file holds the drawing as a raster, which reads back exactly.
        auto scene = flowlab::core::loadSceneFile(dir.filePath(left.first()).toStdString());
        QVERIFY(scene.ok());
        QCOMPARE(int(scene->target.kind), int(flowlab::core::DensitySource::Kind::Raster));
        QVERIFY(scene->target.raster.values == e.drawing().raster().values);
    }
};

QTEST_MAIN(DensityEditorTest)
#include "density_editor_test.moc"
