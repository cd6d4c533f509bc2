#pragma once
// What the window suites share: quiet window options, a pixel difference count and the bands of
// rows that hold ink (rendered text heights).

#include <QColor>
#include <QImage>
#include <QMessageBox>
#include <QString>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "main/main_window.hpp"
#include "scene/image_scene.hpp"
#include "train/image_trainer.hpp"
#include "worker/image_training_worker.hpp"

namespace flowlab::ui::test {

/// Options of a window that neither restores settings nor plays on its own, and discards
/// unsaved work without asking (there is nobody to answer a dialog); `settingsPath` is its ini.
inline MainWindowOptions quietWindowOptions(const QString& settingsPath) {
    MainWindowOptions o;
    o.settingsPath = settingsPath;
    o.restoreSettings = false;
    o.autoplay = false;
    o.askUnsaved = [](const QString&) { return QMessageBox::Discard; };
    o.askUnsavedNetwork = [](const QString&) { return QMessageBox::Discard; };
    return o;
}

/// A small image scene: the procedural shapes at 8×8 pixels, the exact field of `exactImages`
/// training images, a rows × columns grid, `steps` Heun ODE steps from seed `seed`.
inline ExplorerSettings shapesScene(int rows, int columns, int steps, std::uint64_t seed, int exactImages) {
    ExplorerSettings s;
    s.scene.kind = core::SceneKind::Images;
    s.scene.data = "shapes";
    s.scene.size = 8;
    s.scene.exactImages = exactImages;
    s.scene.rows = rows;
    s.scene.columns = columns;
    s.scene.solver = core::SolverKind::Heun;
    s.scene.steps = steps;
    s.scene.epsilon = 0.0;
    s.scene.seed = seed;
    return s;
}

/// What a model file made by trainImageModel was trained with.
struct ImageModelSpec {
    int channels = 8;
    int classes = 0;  ///< > 0: class-conditional on that many of the data's classes
    int batch = 16;
    int steps = 10;
    double learningRate = 0.0;  ///< 0: the scene's training settings' rate
};

/// Trains a U-Net of the window's architecture on the images of scene `s` as `spec` says (seed 3)
/// and saves it with its optimiser state at `path`, as a scene's model file; empty on success,
/// else what failed.
inline std::string trainImageModel(const ExplorerSettings& s, const std::string& path, const ImageModelSpec& spec) {
    std::string notice;
    core::ImageDataOptions used;
    auto data = core::loadSceneImages(s.scene.images(), 0, notice, &used);
    if (!data) return data.message();
    core::ImageTrainerOptions o;
    o.network = windowUNet(data->train, spec.channels);
    o.network.classCount = spec.classes;
    o.training = s.training.trainerOptions(3);
    o.training.batchSize = spec.batch;
    o.training.steps = spec.steps;
    o.training.progressEvery = spec.steps;
    if (spec.learningRate > 0.0) o.training.learningRate = spec.learningRate;
    o.dataSource = used;
    auto trainer = core::ImageTrainer::create(data->train, s.scene.interpolant, o);
    if (!trainer) return trainer.message();
    if (auto r = trainer->run(); !r) return r.message();
    if (auto st = trainer->saveCheckpoint(path); !st) return st.message();
    return {};
}

/// How many pixels of two images of the same size differ.
inline int differingPixels(const QImage& a, const QImage& b) {
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) n += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return n;
}

/// Heights of the bands of rows that hold ink (pixels far from `background`), top to bottom: of
/// a line of capitals or digits, its cap height.
inline std::vector<int> inkBands(const QImage& image, QColor background) {
    std::vector<int> bands;
    int run = 0;
    for (int y = 0; y < image.height(); ++y) {
        bool ink = false;
        for (int x = 0; x < image.width() && !ink; ++x) {
            const QColor c = image.pixelColor(x, y);
            ink = std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
                      std::abs(c.blue() - background.blue()) > 200;
        }
        if (ink) {
            ++run;
        } else if (run > 0) {
            bands.push_back(run);
            run = 0;
        }
    }
    if (run > 0) bands.push_back(run);
    return bands;
}

}  // namespace flowlab::ui::test
