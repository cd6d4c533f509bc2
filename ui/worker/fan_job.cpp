#include "worker/fan_job.hpp"

#include <atomic>

namespace flowlab::ui {

core::Result<std::shared_ptr<const FanDrawing>> computeFan(const FanRequest& rq, const std::atomic<bool>& cancelled) {
    if (!rq.field) return core::Error{"no field to integrate"};
    auto interp = core::Interpolant::create(rq.interpolant);
    if (!interp) return interp.error();
    const core::Vector x = (core::Vector(2) << rq.point.x(), rq.point.y()).finished();
    auto fan = core::pinnedFan(*rq.field, *interp, x, rq.t, rq.options, [&](double) { return !cancelled.load(); });
    if (!fan) return fan.error();
    auto d = std::make_shared<FanDrawing>();
    d->times = fan->times;
    d->pin = rq.point;
    d->pinT = rq.t;
    const auto toPoints = [](const core::Points& p) {
        std::vector<QPointF> out;
        out.reserve(std::size_t(p.rows()));
        for (Eigen::Index r = 0; r < p.rows(); ++r) out.emplace_back(p(r, 0), p(r, 1));
        return out;
    };
    for (const auto& path : fan->sdePaths) d->sde.push_back(toPoints(path));
    d->ode = toPoints(fan->odePath);
    return std::shared_ptr<const FanDrawing>(std::move(d));
}

}  // namespace flowlab::ui
