#include "worker/field_frame_worker.hpp"

namespace flowlab::ui {

FieldFrameWorker::FieldFrameWorker(QObject* parent) : QObject(parent), m_queue(QStringLiteral("flowlab-fields")) {}

void FieldFrameWorker::request(FieldFrameRequest rq) {
    const quint64 generation = rq.generation;
    m_queue.submit([this, rq = std::move(rq)](const JobQueue::CancelFlag& cancelled) {
        for (double t : rq.times) {
            if (cancelled.load()) return;
            auto frame = computeFieldFrame(rq, t);
            if (cancelled.load()) return;
            if (!frame) {
                emit failed(rq.generation, QString::fromStdString(frame.message()));
                return;
            }
            emit frameReady(rq.generation, *frame);
        }
    }, [this, generation](const QString& message) { emit failed(generation, message); });
}

}  // namespace flowlab::ui
