#include "io/message_text.hpp"

#include <cstdio>
#include <cstdlib>

namespace flowlab::core {

std::string shownToken(const std::string& text, std::size_t keep) {
    // A little slack: cutting a token only a few bytes longer would not make the line shorter.
    if (text.size() <= keep + 16) return text;
    std::size_t cut = keep;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return text.substr(0, cut) + "… (" + std::to_string(text.size()) + " characters)";
}

std::string shownNumber(double value) {
    char buf[40];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    return buf;
}

}  // namespace flowlab::core
