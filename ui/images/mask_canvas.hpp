#pragma once

#include <QImage>
#include <QWidget>

#include <vector>

#include "view/image_tiles.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {

/// An image with a paintable mask over it: the left button paints the hole (the pixels to be
/// filled, shown in a translucent colour), the right button erases it. The mask is per pixel
/// (every channel of a pixel shares it). Drawn crisp; the brush is a disc of `brushRadius` image pixels.
class MaskCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MaskCanvas(QWidget* parent = nullptr);

    /// The image under the mask; a new shape clears the mask.
    void setImage(const Eigen::RowVectorXd& image, const ImageShape& shape);
    void setTheme(const Theme& theme);
    /// Brush radius in image pixels (0: one pixel).
    void setBrushRadius(int radius) { m_radius = std::max(0, radius); }
    int brushRadius() const { return m_radius; }

    /// true where a pixel is to be filled, row-major H×W.
    const std::vector<bool>& hole() const { return m_hole; }
    void setHole(std::vector<bool> hole);
    /// Number of hole pixels.
    int holeCount() const;
    /// The mask of core::inpaint for this shape: 1 = known, 0 = to fill, one value per C·H·W.
    Eigen::RowVectorXd knownMask() const;
    /// Paints (or erases) a disc at an image pixel: the mouse's action, for tests and presets.
    void paintAt(int row, int column, bool fill);

    QSize sizeHint() const override { return {360, 360}; }
    QSize minimumSizeHint() const override { return {140, 140}; }

signals:
    void maskChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void paintFromMouse(const QPointF& pos, Qt::MouseButtons buttons);

    Eigen::RowVectorXd m_image;
    ImageShape m_shape;
    std::vector<bool> m_hole;
    QRect m_drawn;
    int m_radius = 1;
    Theme m_theme = Theme::dark();
};

}  // namespace flowlab::ui
