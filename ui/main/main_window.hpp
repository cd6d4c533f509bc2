#pragma once

#include <QMainWindow>

namespace flowlab::ui {

/// The FlowLab main window. (Placeholder until the explorer window lands: it says what the
/// program is and which exact engine it carries.)
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace flowlab::ui
