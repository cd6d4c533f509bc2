#include "common/rng.hpp"

#include <cmath>

namespace flowlab::core {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) : m_engine(seed) {
    std::uint64_t s = seed;
    for (auto& word : m_state) word = splitmix64(s);
}

std::uint64_t Rng::bits() {
    // xoshiro256++ (Blackman & Vigna).
    const std::uint64_t result = rotl(m_state[0] + m_state[3], 23) + m_state[0];
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double Rng::uniform() {
    // 53 random bits -> a double in [0, 1).
    return static_cast<double>(bits() >> 11) * 0x1.0p-53;
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
    // Marsaglia's polar method in bulk: candidate points in the square, keep those inside the
    // unit disc, then z = v·√(−2 ln s / s) on whole arrays (vectorised log and sqrt, no sin/cos).
    Points z(rows, cols);
    const Eigen::Index n = z.size();
    const Eigen::Index pairs = (n + 1) / 2;
    Eigen::ArrayXd v1(pairs), v2(pairs), s(pairs);
    Eigen::Index filled = 0;
    while (filled < pairs) {
        const double a = 2.0 * uniform() - 1.0;
        const double b = 2.0 * uniform() - 1.0;
        const double r = a * a + b * b;
        if (r >= 1.0 || r == 0.0) continue;
        v1[filled] = a;
        v2[filled] = b;
        s[filled] = r;
        ++filled;
    }
    const Eigen::ArrayXd f = (-2.0 * s.log() / s).sqrt();
    Eigen::Map<Eigen::ArrayXd> out(z.data(), n);
    out.head(pairs) = v1 * f;
    out.tail(n - pairs) = (v2 * f).head(n - pairs);
    return z;
}

std::uint64_t Rng::index(std::uint64_t n) {
    if (n == 0) return 0;
    // Rejection sampling keeps the draw unbiased for any n.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t v = bits();
    while (v >= limit) v = bits();
    return v % n;
}

Rng Rng::split() {
    return Rng(bits() ^ 0x9E3779B97F4A7C15ULL);
}

}  // namespace flowlab::core
