#pragma once

#include <QObject>
#include <QPointF>
#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <memory>

#include "common/result.hpp"
#include "state/density_drawing.hpp"
#include "state/drawing_files.hpp"
#include "state/image_import.hpp"

class QTimer;
class QUndoStack;

namespace flowlab::ui {

/// The density editor's model: one drawing for the base and one for the target, brush strokes,
/// fill and clear with undo/redo (one QUndoStack for both), and the conversion of a drawing into
/// a density. A drawing starts from the density it replaces (see setDensityLookup), so the user
/// edits what the plane shows. After each edit (debounced) the raster becomes a Gaussian mixture
/// on a worker thread and is written as a small scene file holding the raster itself (so a saved
/// scene keeps it editable); `densityReady` then hands over its SPEC. An empty drawing is
/// refused (`refused`), so the previous density stays.
class DensityEditor : public QObject {
    Q_OBJECT
public:
    /// What the editor needs to know about the densities shown: the SPEC of a role (for an
    /// embedded density, a key that changes with its content), and the
    /// raster a drawing of that role starts from (on the given grid).
    struct DensityLookup {
        std::function<QString(DensityRole)> spec;
        std::function<core::Result<core::Raster>(DensityRole, const core::Raster& grid)> seed;
    };

    /// `folder` receives the converted drawings (scene files); it must exist.
    explicit DensityEditor(const QString& folder, QObject* parent = nullptr);
    ~DensityEditor() override;

    /// The drawing of the role being edited.
    const DensityDrawing& drawing() const { return drawing(m_role); }
    const DensityDrawing& drawing(DensityRole role) const { return m_states[index(role)].drawing; }
    QUndoStack* undoStack() const { return m_undo; }
    DensityRole role() const { return m_role; }
    /// Edits `role` from now on; a drawing that does not show the role's current density yet
    /// (never edited, or the density was changed elsewhere) starts from it.
    void setRole(DensityRole role);
    BrushOptions& brush() { return m_brush; }
    /// Where drawings start from; without a lookup they start blank.
    void setDensityLookup(DensityLookup lookup) { m_lookup = std::move(lookup); }

    void beginStroke(QPointF world);
    void continueStroke(QPointF world);
    void endStroke();
    /// Fills every cell with the brush strength (an undoable edit).
    void fill();
    /// Clears the drawing (an undoable edit).
    void clear();

    /// Converts now (normally debounced after an edit): every drawing with unconverted edits,
    /// or the current one when there are none.
    void convertNow();

    /// Forgets conversions not delivered yet (the debounced one and any running): the densities
    /// were replaced from elsewhere (a scene opened), and a late drawing must not overwrite
    /// them. The drawings and their undo history stay.
    void discardPendingConversions();

    /// Deletes converted drawings of the folder that neither role's SPEC uses (see DrawingFiles).
    QStringList pruneFiles() const;
    const DrawingFiles& files() const { return m_files; }

    static constexpr int kDebounceMs = 120;

signals:
    /// The drawing of the current role changed (a dab, an edit, undo, a fresh start).
    void drawingChanged();
    /// The role being edited changed (setRole, or undo/redo of an edit of the other role).
    void roleChanged(flowlab::ui::DensityRole role);
    /// A drawing as a density: SPEC, components in use and approximation error.
    void densityReady(flowlab::ui::DensityRole role, const QString& spec, int components, double error);
    /// The drawing gives no density (e.g. it is empty); the message says why.
    void refused(const QString& message);

private:
    struct RoleState {
        DensityDrawing drawing;
        bool pending = false;  ///< edits not converted yet
        QString shownSpec;     ///< the SPEC this drawing shows (what it started from or became)
        std::shared_ptr<std::atomic<int>> latest = std::make_shared<std::atomic<int>>(0);
    };
    static std::size_t index(DensityRole role) { return role == DensityRole::Base ? 0 : 1; }
    RoleState& state() { return m_states[index(m_role)]; }
    void seedIfStale(DensityRole role);
    void applyRaster(DensityRole role, const core::Raster& raster);
    void pushEdit(const QString& text, const core::Raster& before);
    void edited();
    void convert(DensityRole role);

    DrawingFiles m_files;
    std::array<RoleState, 2> m_states;
    DensityLookup m_lookup;
    core::Raster m_strokeStart;
    bool m_stroking = false;
    QPointF m_last;
    DensityRole m_role = DensityRole::Target;
    BrushOptions m_brush;
    QUndoStack* m_undo = nullptr;
    QTimer* m_debounce = nullptr;
    int m_serial = 0;
};

}  // namespace flowlab::ui
