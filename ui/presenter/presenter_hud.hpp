#pragma once

#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>
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

/// Where the heads-up display puts its text: the result of PresenterHud::layoutFor, plain data
/// that the strip paints and tests inspect.
struct HudLayout {
    double scale = 1.0;       ///< the text scale the strip uses: the user's, or less to fit the cap
    double height = 0.0;      ///< the strip's height in pixels
    QFont titleFont, bodyFont;
    QPointF titleOrigin;      ///< baseline start of the (elided) title
    QString title;
    QPointF stepOrigin;       ///< baseline start of "3 / 12"
    QPointF captionOrigin;    ///< baseline start of the first caption line
    double captionLineSpacing = 0.0;
    QStringList captionLines; ///< the caption wrapped; the last line elided when it was cut
    bool captionCut = false;  ///< the caption needed more lines than the strip has room for
    QRectF formulaBox;        ///< where drawFormula sets the formula (empty without one)
    bool formulaBesideTitle = false;  ///< the formula shares the title's row (to save a row)
};

/// The presenter's heads-up display: a strip under the plane (outside the data, so it never
/// covers the densities) with the step's title and number, its caption and its formula, in
/// text sized for a hall: body text is kBodyPixels tall at 1080 lines and text scale 1.
///
/// The strip never takes more than kMaxHeightShare of the window's height, so that the data
/// keeps the screen at any text scale: when the content does not fit at the user's scale, the
/// formula moves beside the title, then the strip's text shrinks towards scale 1, and only at
/// scale 1 is the caption cut to the lines that fit (its end elided; the speaker notes and the
/// lesson keep the full text).
class PresenterHud : public QWidget {
    Q_OBJECT
public:
    /// Body text pixel size at a 1080-pixel-high window and text scale 1 (cap height ≈ 0.73 of it,
    /// 29 px: above the 28 px a hall needs).
    static constexpr double kBodyPixels = 40.0;
    /// The largest share of the window's height the strip takes.
    static constexpr double kMaxHeightShare = 0.22;

    explicit PresenterHud(QWidget* parent = nullptr);

    void setContent(const HudContent& content);
    const HudContent& content() const { return m_content; }
    void setTheme(const Theme& theme);
    /// The user's text scale (1–3).
    void setTextScale(double scale);
    /// Lays the strip out again for its window's current height (the controller calls it when
    /// the window is resized).
    void refit();
    /// The layout in use.
    const HudLayout& layout() const { return m_layout; }

    /// The layout of `content` in a strip `width` wide under a window `windowHeight` high at the
    /// user's `textScale`: never taller than kMaxHeightShare of windowHeight.
    static HudLayout layoutFor(const HudContent& content, int width, int windowHeight, double textScale);

    /// The fonts in use, for tests that measure the rendered text.
    QFont titleFont() const { return m_layout.titleFont; }
    QFont bodyFont() const { return m_layout.bodyFont; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int windowHeight() const;

    HudContent m_content;
    HudLayout m_layout;
    Theme m_theme = Theme::dark();
    double m_textScale = 1.0;
};

}  // namespace flowlab::ui
