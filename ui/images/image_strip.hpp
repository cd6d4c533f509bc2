#pragma once

#include <QStringList>
#include <QWidget>

#include "common/types.hpp"
#include "view/image_tiles.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {

/// A row of images (one per row of a Points matrix, values in [−1, 1]) with a caption under
/// each, drawn crisp at the largest whole upscaling that fits; one of them may be outlined. The
/// panels use it for inpainting fills and morph frames.
class ImageStrip : public QWidget {
    Q_OBJECT
public:
    explicit ImageStrip(QWidget* parent = nullptr);

    void setShape(const ImageShape& shape);
    void setTheme(const Theme& theme);
    /// The images and their captions (missing captions are blank); rows of another size are skipped.
    void setImages(core::Points images, QStringList captions = {});
    /// Outlines image i (−1: none).
    void setHighlight(int index);
    /// A line above the row ("fills at t = 0.43").
    void setTitle(const QString& title);

    const core::Points& images() const { return m_images; }

    QSize sizeHint() const override { return {720, 200}; }
    QSize minimumSizeHint() const override { return {160, 80}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    ImageShape m_shape;
    Theme m_theme = Theme::dark();
    core::Points m_images;
    QStringList m_captions;
    QString m_title;
    int m_highlight = -1;
};

}  // namespace flowlab::ui
