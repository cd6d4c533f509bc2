#include "train/step_pool.hpp"

namespace flowlab::core {

StepPool::StepPool(int size, std::function<void()> threadInit) {
    for (int i = 1; i < size; ++i) m_threads.emplace_back([this, i, threadInit] { loop(i, threadInit); });
}

StepPool::~StepPool() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) t.join();
}

void StepPool::loop(int index, const std::function<void()>& threadInit) {
    if (threadInit) threadInit();
    unsigned long long seen = 0;
    for (;;) {
        const std::function<void(int)>* job = nullptr;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_quit || m_generation != seen; });
            if (m_quit) return;
            seen = m_generation;
            job = m_job;
        }
        std::exception_ptr error;
        try {
            (*job)(index);
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        if (error && !m_error) m_error = error;
        if (--m_pending == 0) m_done.notify_one();
    }
}

void StepPool::run(const std::function<void(int)>& job) {
    if (m_threads.empty()) {
        job(0);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_job = &job;
        m_pending = static_cast<int>(m_threads.size());
        m_error = nullptr;
        ++m_generation;
    }
    m_wake.notify_all();
    std::exception_ptr own;
    try {
        job(0);
    } catch (...) {
        own = std::current_exception();
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [&] { return m_pending == 0; });
    if (own) std::rethrow_exception(own);
    if (m_error) std::rethrow_exception(m_error);
}

}  // namespace flowlab::core
