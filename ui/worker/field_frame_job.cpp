#include "worker/field_frame_job.hpp"

#include "field/streamlines.hpp"

namespace flowlab::ui {
namespace {

const core::Points& pick(const core::FieldValues& v, ArrowField f) {
    switch (f) {
        case ArrowField::Score: return v.score;
        case ArrowField::Denoiser: return v.denoiser;
        case ArrowField::Velocity: break;
    }
    return v.velocity;
}

}  // namespace

unsigned fieldKindOf(ArrowField f) {
    switch (f) {
        case ArrowField::Score: return core::kScore;
        case ArrowField::Denoiser: return core::kDenoiser;
        case ArrowField::Velocity: break;
    }
    return core::kVelocity;
}

core::Result<std::shared_ptr<const FieldFrame>> computeFieldFrame(const FieldFrameRequest& rq, double t) {
    auto frame = std::make_shared<FieldFrame>();
    frame->t = t;
    if (rq.heatmap && rq.exact) {
        auto g = core::evaluateOnGrid(*rq.exact, t, rq.heatGrid, core::kLogDensity);
        if (!g) return g.error();
        frame->logDensity.spec = rq.heatGrid;
        frame->logDensity.values.assign(g->values.logDensity.data(),
                                        g->values.logDensity.data() + g->values.logDensity.size());
    }
    const unsigned kind = fieldKindOf(rq.arrowField);
    if (rq.vectorSource && (rq.arrows || rq.streamlines)) {
        if (!rq.vectorSource->canProvide(kind))
            return core::Error{"the " + rq.vectorSource->label() + " field cannot show the " +
                               toString(rq.arrowField).toStdString()};
        if (rq.arrows) {
            auto g = core::evaluateOnGrid(*rq.vectorSource, t, rq.arrowGrid, kind);
            if (!g) return g.error();
            const core::Points& v = pick(g->values, rq.arrowField);
            frame->vectors.spec = rq.arrowGrid;
            frame->vectors.vx.resize(std::size_t(v.rows()));
            frame->vectors.vy.resize(std::size_t(v.rows()));
            for (Eigen::Index r = 0; r < v.rows(); ++r) {
                frame->vectors.vx[std::size_t(r)] = float(v(r, 0));
                frame->vectors.vy[std::size_t(r)] = float(v(r, 1));
            }
        }
        if (rq.streamlines) {
            auto g = core::evaluateOnGrid(*rq.vectorSource, t, rq.streamGrid, kind);
            if (!g) return g.error();
            core::StreamlineOptions so;
            so.seedsX = std::max(4, rq.streamGrid.nx / 3);
            so.seedsY = std::max(4, rq.streamGrid.ny / 3);
            so.maxSteps = 80;
            so.seed = 7;  // the same seeds at every t, so lines do not jump between frames
            for (const auto& line : core::traceStreamlines(rq.streamGrid, pick(g->values, rq.arrowField), so)) {
                std::vector<QPointF> pts;
                pts.reserve(line.points.size());
                for (const auto& p : line.points) pts.emplace_back(p.x(), p.y());
                frame->streamlines.lines.push_back(std::move(pts));
            }
        }
    }
    return std::shared_ptr<const FieldFrame>(std::move(frame));
}

}  // namespace flowlab::ui
