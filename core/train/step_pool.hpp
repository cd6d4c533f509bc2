#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace flowlab::core {

/// A small fixed team of threads for the training step's data parallelism: run(job) calls
/// job(i) for every i in [0, size()) at once, index 0 on the calling thread, and returns when
/// all are done. One synchronisation per call, instead of one per torch operation as intra-op
/// threading has. An exception thrown by a job is rethrown by run() after the others finish.
class StepPool {
public:
    /// `size` ≥ 1 workers (size − 1 threads are started); `threadInit` runs once on each
    /// started thread before its first job (e.g. to fix that thread's torch settings).
    explicit StepPool(int size, std::function<void()> threadInit = {});
    ~StepPool();
    StepPool(const StepPool&) = delete;
    StepPool& operator=(const StepPool&) = delete;

    void run(const std::function<void(int)>& job);
    int size() const { return static_cast<int>(m_threads.size()) + 1; }

private:
    void loop(int index, const std::function<void()>& threadInit);

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(int)>* m_job = nullptr;
    unsigned long long m_generation = 0;
    int m_pending = 0;
    bool m_quit = false;
    std::exception_ptr m_error;
};

}  // namespace flowlab::core
