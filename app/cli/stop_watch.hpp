#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace flowlab::cli {

/// Stops a training run as soon as Ctrl-C is pressed (inside an InterruptScope) or `seconds` of
/// wall time have passed (none when ≤ 0), whatever the interval between progress reports: a
/// thread of its own polls every 20 ms and calls `stop` (a trainer's requestStop(), which may be
/// called from any thread) once. The progress callback alone heard it only at the next report,
/// which at --steps 1000000 is 50 000 steps away. Joined in the destructor.
class StopWatch {
public:
    StopWatch(double seconds, std::function<void()> stop);
    ~StopWatch();
    StopWatch(const StopWatch&) = delete;
    StopWatch& operator=(const StopWatch&) = delete;

    /// True once the time limit (not Ctrl-C) asked the run to stop.
    bool timeUp() const { return m_timeUp.load(); }

private:
    std::atomic<bool> m_done{false};
    std::atomic<bool> m_timeUp{false};
    std::thread m_thread;
};

}  // namespace flowlab::cli
