#include "args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "io/message_text.hpp"

namespace flowlab::cli {

void appendOptionSpecs(std::vector<OptionSpec>& specs, const std::vector<OptionSpec>& more) {
    specs.insert(specs.end(), more.begin(), more.end());
}

using core::Error;
using core::Result;

Result<Args> Args::parse(const std::vector<std::string>& tokens, const std::vector<OptionSpec>& specs) {
    Args args;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& tok = tokens[i];
        if (tok.rfind("--", 0) != 0 || tok.size() == 2) {
            return Error{"unexpected argument '" + core::shownToken(tok) + "' (options start with --; see --help)"};
        }
        std::string name = tok.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == name) spec = &s;
        if (!spec) return Error{"unknown option '--" + name + "' (see --help)"};
        if (args.m_values.count(name) && !spec->repeatable) return Error{"option '--" + name + "' given twice"};
        if (spec->valueName.empty()) {
            if (inlineValue) return Error{"option '--" + name + "' takes no value"};
            args.m_values[name] = "";
            continue;
        }
        if (!inlineValue && i + 1 >= tokens.size())
            return Error{"option '--" + name + "' needs a value (" + spec->valueName + ")"};
        const std::string v = inlineValue ? *inlineValue : tokens[++i];
        args.m_values[name] = v;
        args.m_lists[name].push_back(v);
    }
    return args;
}

bool Args::has(const std::string& name) const { return m_values.count(name) != 0; }

std::optional<std::string> Args::value(const std::string& name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
    const auto it = m_lists.find(name);
    return it == m_lists.end() ? std::vector<std::string>{} : it->second;
}

Result<std::string> Args::string(const std::string& name, const std::string& fallback) const {
    const auto v = value(name);
    if (!v) return fallback;
    if (v->empty()) return Error{"option '--" + name + "' has an empty value"};
    return *v;
}

Result<std::string> Args::required(const std::string& name) const {
    const auto v = value(name);
    if (!v || v->empty()) return Error{"missing required option '--" + name + "'"};
    return *v;
}

Result<double> Args::number(const std::string& name, double fallback, double lo, double hi) const {
    const auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size()) return Error{"--" + name + ": '" + core::shownToken(*v) + "' is not a number"};
    if (!std::isfinite(d)) return Error{"--" + name + ": '" + core::shownToken(*v) + "' is not a finite number"};
    if (d < lo || d > hi) {
        return Error{"--" + name + ": " + core::shownNumber(d) + " is outside [" + core::shownNumber(lo) + ", " +
                     core::shownNumber(hi) + "]"};
    }
    return d;
}

Result<long long> Args::integer(const std::string& name, long long fallback, long long lo, long long hi) const {
    const auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || end != v->c_str() + v->size() || errno == ERANGE) {
        return Error{"--" + name + ": '" + core::shownToken(*v) + "' is not a whole number"};
    }
    if (n < lo || n > hi) {
        return Error{"--" + name + ": " + std::to_string(n) + " is outside [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "]"};
    }
    return n;
}

std::string formatHelp(const std::string& usage, const std::string& description, const std::vector<OptionSpec>& specs) {
    std::ostringstream os;
    os << "Usage: " << usage << "\n\n" << description << "\n\nOptions:\n";
    for (const auto& s : specs) {
        std::string left = "  --" + s.name + (s.valueName.empty() ? "" : " " + s.valueName);
        if (left.size() < 30) left.resize(30, ' ');
        else left += "\n" + std::string(30, ' ');
        os << left << s.help << "\n";
    }
    os << "  --help                      show this help\n";
    return os.str();
}

}  // namespace flowlab::cli
