#include "worker/field_frame_worker.hpp"

namespace flowlab::ui {

FieldFrameWorker::FieldFrameWorker(QObject* parent) : QObject(parent), m_queue(QStringLiteral("flowlab-fields")) {
    m_queue.setErrorHandler([this](const QString& message) { emit failed(0, message); });
}

void FieldFrameWorker::request(FieldFrameRequest rq) {
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
    });
}

}  // namespace flowlab::ui
