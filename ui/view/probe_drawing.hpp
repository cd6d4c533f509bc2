#pragma once

#include <QPointF>
#include <QString>

#include <optional>
#include <vector>

namespace flowlab::ui {

/// What the teaching probes show at a pinned point x at time t, in world coordinates: computed
/// from the exact field's posterior (core::ExactField::posterior), drawn by drawProbe. Plain data.
struct ProbeDrawing {
    QPointF x;                         ///< the probed point x_t
    double t = 0.0;
    std::vector<QPointF> componentMeans;  ///< μ1_j of every target component
    std::vector<double> weights;          ///< p(j | x_t), summing to 1
    QPointF meanX0, meanX1;               ///< E[x0 | x_t], E[x1 | x_t]
    /// The three terms of b = α̇ E[x0|x_t] + β̇ E[x1|x_t] + γ̇ E[z|x_t] and their sum.
    QPointF termX0, termX1, termZ, velocity;
    double alphaDot = 0.0, betaDot = 0.0, gammaDot = 0.0;
    /// Velocities are drawn as displacements over this much time (so that b and the grid share
    /// one scale); stated in the probe's caption.
    double arrowTime = 0.2;

    /// Conditional vs marginal: the chosen target component j (−1 when off or for a point x1).
    int component = -1;
    /// Conditional vs marginal for a target point: x1 (then component is −1).
    std::optional<QPointF> targetPoint;
    /// E[x_s | x1 ~ component j] for s from 0 to 1; for a point x1, E[x_s | x_t = x, x1]: from
    /// E[x0 | x_t, x1] through the probed point (at s = t) to x1.
    std::vector<QPointF> conditionalPath;
    QPointF conditionalMean;               ///< E[x_t | x1] (of component j, or the point)
    double conditionalSpread = 0.0;        ///< the standard deviation of x_t given x1 (world units)
    QPointF conditionalVelocity;           ///< u_t(x | j) or u_t(x | x1) at the probe point
    std::vector<QPointF> gridPoints;       ///< where the conditional field u_t(· | x1) is drawn
    std::vector<QPointF> gridVectors;      ///< u_t at those points
    /// The largest weighted conditional velocities p(j|x_t) u_t(x|j) (they sum to b over all j).
    std::vector<QPointF> contributions;

    QString caption;  ///< formula source of the probe's caption (typeset by ui/formula)

    /// True in conditional-vs-marginal mode (a component or a point).
    bool conditional() const { return component >= 0 || targetPoint.has_value(); }
};

}  // namespace flowlab::ui
