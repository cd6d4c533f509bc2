#pragma once

#include <cstdint>
#include <functional>

namespace flowlab::core {

/// Number of hardware threads (at least 1).
int hardwareThreads();

/// The thread count to use for a request: `requested` > 0 as given, 0 = all hardware threads.
int resolveThreads(int requested);

/// Runs body(i) for i in [0, count) on up to `threads` threads (0 = all cores), the calling
/// thread included; chunks are handed out dynamically. Threads are plain std::threads created
/// per call and joined before returning: nothing spins while idle, so a GUI thread sharing the
/// machine keeps its core. Each index is processed by exactly one thread, so results do not
/// depend on the thread count. Exceptions from body are rethrown (the first one) after the join.
void parallelFor(std::int64_t count, int threads, const std::function<void(std::int64_t)>& body);

}  // namespace flowlab::core
