#pragma once

#include <QPointF>
#include <QRectF>

#include <memory>

#include "field/exact_field.hpp"
#include "view/probe_drawing.hpp"

namespace flowlab::ui {

/// Which teaching probe the plane shows at the pinned point.
enum class ProbeMode {
    Off,
    Posterior,    ///< p(k | x_t) on the target components, E[x0|x_t], E[x1|x_t] and b from them
    Conditional,  ///< also one component's conditional path and field u_t(x | x1), beside the marginal b
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

    /// The drawing at x and t; the conditional field is sampled over `world` (the visible
    /// rectangle, y up). Null when off or when the field refuses.
    std::shared_ptr<const ProbeDrawing> build(const std::shared_ptr<const core::ExactField>& field, QPointF x, double t,
                                              const QRectF& world);

    /// The target component whose mean is nearest to `world` (−1 without a field).
    static int nearestComponent(const core::ExactField& field, QPointF world);

private:
    ProbeMode m_mode = ProbeMode::Off;
    int m_component = -1;
    // u_t(· | j): the exact field with the target reduced to component j, rebuilt when j or the
    // field changes.
    std::shared_ptr<const core::ExactField> m_conditionalOf;
    int m_conditionalComponent = -1;
    std::shared_ptr<const core::ExactField> m_conditional;
};

}  // namespace flowlab::ui
