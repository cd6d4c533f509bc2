#include "worker/image_simulation_worker.hpp"

#include <QElapsedTimer>

namespace flowlab::ui {

ImageSimulationWorker::ImageSimulationWorker(QObject* parent)
    : QObject(parent), m_queue(QStringLiteral("flowlab-images")) {
    qRegisterMetaType<flowlab::ui::ImageSimulationResult>();
}

void ImageSimulationWorker::request(ImageSimulationRequest rq) {
    const quint64 generation = rq.generation;
    m_queue.submit([this, rq = std::move(rq)](const JobQueue::CancelFlag& cancelled) {
        QElapsedTimer throttle;
        throttle.start();
        ImageSimulationResult r = runImageSimulation(rq, cancelled, [&](double f) {
            if (throttle.elapsed() >= 50) {
                throttle.restart();
                emit progress(rq.generation, f);
            }
        });
        if (cancelled.load()) return;  // superseded: nobody wants this result
        emit finished(r);
    }, [this, generation](const QString& message) {
        ImageSimulationResult r;
        r.generation = generation;
        r.error = QStringLiteral("image simulation failed: ") + message;
        emit finished(r);
    });
}

}  // namespace flowlab::ui
