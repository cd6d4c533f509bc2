#include "panel/curve_plot.hpp"

#include <QEvent>
#include <QVBoxLayout>

#include <cmath>

#include <qcustomplot.h>

#include "view/theme.hpp"

namespace flowlab::ui {

CurvePlot::CurvePlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(320, 220);
    m_plot->legend->setVisible(true);
    m_plot->setNoAntialiasingOnDrag(true);
    layout->addWidget(m_plot);
    style();
}

void CurvePlot::setAxes(const QString& xLabel, bool xLog, const QString& yLabel, bool yLog) {
    m_xLog = xLog;
    m_yLog = yLog;
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(yLabel);
    auto configure = [](QCPAxis* axis, bool log) {
        axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (log) axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        else axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    };
    configure(m_plot->xAxis, xLog);
    configure(m_plot->yAxis, yLog);
    rescale();
}

bool CurvePlot::drawable(double x, double y) const {
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    return (!m_xLog || x > 0.0) && (!m_yLog || y > 0.0);
}

void CurvePlot::setSeries(const std::vector<CurveSeries>& series) {
    m_plot->clearGraphs();
    for (const CurveSeries& s : series) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(s.name);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (drawable(s.x[i], s.y[i])) g->addData(s.x[i], s.y[i]);
    }
    style();
    rescale();
}

void CurvePlot::addPoint(int index, double x, double y) {
    if (index < 0 || index >= m_plot->graphCount() || !drawable(x, y)) return;
    m_plot->graph(index)->addData(x, y);
    rescale();
}

void CurvePlot::clear() { setSeries({}); }

CurveSeries CurvePlot::drawn(int index) const {
    CurveSeries s;
    if (index < 0 || index >= m_plot->graphCount()) return s;
    const QCPGraph* g = m_plot->graph(index);
    s.name = g->name();
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
        s.x.push_back(it->key);
        s.y.push_back(it->value);
    }
    return s;
}

int CurvePlot::curveCount() const { return m_plot->graphCount(); }

void CurvePlot::rescale() {
    if (m_plot->graphCount() > 0) m_plot->rescaleAxes();
    // A log axis needs a positive span even for one point.
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        QCPRange r = axis->range();
        const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
        if (log) axis->setRange(r.lower > 0 ? r.lower / 1.3 : 1e-3, r.upper > 0 ? r.upper * 1.3 : 1.0);
        else if (r.upper - r.lower <= 0.0) axis->setRange(r.lower - 1.0, r.upper + 1.0);
        else axis->setRange(r.lower - 0.05 * (r.upper - r.lower), r.upper + 0.05 * (r.upper - r.lower));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void stylePlotAxis(QCPAxis* axis, const QPalette& palette) {
    const QColor fg = palette.color(QPalette::WindowText);
    QColor grid = fg;
    grid.setAlpha(40);
    axis->setBasePen(QPen(fg));
    axis->setTickPen(QPen(fg));
    axis->setSubTickPen(QPen(fg));
    axis->setTickLabelColor(fg);
    axis->setLabelColor(fg);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
}

void CurvePlot::style() {
    const QPalette pal = palette();
    const QColor fg = pal.color(QPalette::WindowText), bg = pal.color(QPalette::Base);
    QColor grid = fg;
    grid.setAlpha(40);
    m_plot->setBackground(bg);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) stylePlotAxis(axis, pal);
    m_plot->legend->setBrush(bg);
    m_plot->legend->setTextColor(fg);
    m_plot->legend->setBorderPen(QPen(grid));
    const std::vector<QColor>& colours = Theme::dark().regionPalette;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        const QColor c = colours.empty() ? fg : colours[static_cast<std::size_t>(i * 3) % colours.size()];
        m_plot->graph(i)->setPen(QPen(c, 2));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_plot) style();
}

}  // namespace flowlab::ui
