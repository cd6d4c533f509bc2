#pragma once

#include <QObject>

#include <functional>

#include "view/camera.hpp"

namespace flowlab::ui {

class DensityEditor;

/// Turns mouse drags on the plane into brush strokes of a DensityEditor while enabled (the view
/// then neither pans nor pins). Installed as an event filter on the plane widget.
class DrawTool : public QObject {
    Q_OBJECT
public:
    DrawTool(QWidget* view, DensityEditor* editor, std::function<Camera()> camera);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_view;
    DensityEditor* m_editor;
    std::function<Camera()> m_camera;
    bool m_enabled = false;
    bool m_down = false;
};

}  // namespace flowlab::ui
