#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "worker/field_frame_job.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::ui {

/// Computes heatmap, arrow and streamline frames on its own thread, one time after another in
/// the order requested, sending each frame as soon as it is done. A new request supersedes the
/// running one (frames already sent stay valid for their generation).
class FieldFrameWorker : public QObject {
    Q_OBJECT
public:
    explicit FieldFrameWorker(QObject* parent = nullptr);

    void request(FieldFrameRequest request);
    void cancel() { m_queue.cancel(); }
    bool busy() const { return m_queue.busy(); }

signals:
    void frameReady(quint64 generation, std::shared_ptr<const flowlab::ui::FieldFrame> frame);
    void failed(quint64 generation, const QString& message);

private:
    JobQueue m_queue;
};

}  // namespace flowlab::ui
