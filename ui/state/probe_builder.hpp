#pragma once

#include <QPointF>
#include <QRectF>

#include <memory>
#include <optional>

#include "field/exact_field.hpp"
#include "view/probe_drawing.hpp"

namespace flowlab::ui {

/// Which teaching probe the plane shows at the pinned point.
enum class ProbeMode {
    Off,
    Posterior,    ///< p(k | x_t) on the target components, E[x0|x_t], E[x1|x_t] and b from them
    /// Also the conditional path and field u_t(x | x1) beside the marginal b, for a target point
    /// x1 (ProbeBuilder::setTargetPoint) or, without one, a target component.
    Conditional,
};

/// Builds the probes' drawings from the exact field (exact for mixtures, whatever field the
/// particles use). Cheap enough for every frame: one posterior is one pass over the pairs and the
/// conditional field a 16×12 grid over the base's components (measured in the report). Keeps the
/// conditional component's field between calls.
class ProbeBuilder {
public:
    void setMode(ProbeMode mode) { m_mode = mode; }
    ProbeMode mode() const { return m_mode; }
    /// The target component of "conditional vs marginal"; −1 picks the most probable at the point.
    void setComponent(int component) { m_component = component; }
    int component() const { return m_component; }
    /// The conditional probe's target point x1 (world coordinates): the path from E[x0 | x_t, x1]
    /// through the probed point to x1 and the exact u_t(· | x1). Takes precedence over the
    /// component; nullopt goes back to the component.
    void setTargetPoint(std::optional<QPointF> x1) { m_targetPoint = x1; }
    const std::optional<QPointF>& targetPoint() const { return m_targetPoint; }

    /// The drawing at x and t; the conditional field is sampled over `world` (the visible
    /// rectangle, y up). Null when off or when the field refuses.
    std::shared_ptr<const ProbeDrawing> build(const std::shared_ptr<const core::ExactField>& field, QPointF x, double t,
                                              const QRectF& world);

    /// The target component whose mean is nearest to `world` (−1 without a field).
    static int nearestComponent(const core::ExactField& field, QPointF world);

private:
    void buildForComponent(ProbeDrawing& d, const std::shared_ptr<const core::ExactField>& field, const core::Posterior& post);
    void buildForPoint(ProbeDrawing& d, const core::ExactField& field, const core::Posterior& post, QPointF x1);
    /// Rebuilds m_conditional (the field whose target is `target`) when the key changed.
    void conditionalField(const std::shared_ptr<const core::ExactField>& field, const core::GaussianComponent& target,
                          int component, std::optional<QPointF> point);
    void sampleGrid(ProbeDrawing& d, double t, const QRectF& world) const;

    ProbeMode m_mode = ProbeMode::Off;
    int m_component = -1;
    std::optional<QPointF> m_targetPoint;
    // u_t(· | j) or u_t(· | x1): the exact field with the target reduced to component j or to a
    // point mass at x1, rebuilt when the target or the field changes.
    std::shared_ptr<const core::ExactField> m_conditionalOf;
    int m_conditionalComponent = -1;
    std::optional<QPointF> m_conditionalPoint;
    std::shared_ptr<const core::ExactField> m_conditional;
};

}  // namespace flowlab::ui
