#include "train_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/resource.h>

#include "field/exact_field.hpp"
#include "train/component_plan.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::cli {
namespace {

// Points from ρ_t at these times measure how close the learned field is to the exact one.
constexpr double kCheckTimes[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
constexpr int kCheckPointsPerTime = 400;

std::optional<std::uint64_t> readUnsigned(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(text);
}

}  // namespace

std::optional<double> relativeFieldError(const core::LearnedField& learned) {
    const core::ModelInfo& info = learned.info();
    auto interpolant = core::Interpolant::create(info.interpolant);
    if (!interpolant) return std::nullopt;
    // The field this coupling's pairs define where it has a closed form (independent or
    // components), else the independent one (the caller says which it compared with).
    auto exact = info.trainer.coupling.hasExactField()
                     ? core::exactFieldFor(info.trainer.coupling, info.base, info.target, *interpolant)
                     : core::ExactField::create(info.base, info.target, *interpolant);
    const unsigned kind = info.field == core::TrainTarget::Score      ? core::kScore
                          : info.field == core::TrainTarget::Denoiser ? core::kDenoiser
                                                                       : core::kVelocity;
    if (!exact || !learned.canProvide(kind)) return std::nullopt;
    core::Rng rng(info.trainer.seed + 1);
    double num = 0.0, den = 0.0;
    for (double t : kCheckTimes) {
        core::Points x;
        if (exact->coupling().isIndependent()) {
            x = core::sampleInterpolant(info.base, info.target, *interpolant, t, kCheckPointsPerTime, rng);
        } else {
            // Where the pairs of this coupling put their mass (ρ_t of the coupled field).
            auto marginal = exact->marginal(t);
            if (!marginal) return std::nullopt;
            x = marginal->sample(kCheckPointsPerTime, rng);
        }
        core::FieldValues a, b;
        if (!learned.evaluate(t, x, kind, a) || !exact->evaluate(t, x, kind, b)) return std::nullopt;
        const core::Points& fa = kind == core::kVelocity ? a.velocity : kind == core::kScore ? a.score : a.denoiser;
        const core::Points& fb = kind == core::kVelocity ? b.velocity : kind == core::kScore ? b.score : b.denoiser;
        num += (fa - fb).squaredNorm();
        den += fb.squaredNorm();
    }
    if (!(den > 0.0)) return std::nullopt;
    const double e = std::sqrt(num / den);
    return std::isfinite(e) ? e : std::numeric_limits<double>::infinity();
}

std::uint64_t estimateTrainingBytes(const core::TrainerOptions& o) {
    const double params = double(o.network.parameterCount());
    // Weights, gradient, Adam m and v, EMA, the kept good copy (4), its published snapshot, and
    // the per-thread gradient slices: about 12 copies of the parameters.
    const double parameterFloats = 12.0 * params;
    // Each hidden layer keeps its pre-activation, activation and their gradients for the batch.
    const double features = double(o.network.inputDim) + 2.0 * o.network.timeFrequencies;
    const double activationFloats =
        double(o.batchSize) * (4.0 * double(o.network.width) * (o.network.depth + 1) + 4.0 * features);
    const double bytes = 4.0 * (parameterFloats + activationFloats) + double(64u << 20);  // + runtime
    return bytes >= 1.8e19 ? std::uint64_t(1.8e19) : std::uint64_t(bytes);
}

std::optional<std::uint64_t> availableMemoryBytes() {
    std::optional<std::uint64_t> available;
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream in(line.substr(13));
        std::uint64_t kb = 0;
        if (in >> kb) available = kb * 1024;
    }
    // A cgroup v2 limit (a container, systemd-run -p MemoryMax=…) is lower than the machine's.
    const auto limit = readUnsigned("/sys/fs/cgroup/memory.max");
    const auto used = readUnsigned("/sys/fs/cgroup/memory.current");
    if (limit && used) {
        const std::uint64_t left = *limit > *used ? *limit - *used : 0;
        available = available ? std::min(*available, left) : left;
    }
    // An address-space limit (ulimit -v) caps what one process may map.
    struct rlimit as {};
    if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
        const std::uint64_t cap = std::uint64_t(as.rlim_cur);
        available = available ? std::min(*available, cap) : cap;
    }
    return available;
}

std::string formatBytes(std::uint64_t bytes) {
    char buf[48];
    const double b = double(bytes);
    if (b >= 1e12) std::snprintf(buf, sizeof buf, "%.3g TB", b / 1e12);
    else if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.3g GB", b / 1e9);
    else std::snprintf(buf, sizeof buf, "%.3g MB", b / 1e6);
    return buf;
}

}  // namespace flowlab::cli
