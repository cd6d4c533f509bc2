#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "interpolant/interpolant.hpp"
#include "net/coupling_options.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "sampler/sampler.hpp"
#include "scene/density_source.hpp"

namespace flowlab::core {

/// Where the particles and arrows get their field from.
enum class FieldMode { Exact, Learned };
/// Generation integrates t: 0 → 1 from the base; encoding t: 1 → 0 from the target.
enum class Direction { Generate, Encode };

/// The two densities of a scene, each a SPEC (a preset, mixture:FILE, image:FILE,
/// scene:FILE#base, …; see scene/density_spec.hpp) or an embedded mixture or raster. Changing
/// them rebuilds the exact fields and invalidates a trained network.
struct SceneDensities {
    DensitySource base = DensitySource::fromSpec("gaussian");
    DensitySource target = DensitySource::fromSpec("8gaussians");

    bool operator==(const SceneDensities& o) const { return base == o.base && target == o.target; }
    bool operator!=(const SceneDensities& o) const { return !(*this == o); }
};

/// How a scene carries one density to the other: the interpolant with all its parameters, the
/// field source and the sampler (solver, ε schedule, Langevin corrector). This is what the panels
/// of a comparison vary; everything else of a scene they share.
struct SceneMethod {
    InterpolantOptions interpolant;
    FieldMode fieldMode = FieldMode::Exact;
    SolverKind solver = SolverKind::Heun;
    EpsilonKind epsilonKind = EpsilonKind::Constant;
    double epsilon = 1.0;       ///< ε of the SDE solvers and of the pinned fan, in [0, 10⁴]
    double epsilonTaper = 0.05; ///< δ of the tapered schedule
    int langevinSteps = 0;      ///< corrector steps after each predictor step
    double snr = 0.16;          ///< corrector signal-to-noise ratio
    /// How the learned field pairs x0 with x1 in training (docs/maths.md §12). Only the
    /// independent coupling has an exact field (the mixture closed form of §4); under any other
    /// the method is learned only, and validate() refuses the exact field rather than showing
    /// the independent one in its place.
    CouplingOptions coupling;

    core::EpsilonSchedule epsilonSchedule() const;
    bool isSde() const;
    /// Checks the interpolant and the sampler choices (not the step count). Empty when valid.
    std::string validate() const;
    bool operator==(const SceneMethod& o) const;
    bool operator!=(const SceneMethod& o) const { return !(*this == o); }
};

/// How the particle set is run: how many particles, from which seed, on how many steps and in
/// which direction. Shared by every panel of a comparison (common random numbers).
struct SceneRun {
    int particles = 10000;  ///< in [1, kMaxParticles]
    std::uint64_t seed = 1;
    int steps = 100;        ///< integration steps, in [kMinSteps, kMaxSteps]
    Direction direction = Direction::Generate;

    /// The explorer keeps every step of every particle: 200 000 particles on 100 steps are
    /// 320 MB of doubles, and the GUI, export and scene files share this one limit.
    static constexpr int kMaxParticles = 200000;
    static constexpr int kMinSteps = 2;
    static constexpr int kMaxSteps = 2000;

    double t0() const { return direction == Direction::Generate ? 0.0 : 1.0; }
    double t1() const { return direction == Direction::Generate ? 1.0 : 0.0; }
    std::string validate() const;
    bool operator==(const SceneRun& o) const {
        return particles == o.particles && seed == o.seed && steps == o.steps && direction == o.direction;
    }
    bool operator!=(const SceneRun& o) const { return !(*this == o); }
};

/// What a scene shows: particles of a 2D density, or images in pixel space (docs/maths.md §10).
enum class SceneKind { Densities, Images };

/// The image part of a scene (used when its kind is Images): the data set, the trained networks
/// the learned field may use, the conditioning and the grid of samples. The method (interpolant,
/// field source, solver, steps, ε) and the seed are the scene's SceneMethod and SceneRun, as in 2D.
struct SceneImages {
    std::string data = "shapes";  ///< an image data SPEC: fashion-mnist, shapes, folder:DIR, idx:IMAGES[,LABELS]
    int size = 0;                 ///< side after resizing (area average); 0 = the data set's own
    /// Training images the exact (memorising) field uses, the first ones of the split: every
    /// field evaluation costs images × pixels per sample, so this keeps a re-simulation quick.
    int exactImages = 1000;
    /// U-Net files (from `flowlab-cli images train`) for the learned field, most preferred first;
    /// relative names are looked up beside the scene file, then in the data folder's models/.
    /// The first that exists is used; none → the exact field, said on screen.
    std::vector<std::string> models;
    int classLabel = -1;    ///< −1: unconditional; k ≥ 0: class k (exact class field, or the network's class)
    double guidance = 1.0;  ///< classifier-free guidance w with a class: 0 unconditional, 1 conditional, > 1 guided
    int rows = 8;           ///< the grid of samples: rows × columns images
    int columns = 8;

    static constexpr int kMaxGridSide = 16;
    static constexpr int kMaxExactImages = 10000;

    int sampleCount() const { return rows * columns; }
    /// Empty when valid, else what is wrong.
    std::string validate() const;
    bool operator==(const SceneImages& o) const;
    bool operator!=(const SceneImages& o) const { return !(*this == o); }
};

/// Everything that defines a simulated particle set, the one scene model of the explorer, the
/// compare panels, offscreen rendering, the CLI and scene files: densities, method and run, each
/// a part with its own equality. Changing any of it re-simulates.
struct SceneSettings : SceneDensities, SceneMethod, SceneRun, SceneImages {
    /// Densities (2D particles) or Images (a grid of samples in pixel space; the densities part is
    /// then unused, the run's particle count is the grid's).
    SceneKind kind = SceneKind::Densities;

    bool isImages() const { return kind == SceneKind::Images; }
    const SceneImages& images() const { return *this; }
    SceneImages& images() { return *this; }
    const SceneDensities& densities() const { return *this; }
    const SceneMethod& method() const { return *this; }
    const SceneRun& run() const { return *this; }
    SceneDensities& densities() { return *this; }
    SceneMethod& method() { return *this; }
    SceneRun& run() { return *this; }

    /// The sampler options of the method on the run's steps and direction (trajectory recorded).
    SamplerOptions samplerOptions() const;
    /// Takes the solver, ε schedule and Langevin corrector of `o` (not its steps, time range or
    /// recording: steps and direction belong to the run).
    void setSamplerMethod(const SamplerOptions& o);
    /// Checks every part and their combination. Empty when valid.
    std::string validate() const;
    bool operator==(const SceneSettings& o) const {
        return kind == o.kind && densities() == o.densities() && method() == o.method() && run() == o.run() &&
               images() == o.images();
    }
    bool operator!=(const SceneSettings& o) const { return !(*this == o); }
};

/// The sampler options of `method` on the steps and direction of `run` (trajectory recorded).
SamplerOptions samplerOptions(const SceneMethod& method, const SceneRun& run);
/// Checks a method on a run together (the sampler on the run's steps). Empty when valid.
std::string validate(const SceneMethod& method, const SceneRun& run);

/// Why a coupled method has no exact field, in words a user can act on (one line).
std::string exactFieldUnavailable(const CouplingOptions& coupling);

/// True when a and b differ in what a trained network depends on: the densities (an image
/// scene's data set and size), the interpolant and the coupling.
bool trainingSceneChanged(const SceneSettings& a, const SceneSettings& b);

std::string toString(SceneKind kind);       ///< "densities", "images"
Result<SceneKind> parseSceneKind(const std::string& name);
std::string toString(FieldMode mode);       ///< "exact", "learned"
std::string toString(Direction direction);  ///< "generate", "encode"
Result<FieldMode> parseFieldMode(const std::string& name);
Result<Direction> parseDirection(const std::string& name);

}  // namespace flowlab::core
