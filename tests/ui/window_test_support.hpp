#pragma once
// What the window suites share: quiet window options and a pixel difference count.

#include <QImage>
#include <QMessageBox>
#include <QString>

#include "main/main_window.hpp"

namespace flowlab::ui::test {

/// Options of a window that neither restores settings nor plays on its own, and discards
/// unsaved work without asking (there is nobody to answer a dialog); `settingsPath` is its ini.
inline MainWindowOptions quietWindowOptions(const QString& settingsPath) {
    MainWindowOptions o;
    o.settingsPath = settingsPath;
    o.restoreSettings = false;
    o.autoplay = false;
    o.askUnsaved = [](const QString&) { return QMessageBox::Discard; };
    return o;
}

/// How many pixels of two images of the same size differ.
inline int differingPixels(const QImage& a, const QImage& b) {
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) n += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return n;
}

}  // namespace flowlab::ui::test
