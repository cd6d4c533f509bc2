#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::cli {

/// A CLI command: its name, a one-line summary and its entry point. `run` returns the process
/// exit code (0 success, 2 bad input or failure) and prints errors itself.
struct Command {
    std::string name;
    std::string summary;
    int (*run)(const std::vector<std::string>& args);
};

/// Every command, in the order `--help` lists them.
const std::vector<Command>& commands();

int runField(const std::vector<std::string>& args);
int runSample(const std::vector<std::string>& args);
int runNll(const std::vector<std::string>& args);
int runMetrics(const std::vector<std::string>& args);
int runNfeCurve(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runLearningCurve(const std::vector<std::string>& args);
int runPaths(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runRender(const std::vector<std::string>& args);

/// Prints "flowlab-cli: error: MESSAGE" (its first line only) on stderr and returns 2.
int fail(const std::string& message);

/// True when the arguments ask for help (then the caller prints it and returns 0).
bool wantsHelp(const std::vector<std::string>& args);

/// Writes text to FILE atomically, or to stdout when path is empty; returns 0 or fail().
int emit(const std::string& text, const std::string& path);

/// Where an optional `--out` sends a command's output: "" for standard output (absent or "-"),
/// else the file. An empty value is refused, as `sample` and `train` refuse it.
core::Result<std::string> optionalOutPath(const std::optional<std::string>& value);

/// Prints "flowlab-cli: WHAT: N%" lines on stderr, one per tenth, for work that takes a while.
class ProgressLines {
public:
    /// Silent unless `enabled` (large inputs only: small runs stay quiet).
    ProgressLines(std::string what, bool enabled) : m_what(std::move(what)), m_enabled(enabled) {}
    /// Reports `fraction` in [0, 1]; always continues.
    bool operator()(double fraction);

private:
    std::string m_what;
    bool m_enabled = false;
    int m_shown = 0;  ///< last tenth printed
};

/// Writes `table` as CSV like emit(), after refusing (fail(), nothing written) a table with a
/// NaN or infinite value: `what` names it in the message ("the score", "log ρ").
int emitTable(const std::vector<std::string>& header, const core::Points& table, const std::string& path,
              const std::string& what);

/// Reads a CSV of points with `dim` columns ("-" for stdin), refusing non-finite values and
/// coordinates beyond core::kMaxSaneCoordinate, where the fields would overflow.
core::Result<core::Points> readInputPoints(const std::string& path, int dim);

}  // namespace flowlab::cli
