#include "common/rng.hpp"

#include <cmath>

namespace flowlab::core {

double Rng::uniform() {
    // 53 random bits -> a double in [0, 1).
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

double Rng::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 2.0 * M_PI * u2;
    m_spare = r * std::sin(a);
    m_hasSpare = true;
    return r * std::cos(a);
}

Points Rng::normal(Eigen::Index rows, Eigen::Index cols) {
    Points z(rows, cols);
    double* p = z.data();
    for (Eigen::Index i = 0; i < z.size(); ++i) p[i] = normal();
    return z;
}

std::uint64_t Rng::index(std::uint64_t n) {
    if (n == 0) return 0;
    // Rejection sampling keeps the draw unbiased for any n.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t v = m_engine();
    while (v >= limit) v = m_engine();
    return v % n;
}

Rng Rng::split() {
    return Rng(m_engine() ^ 0x9E3779B97F4A7C15ULL);
}

}  // namespace flowlab::core
