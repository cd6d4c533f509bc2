#pragma once

#include <QColor>
#include <QElapsedTimer>
#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <deque>

namespace flowlab::ui {

/// The laser pointer: while active, a bright dot with a short fading tail follows the mouse over
/// the widget it covers. Transparent to the mouse, so the plane underneath still pans and pins.
class LaserPointer : public QWidget {
    Q_OBJECT
public:
    /// How long a point of the tail stays visible.
    static constexpr int kTailMs = 300;

    explicit LaserPointer(QWidget* parent = nullptr);

    void setColor(const QColor& color) { m_color = color; }
    void setActive(bool active);
    bool isActive() const { return m_active; }
    /// Adds a point in this widget's coordinates (the timer samples the cursor; tests call it).
    void addPoint(QPointF point);
    /// The points of the tail, oldest first.
    int tailLength() const { return int(m_tail.size()); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void sample();

    struct Point {
        QPointF at;
        qint64 ms;
    };
    QColor m_color = Qt::red;
    bool m_active = false;
    std::deque<Point> m_tail;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

}  // namespace flowlab::ui
