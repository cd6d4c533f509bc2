#include "main/draw_tool.hpp"

#include <QMouseEvent>
#include <QWidget>

#include "main/density_editor.hpp"

namespace flowlab::ui {

DrawTool::DrawTool(QWidget* view, DensityEditor* editor, std::function<Camera()> camera)
    : QObject(view), m_view(view), m_editor(editor), m_camera(std::move(camera)) {
    view->installEventFilter(this);
}

void DrawTool::setEnabled(bool enabled) {
    m_enabled = enabled;
    if (!enabled && m_down) {
        m_down = false;
        m_editor->endStroke();
    }
    m_view->setCursor(enabled ? Qt::CrossCursor : Qt::ArrowCursor);
}

bool DrawTool::eventFilter(QObject* watched, QEvent* event) {
    if (!m_enabled || watched != m_view) return QObject::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease &&
        type != QEvent::MouseButtonDblClick)
        return QObject::eventFilter(watched, event);
    auto* e = static_cast<QMouseEvent*>(event);
    const QPointF world = ViewTransform(m_camera(), QSizeF(m_view->size())).toWorld(e->position());
    if (type == QEvent::MouseButtonPress && e->button() == Qt::LeftButton) {
        m_down = true;
        m_editor->beginStroke(world);
    } else if (type == QEvent::MouseMove && m_down) {
        m_editor->continueStroke(world);
    } else if (type == QEvent::MouseButtonRelease && e->button() == Qt::LeftButton && m_down) {
        m_down = false;
        m_editor->continueStroke(world);
        m_editor->endStroke();
    }
    return true;  // painting: the view neither pans nor pins
}

}  // namespace flowlab::ui
