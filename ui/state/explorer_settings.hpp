#pragma once

#include <QString>

#include <cstdint>
#include <string>

#include "interpolant/interpolant.hpp"
#include "net/train_options.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "sampler/sampler.hpp"
#include "view/camera.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// Where the arrows and particles get their field from.
enum class FieldMode { Exact, Learned };
/// Which field the arrows (and streamlines) show.
enum class ArrowField { Velocity, Score, Denoiser };
/// Generation integrates t: 0 → 1 from the base; encoding t: 1 → 0 from the target.
enum class Direction { Generate, Encode };
/// What playback does at the end of the time range.
enum class LoopMode { Loop, Bounce, Once };

/// Everything that defines the simulated particle set: changing any of it re-simulates.
struct SceneSettings {
    QString baseSpec = QStringLiteral("gaussian");     ///< a density SPEC (preset or mixture:FILE.json)
    QString targetSpec = QStringLiteral("8gaussians");
    core::InterpolantOptions interpolant;
    FieldMode fieldMode = FieldMode::Exact;
    core::SolverKind solver = core::SolverKind::Heun;
    int steps = 100;                                   ///< integration steps, in [2, 2000]
    core::EpsilonKind epsilonKind = core::EpsilonKind::Constant;
    double epsilon = 1.0;                              ///< ε of the SDE solvers and the pinned fan
    double epsilonTaper = 0.05;
    int langevinSteps = 0;
    double snr = 0.16;
    int particles = 10000;                             ///< in [1, kMaxParticles]
    std::uint64_t seed = 1;
    Direction direction = Direction::Generate;

    static constexpr int kMaxParticles = 200000;

    /// The sampler options these settings describe (recording the trajectory).
    core::SamplerOptions samplerOptions() const;
    core::EpsilonSchedule epsilonSchedule() const;
    /// Takes the solver, ε schedule and Langevin corrector of `o` (not its steps, time range or
    /// recording: steps and direction are set on their own).
    void setSamplerMethod(const core::SamplerOptions& o);
    /// Checks ranges and the interpolant/sampler combination. Empty when valid.
    std::string validate() const;
    bool operator==(const SceneSettings& o) const;
    bool operator!=(const SceneSettings& o) const { return !(*this == o); }
};

/// How the scene is drawn; changing it never re-simulates.
struct ViewSettings {
    LayerVisibility layers;
    ColorMode colorMode = ColorMode::End;
    ArrowField arrowField = ArrowField::Velocity;
    int trailSteps = 20;        ///< in [1, 200]
    int trajectoryCount = 48;   ///< in [1, 2000]
    double particleSize = 1.0;  ///< in [0.25, 4]
    QString theme = QStringLiteral("dark");
    Camera camera;
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

/// True when a and b differ in what a trained network depends on (densities and interpolant).
bool trainingSceneChanged(const SceneSettings& a, const SceneSettings& b);

/// Display names (also the persisted keys) of the enums above.
QString toString(ArrowField f);
QString toString(LoopMode m);
QString toString(ColorMode m);
QString arrowFieldLabel(ArrowField f);  ///< "velocity b", "score s", "denoiser η"

}  // namespace flowlab::ui
