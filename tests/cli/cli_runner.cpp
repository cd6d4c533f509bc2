#include "cli_runner.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

namespace flowlab::test {
namespace {

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

CliRun runCli(const std::vector<std::string>& args, const TempDir& dir, const std::string& input) {
    static int counter = 0;
    const std::string errPath = dir.file("stderr-" + std::to_string(counter) + ".txt");
    const std::string inPath = dir.file("stdin-" + std::to_string(counter++) + ".txt");
    writeText(inPath, input);
    std::string cmd = shellQuote(FLOWLAB_CLI_PATH);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    cmd += " <" + shellQuote(inPath) + " 2>" + shellQuote(errPath);
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    while (const std::size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = readText(errPath);
    std::filesystem::remove(errPath);
    std::filesystem::remove(inPath);
    return r;
}

}  // namespace flowlab::test
