#include "worker/job_queue.hpp"

#include <QMetaObject>

#include <exception>

#if defined(__linux__)
#include <sys/resource.h>
#endif

namespace flowlab::ui {

JobQueue::JobQueue(const QString& threadName, QObject* parent) : QObject(parent) {
    m_thread.setObjectName(threadName);
    m_runner = new QObject();
    m_runner->moveToThread(&m_thread);
    m_thread.start(QThread::LowPriority);
    // QThread priorities do nothing under Linux's default scheduler; a higher nice value (per
    // thread on Linux, inherited by threads it starts, such as the trainer's workers) lets the
    // GUI thread win the CPU when simulation and training keep the other cores busy.
    QMetaObject::invokeMethod(m_runner, [] {
#if defined(__linux__)
        setpriority(PRIO_PROCESS, 0, kWorkerNice);
#endif
    }, Qt::QueuedConnection);
}

JobQueue::~JobQueue() {
    cancel();
    m_thread.quit();
    m_thread.wait();
    // The thread is joined, so the runner (which lived there) can be deleted from here.
    delete m_runner;
}

void JobQueue::submit(Job job, ErrorHandler onError) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_runningFlag) m_runningFlag->store(true);
        if (m_pendingFlag) m_pendingFlag->store(true);
        m_pending = std::move(job);
        m_pendingOnError = std::move(onError);
        m_pendingFlag = std::make_shared<CancelFlag>(false);
        m_busy.store(true);
    }
    ++m_outstanding;
    QMetaObject::invokeMethod(m_runner, [this] { runPending(); }, Qt::QueuedConnection);
}

void JobQueue::cancel() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_runningFlag) m_runningFlag->store(true);
    if (m_pendingFlag) m_pendingFlag->store(true);
    m_pending = nullptr;
    m_pendingOnError = nullptr;
    m_pendingFlag.reset();
}

void JobQueue::runPending() {
    Job job;
    std::shared_ptr<CancelFlag> flag;
    ErrorHandler onError;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        job = std::move(m_pending);
        m_pending = nullptr;
        onError = std::move(m_pendingOnError);
        m_pendingOnError = nullptr;
        flag = std::move(m_pendingFlag);
        m_runningFlag = flag;
    }
    if (job && flag && !flag->load()) {
        try {
            job(*flag);
        } catch (const std::exception& e) {
            if (onError) onError(QString::fromUtf8(e.what()));
        } catch (...) {
            if (onError) onError(QStringLiteral("unknown error in a background job"));
        }
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_runningFlag == flag) m_runningFlag.reset();
    if (--m_outstanding == 0) m_busy.store(false);
}

}  // namespace flowlab::ui
