#pragma once

#include <QString>
#include <QWidget>

namespace flowlab::ui {

/// A label that shows a formula typeset (ui/formula) in the widget's font and text colour,
/// scaled down when the panel is narrower than the formula. Its accessible name is the
/// formula's plain-text reading.
class FormulaLabel final : public QWidget {
    Q_OBJECT
public:
    explicit FormulaLabel(QWidget* parent = nullptr);

    /// Shows `source` (core/formula syntax); a source that does not parse is shown as text.
    void setFormula(const QString& source);
    const QString& formula() const { return m_source; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_source;
};

}  // namespace flowlab::ui
