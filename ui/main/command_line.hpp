#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "common/result.hpp"

namespace flowlab::ui {

/// What the `flowlab` command line asks for.
struct GuiOptions {
    QString scenePath;            ///< --scene FILE: open this scene file
    QString screenshotPath;       ///< --screenshot OUT.png: render offscreen, save, exit
    QSize size{1600, 1000};       ///< --size WxH: window (or plane) size for the screenshot
    std::optional<double> t;      ///< --t T: the time shown (default: 0.5 for screenshots)
    bool viewOnly = false;        ///< --view-only: the plane alone, not the whole window
    QString theme;                ///< --theme dark|light
    double benchmarkSeconds = 0;  ///< --benchmark-animation SECONDS: measure fps, print, exit
    QString settingsPath;         ///< --settings FILE.ini: settings file (default: the user's)
    bool noRestore = false;       ///< --defaults: ignore stored settings (start on the default scene)
    QString compare;              ///< --compare PRESET: open on a one-click comparison (ode-vs-sde, ...)
    QString resimulateScene;      ///< --benchmark-resimulate SCENE: time five re-simulations, print, exit
    int resimulateParticles = 0;  ///< --particles N: either benchmark's particle count (0: the scene's)
    QString resimulateModel;      ///< --model FILE: the benchmark integrates this learned field
    QString lessonPath;           ///< --lesson FILE: open a lesson (a file or a shipped lesson's name)
    int lessonStep = 1;           ///< --step N: the lesson step shown first (from 1)
    bool present = false;         ///< --present: start in presenter mode
    std::optional<double> textScale;  ///< --text-scale S: the text scale (1–3) for this run
    bool help = false;

    /// True when the program renders or measures and exits rather than staying open.
    bool isBatch() const { return !screenshotPath.isEmpty() || benchmarkSeconds > 0 || !resimulateScene.isEmpty(); }
};

/// Parses the arguments after the program name. Errors name the bad option and value.
core::Result<GuiOptions> parseGuiOptions(const QStringList& arguments);

/// The --help text.
QString guiHelpText();

}  // namespace flowlab::ui
