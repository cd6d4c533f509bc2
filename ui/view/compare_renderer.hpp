#pragma once

#include <QImage>
#include <QString>

#include <vector>

#include "view/frame_renderer.hpp"

namespace flowlab::ui {

/// Draws 1 to 4 panels side by side (1×1, 2×1 or 2×2) into one image, each panel by its own
/// FrameRenderer (the window's renderer) and labelled with its method in words at the bottom.
class CompareRenderer {
public:
    /// Columns and rows of the layout for `panels` panels (1 → 1×1, 2 → 2×1, 3 or 4 → 2×2).
    static QSize gridFor(int panels);
    /// The size of one panel in an output of `size`.
    static QSize cellSize(QSize size, int panels);

    /// Draws frames[i] into cell i of `image` (any size) with labels[i] beneath. The grid is
    /// gridFor(max(frames, cells)): cells beyond the frames stay empty (background).
    void render(QImage& image, const std::vector<FrameData>& frames, const std::vector<QString>& labels, int cells = 0);

private:
    std::vector<FrameRenderer> m_renderers;
    QImage m_cell;
};

}  // namespace flowlab::ui
