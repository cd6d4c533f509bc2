// Background jobs: a new job supersedes (cancels) the running one; exceptions stay on the worker.
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "worker/job_queue.hpp"

using flowlab::ui::JobQueue;

class JobQueueTest : public QObject {
    Q_OBJECT
private slots:
    void newJob_cancelsTheRunningOne() {
        JobQueue q(QStringLiteral("test"));
        std::atomic<bool> firstStarted{false}, firstSawCancel{false}, secondRan{false};
        q.submit([&](const JobQueue::CancelFlag& cancelled) {
            firstStarted = true;
            for (int i = 0; i < 5000 && !cancelled.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            firstSawCancel = cancelled.load();
        });
        QTRY_VERIFY_WITH_TIMEOUT(firstStarted.load(), 5000);
        q.submit([&](const JobQueue::CancelFlag&) { secondRan = true; });
        QTRY_VERIFY_WITH_TIMEOUT(secondRan.load(), 5000);
        QVERIFY(firstSawCancel.load());
        QTRY_VERIFY_WITH_TIMEOUT(!q.busy(), 5000);
    }
    void waitingJobs_areReplacedByTheNewest() {
        JobQueue q(QStringLiteral("test"));
        std::atomic<bool> release{false};
        std::atomic<int> ran{0}, last{0};
        q.submit([&](const JobQueue::CancelFlag&) {
            while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        for (int i = 1; i <= 5; ++i)
            q.submit([&, i](const JobQueue::CancelFlag&) {
                ++ran;
                last = i;
            });
        release = true;
        QTRY_VERIFY_WITH_TIMEOUT(!q.busy(), 5000);
        QCOMPARE(ran.load(), 1);
        QCOMPARE(last.load(), 5);
    }
    void exception_isReportedNotThrown() {
        JobQueue q(QStringLiteral("test"));
        std::atomic<bool> reported{false};
        QString message;
        q.submit([](const JobQueue::CancelFlag&) { throw std::runtime_error("boom"); },
                 [&](const QString& m) {
                     message = m;
                     reported = true;
                 });
        QTRY_VERIFY_WITH_TIMEOUT(reported.load(), 5000);
        QCOMPARE(message, QStringLiteral("boom"));
        // The queue still works afterwards.
        std::atomic<bool> ran{false};
        q.submit([&](const JobQueue::CancelFlag&) { ran = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ran.load(), 5000);
    }
    void exception_goesToTheHandlerOfItsOwnJob() {
        // A job that throws after a newer one was submitted still reports through its own handler
        // (which carries, say, its request's generation), not through the newer job's.
        JobQueue q(QStringLiteral("test"));
        std::atomic<int> failedJob{0};
        std::atomic<bool> started{false}, gate{false}, secondRan{false};
        q.submit([&](const JobQueue::CancelFlag&) {
            started = true;
            while (!gate.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            throw std::runtime_error("first");
        }, [&](const QString&) { failedJob = 1; });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 5000);
        q.submit([&](const JobQueue::CancelFlag&) { secondRan = true; }, [&](const QString&) { failedJob = 2; });
        gate = true;
        QTRY_VERIFY_WITH_TIMEOUT(secondRan.load(), 5000);
        QCOMPARE(failedJob.load(), 1);
    }
    void destruction_cancelsAndJoins() {
        std::atomic<bool> sawCancel{false};
        {
            JobQueue q(QStringLiteral("test"));
            std::atomic<bool> started{false};
            q.submit([&](const JobQueue::CancelFlag& cancelled) {
                started = true;
                while (!cancelled.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                sawCancel = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(started.load(), 5000);
        }
        QVERIFY(sawCancel.load());
    }
};

QTEST_MAIN(JobQueueTest)
#include "job_queue_test.moc"
