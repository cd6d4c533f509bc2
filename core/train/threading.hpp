#pragma once

#include <string>

namespace flowlab::core {

/// Torch's intra-op thread count (elementwise kernels, reductions). Process-wide.
int torchThreads();
/// Sets it (n ≥ 1). Process-wide: it affects every torch computation in the process.
void setTorchThreads(int n);

/// The BLAS library's own thread count (OpenBLAS runs torch's float matrix products on its own
/// pthreads). Returns 0 when the BLAS in use offers no such control.
int blasThreads();
/// Sets it (n ≥ 1); returns false when the BLAS offers no such control. Process-wide.
bool setBlasThreads(int n);

/// Keeps freed large blocks (up to 32 MB) in the C heap instead of returning them to the kernel.
/// A training step allocates and frees the same activation tensors every time; with glibc's
/// defaults each one is a fresh mmap whose pages fault in and are zeroed again, which measured 11%
/// of an image training step's time (sys 1.9 s of 17.6 s in 40 steps of the bench U-Net; 0.26 s
/// with this). Process-wide and lasting (the memory stays reserved for reuse); a no-op outside
/// glibc. Idempotent.
void keepLargeAllocations();

/// The trainer's worker count when TrainerOptions::threads is 0: half the cores, at least one.
int defaultWorkers();

/// "torch 2 threads, OpenBLAS 1 thread" for logs and benchmark reports.
std::string threadingDescription();

}  // namespace flowlab::core
