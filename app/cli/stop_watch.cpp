#include "stop_watch.hpp"

#include <chrono>

#include "interrupt.hpp"

namespace flowlab::cli {

StopWatch::StopWatch(double seconds, std::function<void()> stop) {
    const auto start = std::chrono::steady_clock::now();
    m_thread = std::thread([this, seconds, start, stop = std::move(stop)] {
        while (!m_done.load()) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const bool late = seconds > 0.0 && elapsed >= seconds;
            if (late || interrupted()) {
                m_timeUp = late;
                stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
}

StopWatch::~StopWatch() {
    m_done = true;
    if (m_thread.joinable()) m_thread.join();
}

}  // namespace flowlab::cli
