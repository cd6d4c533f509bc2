#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

struct CliRun {
    int status;
    std::string out;
};

CliRun runCli(const std::string& args) {
    const std::string cmd = std::string(FLOWLAB_CLI_PATH) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int st = pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

TEST(Cli, help_exitsZeroAndListsCommands) {
    const CliRun r = runCli("--help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("sample"), std::string::npos);
}

}  // namespace
