#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "net/train_options.hpp"

namespace flowlab::core {

/// One curve of a learning-curve experiment: an interpolant (family and γ) and its name
/// ("fm-ot", "linear:brownian").
struct LearningCurveMethod {
    std::string name;
    InterpolantOptions interpolant;
};

/// Comma-separated FAMILY or FAMILY:GAMMA (linear:brownian), 1 to 8 of them; γ is zero unless
/// given, every other interpolant parameter comes from `base`. The error names the bad entry.
Result<std::vector<LearningCurveMethod>> parseLearningCurveMethods(const std::string& list,
                                                                   const InterpolantOptions& base);

/// The methods of the "flow matching trains faster than diffusion" plot: fm-ot, vp, trig, linear:brownian.
constexpr const char* kDefaultLearningCurveMethods = "fm-ot,vp,trig,linear:brownian";

/// How the curves are trained and measured. Validates itself.
struct LearningCurveOptions {
    /// The same network, batch, optimiser, steps and seed for every method; the target must be
    /// the velocity b, and progressEvery is the measurement interval K.
    TrainerOptions trainer;
    /// Probability-flow ODE samples (Heun, 50 steps) of each energy distance, in [100, 20000].
    int samples = 1000;
    /// Train the methods round-robin, K steps each in turn (a live race), instead of one after
    /// another. Either way every method's curve is the same: a run paused at a measurement
    /// continues exactly as it would have.
    bool interleaved = false;

    std::string validate() const;
};

/// One measurement of one method's network.
struct LearningCurvePoint {
    std::string method;
    int step = 0;
    double seconds = 0.0;         ///< training time of this method so far
    double emaLoss = 0.0;
    /// Relative L2 error of the learned b against the exact b over x ~ ρ_t, t = 0.1 … 0.9
    /// (400 points per time, seeded by the trainer's seed + 1).
    double fieldError = 0.0;
    /// Energy distance of `samples` ODE samples to as many target samples (unbiased: near 0 it
    /// can dip below 0); the same seeds for every method and step.
    double energyDistance = 0.0;
};

/// Receives each point as it is measured (on the calling thread); returning false stops.
using LearningCurveCallback = std::function<bool(const LearningCurvePoint&)>;

struct LearningCurve {
    std::vector<LearningCurvePoint> points;  ///< per method in order of step (interleaved: by round)
    bool stopped = false;                    ///< the callback stopped it early
};

/// Trains an MLP for b on (base, target) under each method and measures it every K steps
/// (docs/maths.md §5, §12). Fails on invalid options, a method the densities refuse, or a
/// network that diverges or becomes non-finite (naming the method and step).
Result<LearningCurve> learningCurve(const GaussianMixture& base, const GaussianMixture& target,
                                    const std::vector<LearningCurveMethod>& methods,
                                    const LearningCurveOptions& options, const LearningCurveCallback& callback = {});

/// CSV with the header family,step,seconds,ema_loss,field_error,energy_distance.
std::string learningCurveCsv(const std::vector<LearningCurvePoint>& points);

}  // namespace flowlab::core
