#pragma once

#include <vector>

#include "common/rng.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// Options of the entropic OT solver.
struct SinkhornOptions {
    double epsilon = 0.1;      ///< absolute entropic regularisation λ (in units of the cost), > 0
    int maxIterations = 1000;  ///< full (row + column) updates
    double tolerance = 1e-6;   ///< stop when Σ_i |π(i, ·) 1 − 1/n| falls below this (L1)
};

/// The entropic OT plan between uniform weights on n rows and m columns.
struct SinkhornPlan {
    Matrix plan;              ///< π(i, j) ≥ 0, Σ π = 1; rows sum to 1/n, columns to 1/m
    int iterations = 0;
    double marginalError = 0; ///< L1 distance of the row sums to 1/n (the columns are exact)
    bool converged = false;
};

/// min_π ⟨C, π⟩ − λ H(π) with uniform marginals, by Sinkhorn iterations in the log domain
/// (log-sum-exp on the dual potentials), which stay finite where exp(−C/λ) would underflow, and
/// with ε-scaling (λ halved stage by stage from a fiftieth of the mean cost over the c-transforms
/// down to λ), so that a small λ converges in hundreds rather than tens of thousands of iterations.
/// `maxIterations` bounds all stages together.
SinkhornPlan solveSinkhorn(const Matrix& cost, const SinkhornOptions& options);

/// The same with row weights a and column weights b (positive, equal totals): rows then sum to
/// a up to marginalError, columns to b. The uniform overload is this with a = 1/n, b = 1/m.
SinkhornPlan solveSinkhorn(const Matrix& cost, const Vector& a, const Vector& b, const SinkhornOptions& options);

/// Altschuler, Weed and Rigollet's rounding (2017): the nearest plan, in their L1 sense, whose
/// rows sum to a and columns to b exactly (up to rounding): scale down the rows and columns that
/// carry too much, then add the outer product of what is missing. Keeps every entry ≥ 0.
Matrix roundToMarginals(const Matrix& plan, const Vector& a, const Vector& b);

/// The plan a training batch's pairs are drawn from: solveSinkhorn with uniform marginals, and,
/// when it stopped short of the tolerance, roundToMarginals onto them, so that the drawn pairs use
/// every row and column equally often in expectation (a coupling of the batch) whatever λ is.
Matrix sinkhornCouplingPlan(const Matrix& cost, const SinkhornOptions& options);

/// For each row i, a column drawn from the plan's conditional π(j | i) = n π(i, j): the rows keep
/// their marginal exactly and the columns follow the plan's (uniform up to marginalError).
std::vector<int> sampleColumnsFromPlan(const Matrix& plan, Rng& rng);

}  // namespace flowlab::core
