// flowlab: the explorer window. Thin: parse the command line, build the window, run.
#include <QApplication>
#include <QIcon>

#include <cstdio>
#include <optional>

#include "common/resource_paths.hpp"
#include "io/temp_files.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_controller.hpp"
#include "presenter/presenter_controller.hpp"
#include "main/batch_runner.hpp"
#include "main/command_line.hpp"
#include "main/main_window.hpp"
#include "main/resimulate_benchmark.hpp"
#include "state/compare_layout.hpp"
#include "state/scene_import.hpp"

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    auto options = flowlab::ui::parseGuiOptions(args);
    if (!options) {
        std::fprintf(stderr, "flowlab: %s\n", options.message().c_str());
        return 2;
    }
    if (options->help) {
        std::printf("%s", qPrintable(flowlab::ui::guiHelpText()));
        return 0;
    }
    // Batch runs need no display: render offscreen unless a platform was chosen.
    if (options->isBatch() && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");

    // A kill during an export must not leave its temporary file behind.
    flowlab::core::installTempFileCleanupOnSignals();
    QApplication app(argc, argv);
    if (!options->resimulateScene.isEmpty()) return flowlab::ui::runResimulateBenchmark(options->resimulateScene, options->size,
                                                                                         options->resimulateParticles,
                                                                                         options->resimulateModel);
    QApplication::setApplicationName(QStringLiteral("FlowLab"));
    QApplication::setOrganizationName(QStringLiteral("FlowLab"));
    // The desktop file and the icon theme know the program by its application id; the embedded
    // icon serves when no theme has it (run from the build tree).
    QApplication::setDesktopFileName(QStringLiteral(FLOWLAB_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(FLOWLAB_APP_ID), QIcon(QStringLiteral(":/icons/flowlab-256.png"))));

    flowlab::ui::MainWindowOptions windowOptions;
    windowOptions.settingsPath = options->settingsPath;
    windowOptions.restoreSettings = !options->noRestore && !options->isBatch();
    windowOptions.persistSettings = !options->isBatch();
    windowOptions.autoplay = options->screenshotPath.isEmpty();
    // Every core: a re-simulation arrives sooner when both integrate, and while it runs the
    // drawing thread keeps its share of the machine (issue 15).
    windowOptions.workerThreads = 0;
    flowlab::ui::ExplorerSettings initial;
    bool override = options->isBatch();
    // --scene also takes the name of a shipped scene ("moons-to-checkerboard").
    if (!options->scenePath.isEmpty())
        options->scenePath = QString::fromStdString(flowlab::core::findScene(options->scenePath.toStdString()));
    if (!options->scenePath.isEmpty()) {
        auto scene = flowlab::ui::loadSceneSettings(options->scenePath.toStdString());
        if (!scene) {
            std::fprintf(stderr, "flowlab: %s\n", scene.message().c_str());
            return 2;
        }
        initial = *scene;
        windowOptions.scenePath = options->scenePath;
        override = true;
    }
    // --lesson: read and check it before any window opens; a bad lesson is exit 2 with the reason.
    std::optional<flowlab::core::Lesson> lesson;
    if (!options->lessonPath.isEmpty()) {
        options->lessonPath = QString::fromStdString(flowlab::core::findLesson(options->lessonPath.toStdString()));
        auto loaded = flowlab::core::loadLessonFile(options->lessonPath.toStdString());
        if (!loaded) {
            std::fprintf(stderr, "flowlab: %s\n", loaded.message().c_str());
            return 2;
        }
        if (options->lessonStep > int(loaded->steps.size())) {
            std::fprintf(stderr, "flowlab: --step %d: the lesson has %d steps\n", options->lessonStep, int(loaded->steps.size()));
            return 2;
        }
        // A screenshot of a step shows where it ends when it plays, else where it starts.
        const auto& time = loaded->steps[std::size_t(options->lessonStep - 1)].time;
        if (options->isBatch() && !options->t) options->t = time.play ? time.end : time.start;
        lesson = std::move(*loaded);
        windowOptions.autoplay = false;  // the lesson's steps say when to play
    }
    // --benchmark-animation --particles N: the same scene with N particles (issue 15: 100 000).
    if (options->benchmarkSeconds > 0 && options->resimulateParticles > 0) {
        initial.scene.particles = options->resimulateParticles;
        override = true;
    }
    if (override) windowOptions.initialSettings = initial;
    windowOptions.themeOverride = options->theme;
    // A batch run saves nothing of the scene: closing at its end must not ask.
    if (options->isBatch()) windowOptions.askUnsaved = [](const QString&) { return QMessageBox::Discard; };

    flowlab::ui::MainWindow window(windowOptions);
    // A scene that parses but whose densities cannot be built (an unknown preset, a missing
    // image) must not show the default scene in its place, nor screenshot it.
    if (!window.initialSettingsError().isEmpty()) {
        std::fprintf(stderr, "flowlab: %s: %s\n", qPrintable(options->scenePath),
                     qPrintable(window.initialSettingsError()));
        return 2;
    }
    window.show();
    if (lesson) {
        QString error;
        if (!window.lessons().setLesson(std::move(*lesson), options->lessonPath, &error) ||
            !window.lessons().goTo(options->lessonStep - 1, false, &error)) {
            std::fprintf(stderr, "flowlab: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (options->textScale) window.setTextScale(*options->textScale);
    // Offscreen (a screenshot) presenter mode keeps the --size window rather than a screen.
    if (options->present) window.presenter().enter(nullptr, !options->isBatch());
    if (!options->compare.isEmpty())
        window.runComparison(*flowlab::ui::parseComparePreset(options->compare.toStdString()));
    if (!options->isBatch()) return QApplication::exec();

    flowlab::ui::BatchRunner runner(window, *options);
    int exitCode = 1;
    QObject::connect(&runner, &flowlab::ui::BatchRunner::finished, &app, [&](int code) {
        exitCode = code;
        QApplication::quit();
    });
    runner.start();
    QApplication::exec();
    return exitCode;
}
