#pragma once

#include <string>
#include <vector>

#include "test_support.hpp"

namespace flowlab::test {

/// What a run of flowlab-cli gave: its exit status and both output streams.
struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs the built flowlab-cli (FLOWLAB_CLI_PATH) with these arguments, each passed verbatim,
/// feeding `input` on standard input; stderr and stdin go through files in `dir`.
CliRun runCli(const std::vector<std::string>& args, const TempDir& dir, const std::string& input = "");

}  // namespace flowlab::test
