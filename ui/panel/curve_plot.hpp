#pragma once

#include <QString>
#include <QWidget>

#include <vector>

class QCPAxis;
class QCustomPlot;
class QPalette;

namespace flowlab::ui {

/// Colours a plot axis from a palette: line, ticks and labels in the text colour, a dotted grid
/// in its faint version (the look of every FlowLab plot).
void stylePlotAxis(QCPAxis* axis, const QPalette& palette);

/// One named curve of a CurvePlot: points (x, y) in the order given.
struct CurveSeries {
    QString name;
    std::vector<double> x;
    std::vector<double> y;
};

/// A QCustomPlot of a few named curves with a legend, styled from the widget's palette and
/// coloured from the theme's region palette; each axis linear or logarithmic. The error-vs-NFE
/// dialog and the training race draw with it. Points whose value cannot be drawn (not finite,
/// or ≤ 0 on a log axis) are left out, so a curve never shows a value it does not have.
class CurvePlot : public QWidget {
    Q_OBJECT
public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setAxes(const QString& xLabel, bool xLog, const QString& yLabel, bool yLog);
    /// Replaces every curve and rescales the axes to them.
    void setSeries(const std::vector<CurveSeries>& series);
    /// Appends one point to curve `index` (created empty by setSeries) and rescales.
    void addPoint(int index, double x, double y);
    void clear();

    /// The drawn points of curve `index` (for tests and the CSV export).
    CurveSeries drawn(int index) const;
    int curveCount() const;
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void style();
    bool drawable(double x, double y) const;
    void rescale();

    QCustomPlot* m_plot = nullptr;
    bool m_xLog = false;
    bool m_yLog = false;
};

}  // namespace flowlab::ui
