#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/clean_estimate.hpp"
#include "field/field_source.hpp"
#include "images/image_dataset.hpp"
#include "images/memorisation.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// What the inspector shows of one sample x_t at time t (docs/maths.md §3, §10): the state, the
/// field's estimates of its parts and where it stands relative to the training set. Plain values,
/// so a worker can compute it and hand it to the GUI by copy.
struct SampleInspection {
    double t = 0.0;
    Eigen::RowVectorXd state;        ///< x_t
    Eigen::RowVectorXd clean;        ///< E[x1 | x_t], the denoiser's estimate of the clean image
    Eigen::RowVectorXd noise;        ///< E[x0 | x_t], the estimate of the base sample (the noise)
    Eigen::RowVectorXd latentNoise;  ///< E[z | x_t]; empty when the path has no latent noise at t
    Eigen::RowVectorXd velocity;     ///< b(t, x_t)
    CleanEstimateRoute route = CleanEstimateRoute::Score;  ///< which field E[x1 | x_t] came from
    std::string fieldLabel;          ///< the field's label ("exact (4000 images)", "learned b (U-Net …)")
    NearestImage nearestToState;     ///< training image nearest to x_t (≈ 0 at t = 1 for a memorising field)
    NearestImage nearestToClean;     ///< training image nearest to E[x1 | x_t]: where the sample is heading
    Eigen::RowVectorXd nearestImage; ///< the pixels of nearestToState's image
};

/// Inspects one sample `x` (a row of d values) at time t against the training images `train`.
/// One evaluation of the field (posteriorEstimates: one code path for exact and learned fields)
/// and two nearest-image passes. Fails with the reason of whichever step fails.
Result<SampleInspection> inspectSample(const FieldSource& field, const Interpolant& interpolant, double t,
                                       const Eigen::RowVectorXd& x, const ImageDataset& train);

/// Frames of one sample's trajectory: the stored state nearest in time to each requested time,
/// with the time it really has (never an interpolated picture the sampler did not produce).
struct Filmstrip {
    std::vector<double> times;  ///< the stored time of every frame
    Points frames;              ///< one row per frame
};

/// `count` times evenly spaced over [t0, t1], ends included (count ≥ 2; 1 gives t1).
std::vector<double> evenTimes(int count, double t0 = 0.0, double t1 = 1.0);

/// Picks from a recorded trajectory (SampleResult::times / trajectory: one Points per stored
/// step, one row per sample) the frames of sample `index` nearest to each time in `at`. Fails on
/// an empty or inconsistent trajectory, an index out of range, or a requested time outside [0, 1].
Result<Filmstrip> makeFilmstrip(const std::vector<double>& times, const std::vector<Points>& trajectory,
                                Eigen::Index index, const std::vector<double>& at);

}  // namespace flowlab::core
