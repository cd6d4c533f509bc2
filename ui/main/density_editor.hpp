#pragma once

#include <QObject>
#include <QPointF>
#include <QString>

#include <atomic>
#include <memory>

#include "state/density_drawing.hpp"
#include "state/image_import.hpp"

class QTimer;
class QUndoStack;

namespace flowlab::ui {

/// The density editor's model: a drawing of the base or the target, brush strokes, fill and
/// clear with undo/redo (QUndoStack), and the conversion of the drawing into a density. After
/// each edit (debounced) the raster becomes a Gaussian mixture on a worker thread and is
/// written as a small scene file; `densityReady` then hands over its SPEC. An empty drawing is
/// refused (`refused`), so the previous density stays.
class DensityEditor : public QObject {
    Q_OBJECT
public:
    /// `folder` receives the converted drawings (scene files); it must exist.
    explicit DensityEditor(const QString& folder, QObject* parent = nullptr);
    ~DensityEditor() override;

    const DensityDrawing& drawing() const { return m_drawing; }
    QUndoStack* undoStack() const { return m_undo; }
    DensityRole role() const { return m_role; }
    void setRole(DensityRole role) { m_role = role; }
    BrushOptions& brush() { return m_brush; }

    void beginStroke(QPointF world);
    void continueStroke(QPointF world);
    void endStroke();
    /// Fills every cell with the brush strength (an undoable edit).
    void fill();
    /// Clears the drawing (an undoable edit).
    void clear();

    /// Converts now (normally debounced after an edit).
    void convertNow();

    static constexpr int kDebounceMs = 120;

signals:
    void drawingChanged();
    /// The drawing as a density: SPEC, components in use and approximation error.
    void densityReady(flowlab::ui::DensityRole role, const QString& spec, int components, double error);
    /// The drawing gives no density (e.g. it is empty); the message says why.
    void refused(const QString& message);

private:
    void setRaster(const core::Raster& raster);
    void pushEdit(const QString& text, const core::Raster& before);

    QString m_folder;
    DensityDrawing m_drawing;
    core::Raster m_strokeStart;
    bool m_stroking = false;
    QPointF m_last;
    DensityRole m_role = DensityRole::Target;
    BrushOptions m_brush;
    QUndoStack* m_undo = nullptr;
    QTimer* m_debounce = nullptr;
    int m_serial = 0;
    std::shared_ptr<std::atomic<int>> m_latest;
};

}  // namespace flowlab::ui
