#pragma once

#include <QString>

#include <cstdint>
#include <string>

#include "net/train_options.hpp"
#include "scene/scene_settings.hpp"
#include "view/camera.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// The one scene model lives in core (scene/scene_settings.hpp); the UI names it here.
using core::Direction;
using core::FieldMode;
using SceneSettings = core::SceneSettings;
using core::trainingSceneChanged;

/// Which field the arrows (and streamlines) show.
enum class ArrowField { Velocity, Score, Denoiser };
/// What playback does at the end of the time range.
enum class LoopMode { Loop, Bounce, Once };

/// How the scene is drawn; changing it never re-simulates.
struct ViewSettings {
    LayerVisibility layers;
    ColorMode colorMode = ColorMode::End;
    ArrowField arrowField = ArrowField::Velocity;
    int trailSteps = 20;        ///< in [1, 200]
    int trajectoryCount = 48;   ///< in [1, 2000]
    double particleSize = 1.0;  ///< in [0.25, 4]
    QString theme = QStringLiteral("dark");  ///< a Theme::names() entry
    Camera camera;
    /// Multiplies the size of the plane's text (captions, legend, ticks, readouts), in
    /// [kMinTextScale, kMaxTextScale]: Ctrl + / Ctrl − / Ctrl 0. Persisted; never part of a scene.
    double textScale = 1.0;
    static constexpr double kMinTextScale = 1.0;
    static constexpr double kMaxTextScale = 3.0;
};

/// How time moves.
struct PlaybackSettings {
    double secondsPerSweep = 4.0;  ///< wall-clock seconds for t to cross [0, 1] at speed 1, in [0.25, 120]
    LoopMode loopMode = LoopMode::Loop;
};

/// What the learned mode trains: the field, the network and the optimiser basics.
struct TrainingSettings {
    core::TrainTarget target = core::TrainTarget::Velocity;
    int width = 128;                                  ///< units per hidden layer, in [8, 1024]
    int depth = 3;                                    ///< hidden layers, in [1, 8]
    core::Activation activation = core::Activation::SiLU;
    int batchSize = 256;                              ///< in [16, 8192]
    double learningRate = 2e-3;                       ///< peak learning rate, in (0, 1]
    int stepsPerRun = 5000;                           ///< steps one press of Train adds, in [10, 10⁷]
    /// Image scenes: the U-Net's base channels, in [8, 128] (a multiple of 8: its GroupNorm
    /// groups), and its batch of images per step, in [8, 512]; rate and steps are shared.
    int unetChannels = 16;
    int imageBatch = 32;

    /// The trainer options of these settings (one worker thread: the GUI keeps the other core).
    core::TrainerOptions trainerOptions(std::uint64_t seed) const;
    bool operator==(const TrainingSettings& o) const;
    bool operator!=(const TrainingSettings& o) const { return !(*this == o); }
};

/// All persisted settings of the explorer.
struct ExplorerSettings {
    SceneSettings scene;
    ViewSettings view;
    PlaybackSettings playback;
    TrainingSettings training;
};

/// Display names (also the persisted keys) of the enums above.
QString toString(ArrowField f);
QString toString(LoopMode m);
QString toString(ColorMode m);
QString arrowFieldLabel(ArrowField f);  ///< "velocity b", "score s", "denoiser η"

}  // namespace flowlab::ui
