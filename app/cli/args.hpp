#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace flowlab::cli {

/// One option a command accepts.
struct OptionSpec {
    std::string name;       ///< without the leading "--"
    std::string valueName;  ///< empty for a flag, else the placeholder shown in help ("N", "FILE")
    std::string help;
    bool repeatable = false;  ///< may be given several times (see Args::values)
};

/// Appends `more` to `specs` (a command's own options, then the shared groups).
void appendOptionSpecs(std::vector<OptionSpec>& specs, const std::vector<OptionSpec>& more);

/// Parsed command-line options, checked against the command's specs: unknown options, missing
/// values and repeated options are errors, and every typed getter validates its value.
class Args {
public:
    static core::Result<Args> parse(const std::vector<std::string>& tokens, const std::vector<OptionSpec>& specs);

    bool has(const std::string& name) const;
    bool flag(const std::string& name) const { return has(name); }
    std::optional<std::string> value(const std::string& name) const;
    /// Every value of a repeatable option, in the order given (empty when absent).
    std::vector<std::string> values(const std::string& name) const;

    core::Result<std::string> string(const std::string& name, const std::string& fallback) const;
    core::Result<std::string> required(const std::string& name) const;
    /// A finite double within [lo, hi].
    core::Result<double> number(const std::string& name, double fallback, double lo, double hi) const;
    /// A whole number within [lo, hi].
    core::Result<long long> integer(const std::string& name, long long fallback, long long lo, long long hi) const;

private:
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_lists;
};

/// Formats the help of a command: usage line, description, options.
std::string formatHelp(const std::string& usage, const std::string& description,
                       const std::vector<OptionSpec>& specs);

}  // namespace flowlab::cli
