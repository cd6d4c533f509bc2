#pragma once

#include <QUndoCommand>

#include <functional>

#include "density/raster.hpp"

namespace flowlab::ui {

/// One undoable edit of a drawing (a stroke, a fill, a clear): the exact rasters before and
/// after, handed to `apply` on undo and redo.
class DrawingEditCommand : public QUndoCommand {
public:
    DrawingEditCommand(const QString& text, core::Raster before, core::Raster after,
                       std::function<void(const core::Raster&)> apply);

    void undo() override;
    void redo() override;

private:
    core::Raster m_before;
    core::Raster m_after;
    std::function<void(const core::Raster&)> m_apply;
};

}  // namespace flowlab::ui
