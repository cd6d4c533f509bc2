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

/// Makes OpenBLAS use the matrix kernels this CPU can run. OpenBLAS 0.3.21 (Debian 12) picks its
/// kernels by CPU model, and a model newer than it knows (this machine's Xeon, family 6 model 207)
/// falls back to "Prescott", the SSE3 kernels: float GEMM at 14 GFLOP/s on one core instead of
/// 59 with the SkylakeX kernels (10 000 × 128 × 128, measured back to back on this machine), which
/// made one evaluation of the default MLP at 10 000 points cost ~48 ms. When OpenBLAS fell back
/// like that, the user has not chosen a core (OPENBLAS_CORETYPE unset) and the CPU has AVX-512
/// (F, BW, DQ, VL), this switches to SkylakeX; with AVX2 and FMA to Haswell — the same as
/// starting with OPENBLAS_CORETYPE set. Call it once at start-up, before any thread runs a matrix
/// product (the kernel table is process-wide and swapped without a lock). Idempotent; a no-op
/// without OpenBLAS. Returns the core OpenBLAS uses afterwards ("" without OpenBLAS).
std::string selectBlasKernels();
/// The core whose kernels OpenBLAS runs ("SkylakeX", "Prescott", …), "" without OpenBLAS.
std::string blasCoreName();

/// The thread policy of the interactive programs (the window and its benchmarks): BLAS kernels
/// chosen (selectBlasKernels), freed activations kept for reuse (keepLargeAllocations: a 10 000 ×
/// 128 float tensor is above glibc's mmap threshold, so each network call faulted its pages in
/// again, 2–6 % of a learned re-simulation), one torch thread and one BLAS thread. Their jobs already run side
/// by side on their own threads (particles, field frames, training, the GUI), so each job
/// single-threaded uses the cores without two thread pools fighting over them: measured with the
/// 2D learned re-simulation at 2 000 particles, torch's default threads took 13–17 s against
/// 4.1 s with one thread each (README, "Learned re-simulation"). Process-wide; call it once
/// before starting the workers.
void applyInteractiveThreading();

/// Keeps freed large blocks (up to 32 MB) in the C heap instead of returning them to the kernel.
/// A training step allocates and frees the same activation tensors every time; with glibc's
/// defaults each one is a fresh mmap whose pages fault in and are zeroed again, which measured 11%
/// of an image training step's time (sys 1.9 s of 17.6 s in 40 steps of the bench U-Net; 0.26 s
/// with this). Process-wide and lasting (the memory stays reserved for reuse); a no-op outside
/// glibc. Idempotent.
void keepLargeAllocations();

/// The trainer's worker count when TrainerOptions::threads is 0: half the cores, at least one.
int defaultWorkers();

/// "torch 2 thread(s), OpenBLAS 1 thread(s) (SkylakeX kernels)" for logs and benchmark reports.
std::string threadingDescription();

}  // namespace flowlab::core
