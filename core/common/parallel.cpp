#include "common/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace flowlab::core {

int hardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

int resolveThreads(int requested) { return requested > 0 ? requested : hardwareThreads(); }

void parallelFor(std::int64_t count, int threads, const std::function<void(std::int64_t)>& body) {
    if (count <= 0) return;
    const int n = static_cast<int>(std::min<std::int64_t>(resolveThreads(threads), count));
    if (n <= 1) {
        for (std::int64_t i = 0; i < count; ++i) body(i);
        return;
    }
    std::atomic<std::int64_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    const auto work = [&]() {
        try {
            for (std::int64_t i = next++; i < count; i = next++) body(i);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure) failure = std::current_exception();
            next = count;  // stop handing out work
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(std::size_t(n - 1));
    for (int i = 1; i < n; ++i) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace flowlab::core
