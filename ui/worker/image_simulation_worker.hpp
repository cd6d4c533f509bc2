#pragma once

#include <QObject>

#include "worker/image_simulation_job.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::ui {

/// Prepares and simulates image scenes on its own thread, in the style of SimulationWorker: a new
/// request supersedes the running one (atomic cancel), results and failures arrive as copied
/// values through queued signals, tagged with the request's generation; exceptions are caught at
/// the worker edge and reported like any failure.
class ImageSimulationWorker : public QObject {
    Q_OBJECT
public:
    explicit ImageSimulationWorker(QObject* parent = nullptr);

    void request(ImageSimulationRequest request);
    void cancel() { m_queue.cancel(); }
    bool busy() const { return m_queue.busy(); }

signals:
    /// Fraction done of the run of `generation` (throttled to about 20 per second).
    void progress(quint64 generation, double fraction);
    /// The result or a failure (result.ok false; cancelled runs are not sent).
    void finished(const flowlab::ui::ImageSimulationResult& result);

private:
    JobQueue m_queue;
};

}  // namespace flowlab::ui
