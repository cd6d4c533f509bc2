#include "main/main_window.hpp"

#include <QLabel>

#include "density/presets.hpp"

namespace flowlab::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("FlowLab"));
    auto* label = new QLabel(this);
    label->setAlignment(Qt::AlignCenter);
    label->setText(QStringLiteral("<h1>FlowLab</h1><p>Flows, diffusions and stochastic interpolants, "
                                  "computed exactly and shown live.</p><p>%1 preset densities loaded.</p>")
                       .arg(core::presetNames().size()));
    setCentralWidget(label);
    resize(1100, 720);
}

}  // namespace flowlab::ui
