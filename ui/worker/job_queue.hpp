#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace flowlab::ui {

/// Runs jobs one at a time on its own thread, newest first: submitting a job cancels the one
/// that is running (through its atomic flag) and replaces any job still waiting, so the GUI never
/// queues behind stale work. A job reports through queued signals of the object that submitted
/// it. Exceptions thrown by a job are caught here, at the worker edge, and passed to the error
/// handler submitted with that job, so a failure report carries what its request carried (its
/// generation): no failure is dropped as "from an unknown request".
class JobQueue : public QObject {
    Q_OBJECT
public:
    /// What a job receives: its cancel flag (poll it; stop early when it is set).
    using CancelFlag = std::atomic<bool>;
    using Job = std::function<void(const CancelFlag& cancelled)>;
    using ErrorHandler = std::function<void(const QString& message)>;
    /// Niceness of the worker threads (Linux), so the GUI thread comes first.
    static constexpr int kWorkerNice = 8;

    explicit JobQueue(const QString& threadName, QObject* parent = nullptr);
    /// Cancels the running job and joins the thread.
    ~JobQueue() override;

    /// Queues `job`, superseding the running and the waiting one. `onError` is called (on the
    /// worker thread) with the message of an exception `job` throws. Thread-safe.
    void submit(Job job, ErrorHandler onError = {});
    /// Cancels the running job and drops the waiting one.
    void cancel();
    /// True while a job runs or waits.
    bool busy() const { return m_busy.load(); }

private:
    void runPending();

    QThread m_thread;
    QObject* m_runner = nullptr;  // lives on m_thread; receives the queued run calls
    std::mutex m_mutex;
    Job m_pending;
    ErrorHandler m_pendingOnError;
    std::shared_ptr<CancelFlag> m_runningFlag;
    std::shared_ptr<CancelFlag> m_pendingFlag;
    std::atomic<int> m_outstanding{0};
    std::atomic<bool> m_busy{false};
};

}  // namespace flowlab::ui
