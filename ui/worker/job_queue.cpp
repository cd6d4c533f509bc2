#include "worker/job_queue.hpp"

#include <QMetaObject>

#include <exception>

namespace flowlab::ui {

JobQueue::JobQueue(const QString& threadName, QObject* parent) : QObject(parent) {
    m_thread.setObjectName(threadName);
    m_runner = new QObject();
    m_runner->moveToThread(&m_thread);
    m_thread.start(QThread::LowPriority);
}

JobQueue::~JobQueue() {
    cancel();
    m_thread.quit();
    m_thread.wait();
    // The thread is joined, so the runner (which lived there) can be deleted from here.
    delete m_runner;
}

void JobQueue::setErrorHandler(ErrorHandler handler) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_onError = std::move(handler);
}

void JobQueue::submit(Job job) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_runningFlag) m_runningFlag->store(true);
        if (m_pendingFlag) m_pendingFlag->store(true);
        m_pending = std::move(job);
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
        flag = std::move(m_pendingFlag);
        m_runningFlag = flag;
        onError = m_onError;
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
