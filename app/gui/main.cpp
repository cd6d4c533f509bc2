#include <QApplication>

#include "main/main_window.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FlowLab"));
    QApplication::setOrganizationName(QStringLiteral("FlowLab"));
    flowlab::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
