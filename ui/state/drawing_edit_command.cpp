#include "state/drawing_edit_command.hpp"

namespace flowlab::ui {

DrawingEditCommand::DrawingEditCommand(const QString& text, core::Raster before, core::Raster after,
                                       std::function<void(const core::Raster&)> apply)
    : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply)) {}

void DrawingEditCommand::undo() { m_apply(m_before); }
void DrawingEditCommand::redo() { m_apply(m_after); }

}  // namespace flowlab::ui
