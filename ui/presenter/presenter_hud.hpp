#pragma once

#include <QString>
#include <QWidget>

#include "view/theme.hpp"

namespace flowlab::ui {

/// What the heads-up display shows.
struct HudContent {
    QString title;    ///< the step's title (or the scene's "base → target")
    QString caption;  ///< a sentence or two
    QString formula;  ///< TeX-like source, drawn by drawFormula
    QString step;     ///< "3 / 12", empty without a lesson
};

/// The presenter's heads-up display: a strip under the plane (outside the data, so it never
/// covers the densities) with the step's title and number, its caption and its formula, in
/// text sized for a hall: body text is kBodyPixels tall at 1080 lines and text scale 1.
class PresenterHud : public QWidget {
    Q_OBJECT
public:
    /// Body text pixel size at a 1080-pixel-high window and text scale 1 (cap height ≈ 0.73 of it).
    static constexpr double kBodyPixels = 40.0;

    explicit PresenterHud(QWidget* parent = nullptr);

    void setContent(const HudContent& content);
    const HudContent& content() const { return m_content; }
    void setTheme(const Theme& theme);
    /// The user's text scale (1–3).
    void setTextScale(double scale);
    /// The height the strip needs for its content at `width` (its text wraps).
    int neededHeight(int width) const;

    /// The fonts, for tests that measure the rendered text.
    QFont titleFont() const;
    QFont bodyFont() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double unit() const;  ///< pixels per "1080p pixel", times the text scale
    void relayout();

    HudContent m_content;
    Theme m_theme = Theme::dark();
    double m_textScale = 1.0;
};

}  // namespace flowlab::ui
