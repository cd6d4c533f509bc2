#include "worker/simulation_worker.hpp"

#include <QElapsedTimer>

namespace flowlab::ui {

SimulationWorker::SimulationWorker(QObject* parent)
    : QObject(parent), m_queue(QStringLiteral("flowlab-simulation")) {}

void SimulationWorker::request(SimulationRequest rq) {
    const quint64 generation = rq.generation;
    m_queue.submit([this, rq = std::move(rq)](const JobQueue::CancelFlag& cancelled) {
        QElapsedTimer throttle;
        throttle.start();
        const auto onProgress = [&](double f) {
            if (throttle.elapsed() >= 50) {
                throttle.restart();
                emit progress(rq.generation, f);
            }
        };
        const auto onPreview = [&](const SimulationResult& preview) {
            if (!cancelled.load()) emit finished(preview);
        };
        SimulationResult r = runSimulation(rq, cancelled, onProgress, onPreview);
        if (cancelled.load()) return;  // superseded: nobody wants this result
        emit finished(r);
    }, [this, generation](const QString& message) {
        // An exception: reported like any failure, with the request's generation, so the
        // controller clears "simulating…".
        SimulationResult r;
        r.generation = generation;
        r.error = QStringLiteral("simulation failed: ") + message;
        emit finished(r);
    });
}

}  // namespace flowlab::ui
