#include "train/threading.hpp"

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <ATen/Parallel.h>

namespace flowlab::core {

namespace {

// OpenBLAS is a dependency of Debian's libtorch, not of FlowLab: look its controls up at run
// time instead of linking it, so that another BLAS simply means "no control".
template <class Fn>
Fn blasSymbol(const char* name) {
    return reinterpret_cast<Fn>(::dlsym(RTLD_DEFAULT, name));
}

/// The kernels to use when OpenBLAS did not recognise the CPU, "" when the CPU has neither set.
const char* kernelsForThisCpu() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return "";
}

}  // namespace

std::string blasCoreName() {
    auto name = blasSymbol<char* (*)()>("openblas_get_corename");
    const char* n = name ? name() : nullptr;
    return n ? std::string(n) : std::string();
}

std::string selectBlasKernels() {
    static std::once_flag once;
    std::call_once(once, [] {
        // OpenBLAS's own entry points for its start-up choice: quit forgets the table, init
        // chooses again and reads OPENBLAS_CORETYPE as it does when the library loads.
        auto quit = blasSymbol<void (*)()>("gotoblas_dynamic_quit");
        auto init = blasSymbol<void (*)()>("gotoblas_dynamic_init");
        if (!quit || !init || std::getenv("OPENBLAS_CORETYPE")) return;
        std::string core = blasCoreName();
        std::transform(core.begin(), core.end(), core.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const char* wanted = kernelsForThisCpu();
        if (core != "prescott" || !*wanted) return;
        ::setenv("OPENBLAS_CORETYPE", wanted, /*overwrite=*/0);
        quit();
        init();
    });
    return blasCoreName();
}

void applyInteractiveThreading() {
    selectBlasKernels();
    keepLargeAllocations();
    setTorchThreads(1);
    setBlasThreads(1);
}

void keepLargeAllocations() {
#if defined(__GLIBC__)
    // 32 MB is glibc's largest mmap threshold on 64-bit; the trim threshold keeps the top of
    // the heap from being handed back (and faulted in again) after every step.
    static const bool done = [] {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        return true;
    }();
    (void)done;
#endif
}

int defaultWorkers() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2)); }

int torchThreads() { return at::get_num_threads(); }

void setTorchThreads(int n) {
    if (n >= 1) at::set_num_threads(n);
}

int blasThreads() {
    auto get = blasSymbol<int (*)()>("openblas_get_num_threads");
    return get ? get() : 0;
}

bool setBlasThreads(int n) {
    auto set = blasSymbol<void (*)(int)>("openblas_set_num_threads");
    if (!set || n < 1) return false;
    set(n);
    return true;
}

std::string threadingDescription() {
    const int blas = blasThreads();
    const std::string core = blasCoreName();
    return "torch " + std::to_string(torchThreads()) + " thread(s), " +
           (blas > 0 ? "OpenBLAS " + std::to_string(blas) + " thread(s)" : std::string("BLAS threads not controllable")) +
           (core.empty() ? std::string() : " (" + core + " kernels)");
}

}  // namespace flowlab::core
