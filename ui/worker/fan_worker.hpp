#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "worker/fan_job.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::ui {

/// Computes the fan of paths through a pinned point on its own thread; a new pin supersedes.
class FanWorker : public QObject {
    Q_OBJECT
public:
    explicit FanWorker(QObject* parent = nullptr);

    void request(FanRequest request);
    void cancel() { m_queue.cancel(); }
    bool busy() const { return m_queue.busy(); }

signals:
    void fanReady(quint64 generation, std::shared_ptr<const flowlab::ui::FanDrawing> fan);
    void failed(quint64 generation, const QString& message);

private:
    JobQueue m_queue;
};

}  // namespace flowlab::ui
