#include "io/checksum.hpp"

namespace flowlab::core {

std::uint64_t fnv1a64(const char* data, std::size_t n, std::uint64_t basis) {
    std::uint64_t h = basis;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ull;
    }
    return h;
}

std::string hex64(std::uint64_t v) {
    static const char* digits = "0123456789abcdef";
    std::string s(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = digits[v & 0xf];
    return s;
}

}  // namespace flowlab::core
