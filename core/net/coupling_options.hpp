#pragma once

#include <string>

#include "common/result.hpp"
#include "common/types.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// How training pairs (x0, x1) are drawn (docs/maths.md §12). Part of the method: a network
/// trained under one coupling learns a different field from one trained under another.
enum class CouplingKind {
    Independent,  ///< x0 ~ base and x1 ~ target drawn independently (the §4 closed form holds)
    MinibatchOt,  ///< per minibatch, the permutation minimising Σ ‖x0_i − x1_π(i)‖² (exact assignment)
    Sinkhorn,     ///< pairs sampled from the entropic OT plan of each minibatch (Schrödinger-bridge CFM)
    Reflow,       ///< pairs (x0, Φ_1(x0)) through the ODE flow map of a previously trained model
    /// Couplings of the mixture components (docs/maths.md §12): a plan π_ij with the component
    /// weights as marginals; a pair draws (i, j) from π, then x0 from base component i and x1
    /// from target component j. The exact field of §4 holds with w_k = π_ij.
    ComponentOt,        ///< π = the discrete OT plan of the component weights, cost W2²(N_i, N_j)
    ComponentSinkhorn,  ///< π = the entropic OT plan of that problem (regularisation as for Sinkhorn)
    ComponentMatrix,    ///< π given explicitly (a scene file's coupling "matrix")
};

/// A coupling and its parameters. Written and read as one word: `independent`, `ot`,
/// `sinkhorn:REG`, `reflow:MODEL`, `components-ot` or `components-sinkhorn:REG` (an explicit
/// `components-matrix` comes only from a scene file, which holds the matrix).
struct CouplingOptions {
    CouplingKind kind = CouplingKind::Independent;
    /// Sinkhorn: the entropic regularisation λ as a fraction of the mean squared distance
    /// E‖x0 − x1‖² of independent pairs, in [1e-4, 10]. Small is close to exact OT, large to
    /// independent. SB-CFM pairs it with γ(t) = σ √(t(1 − t)), λ = 2σ² (a-brownian, a = λ / 2).
    double regularisation = 0.05;
    /// Reflow: the model file whose ODE flow map makes the pairs (any field that gives b).
    std::string reflowModel;
    /// Reflow: RK4 steps of that flow map (each pair costs 4 × this many network evaluations;
    /// 16 RK4 steps follow a trained 2D flow to well under its own error).
    int reflowSteps = 16;
    /// Reflow: the pool of pairs drawn once, before training (as the rectified-flow paper
    /// does); each pair is reused about steps · batch / reflowPairs times.
    int reflowPairs = 8192;
    /// ComponentMatrix: π_ij, base components by row, target components by column (checked
    /// against the mixtures' weights when the plan is built: train/component_plan.hpp).
    Matrix componentMatrix;

    /// Exact assignment is O(n³): minibatches up to this many fresh pairs.
    static constexpr int kMaxOtBatch = 512;

    /// Empty when valid, else the problem in words.
    std::string validate() const;
    /// True for every coupling but Independent: the exact mixture field is then not the field
    /// the training learns (it has no closed form), only a learned one is.
    bool isCoupled() const { return kind != CouplingKind::Independent; }
    /// True for the couplings of mixture components: pairs are drawn component by component and
    /// the exact field exists (with the plan's weights).
    bool isComponentCoupling() const {
        return kind == CouplingKind::ComponentOt || kind == CouplingKind::ComponentSinkhorn ||
               kind == CouplingKind::ComponentMatrix;
    }
    /// True where the closed-form exact field of the coupled pair exists: independent and the
    /// component couplings. Minibatch OT, Sinkhorn and reflow are learned only.
    bool hasExactField() const { return kind == CouplingKind::Independent || isComponentCoupling(); }
    /// "independent", "ot", "sinkhorn:0.05", "reflow:PATH".
    std::string spec() const;
    bool operator==(const CouplingOptions& o) const {
        return kind == o.kind && regularisation == o.regularisation && reflowModel == o.reflowModel &&
               reflowSteps == o.reflowSteps && reflowPairs == o.reflowPairs &&
               componentMatrix.rows() == o.componentMatrix.rows() &&
               componentMatrix.cols() == o.componentMatrix.cols() && componentMatrix == o.componentMatrix;
    }
    bool operator!=(const CouplingOptions& o) const { return !(*this == o); }
};

/// Parses `independent`, `ot`, `sinkhorn:REG` (REG defaults to 0.05 when omitted),
/// `reflow:MODEL`, `components-ot` or `components-sinkhorn:REG`; the error names the accepted forms.
Result<CouplingOptions> parseCoupling(const std::string& spec);

/// "independent", "ot", "sinkhorn", "reflow", "components-ot", "components-sinkhorn", "components-matrix".
std::string toString(CouplingKind kind);

/// {"kind", "regularisation", "reflow_model", "reflow_steps", "reflow_pairs"} (and "matrix", rows
/// of numbers, for components-matrix), and back (validated).
JsonValue couplingToJson(const CouplingOptions& options);
Result<CouplingOptions> couplingFromJson(const JsonValue& json);

}  // namespace flowlab::core
