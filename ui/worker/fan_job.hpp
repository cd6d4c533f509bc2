#pragma once

#include <QPointF>

#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/pinned_fan.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// A request for the fan of paths through a pinned point.
struct FanRequest {
    std::uint64_t generation = 0;
    std::shared_ptr<const core::FieldSource> field;
    core::InterpolantOptions interpolant;
    QPointF point;   ///< world coordinates
    double t = 0.5;
    core::PinnedFanOptions options;
};

/// Computes the fan on the calling thread (cancellable through `cancelled`).
core::Result<std::shared_ptr<const FanDrawing>> computeFan(const FanRequest& request, const std::atomic<bool>& cancelled);

}  // namespace flowlab::ui
