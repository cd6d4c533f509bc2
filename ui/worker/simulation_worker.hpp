#pragma once

#include <QObject>

#include "worker/job_queue.hpp"
#include "worker/simulation_job.hpp"

namespace flowlab::ui {

/// Simulates particle sets on its own thread. A new request supersedes the running one; results
/// (a quick preview first when the run is slow, then the full set, or a failure) arrive as
/// copied values through queued signals, tagged with the request's generation.
class SimulationWorker : public QObject {
    Q_OBJECT
public:
    explicit SimulationWorker(QObject* parent = nullptr);

    void request(SimulationRequest request);
    void cancel() { m_queue.cancel(); }
    bool busy() const { return m_queue.busy(); }

signals:
    /// Fraction done of the simulation of `generation` (throttled to about 20 per second).
    void progress(quint64 generation, double fraction);
    /// A preview, the full result, or a failure (result.ok false; "cancelled" ones are not sent).
    void finished(const flowlab::ui::SimulationResult& result);

private:
    JobQueue m_queue;
};

}  // namespace flowlab::ui
