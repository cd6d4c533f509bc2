#include "train/threading.hpp"

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
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

}  // namespace

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
    return "torch " + std::to_string(torchThreads()) + " thread(s), " +
           (blas > 0 ? "OpenBLAS " + std::to_string(blas) + " thread(s)" : std::string("BLAS threads not controllable"));
}

}  // namespace flowlab::core
