#include "worker/fan_worker.hpp"

namespace flowlab::ui {

FanWorker::FanWorker(QObject* parent) : QObject(parent), m_queue(QStringLiteral("flowlab-fan")) {}

void FanWorker::request(FanRequest rq) {
    const quint64 generation = rq.generation;
    m_queue.submit([this, rq = std::move(rq)](const JobQueue::CancelFlag& cancelled) {
        auto fan = computeFan(rq, cancelled);
        if (cancelled.load()) return;
        if (!fan)
            emit failed(rq.generation, QString::fromStdString(fan.message()));
        else
            emit fanReady(rq.generation, *fan);
    }, [this, generation](const QString& message) { emit failed(generation, message); });
}

}  // namespace flowlab::ui
