#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

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

int lineCount(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

class CliTrain : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = fs::temp_directory_path() / ("flowlab_cli_train_" + std::to_string(::getpid()));
        fs::create_directories(s_dir);
        std::ofstream(s_dir / "points.csv") << "x,y\n0,0\n1,2\n-3,0.5\n";
    }
    /// A small trained model, trained on first use (ctest runs each test in its own process).
    static std::string model(const std::string& name) {
        const std::string p = path(name + ".flm");
        if (fs::exists(p)) return p;
        const std::string scene = name == "s" ? "--gamma brownian --field s" : "--field b";
        const CliRun r = runCli("train " + scene + " --steps 200 --width 16 --depth 2 --threads 1 --out " + p);
        EXPECT_EQ(r.status, 0) << r.out;
        return p;
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir); }
    static std::string path(const std::string& name) { return (s_dir / name).string(); }
    static fs::path s_dir;
};
fs::path CliTrain::s_dir;

TEST_F(CliTrain, train_printsProgressAndSummary) {
    const CliRun r = runCli("train --steps 40 --width 8 --depth 1 --progress-every 20 --threads 1 --out " + path("small.flm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("step      20/40"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("finished after 40 steps"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("relative L2 error"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::exists(path("small.flm")));
}

TEST_F(CliTrain, fieldWithModel_printsOneRowPerPoint) {
    const CliRun r = runCli("field --t 0.5 --what b --points " + path("points.csv") + " --model " + model("b"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.rfind("b_x,b_y\n", 0), 0u) << r.out;
    EXPECT_EQ(lineCount(r.out), 4);
    const CliRun d = runCli("field --t 0.5 --what divb --points " + path("points.csv") + " --model " + model("b"));
    EXPECT_EQ(d.status, 0) << d.out;
}

TEST_F(CliTrain, sampleAndNllWithModel_succeed) {
    const CliRun s = runCli("sample --n 20 --steps 10 --out - --model " + model("b"));
    ASSERT_EQ(s.status, 0) << s.out;
    EXPECT_NE(s.out.find("NFE 40"), std::string::npos) << s.out;
    const CliRun n = runCli("nll --solver rk4 --steps 10 --points " + path("points.csv") + " --model " + model("b"));
    ASSERT_EQ(n.status, 0) << n.out;
    EXPECT_NE(n.out.find("mean NLL"), std::string::npos) << n.out;
}

TEST_F(CliTrain, sdeNeedsScoreModel_andWorksWithOne) {
    const CliRun missing = runCli("sample --n 10 --steps 10 --solver em --out - --model " + model("b"));
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.out.find("--score-model"), std::string::npos) << missing.out;
    // b trained with γ = 0 and s with γ = brownian belong to different scenes: refused.
    const CliRun mixed = runCli("sample --gamma brownian --n 10 --steps 10 --solver em --out - --model " + model("b") +
                                " --score-model " + model("s"));
    EXPECT_EQ(mixed.status, 2);
    EXPECT_NE(mixed.out.find("γ"), std::string::npos) << mixed.out;
    const CliRun b2 = runCli("train --gamma brownian --field b --steps 50 --width 8 --depth 1 --threads 1 --out " + path("b2.flm"));
    ASSERT_EQ(b2.status, 0) << b2.out;
    const CliRun ok = runCli("sample --gamma brownian --n 10 --steps 10 --solver em --eps 0.5 --out - --model " +
                             path("b2.flm") + " --score-model " + model("s"));
    EXPECT_EQ(ok.status, 0) << ok.out;
}

TEST_F(CliTrain, modelForOtherScene_isRefusedWithReason) {
    const CliRun r = runCli("field --target moons --t 0.5 --what b --points " + path("points.csv") + " --model " + model("b"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("target"), std::string::npos) << r.out;
}

TEST_F(CliTrain, corruptModel_isRefusedNotCrashed) {
    std::ofstream(path("bad.flm")) << "FLOWLAB-MODEL 1\n12\n{\"x\":1}";
    const CliRun r = runCli("field --t 0.5 --what b --points " + path("points.csv") + " --model " + path("bad.flm"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("error"), std::string::npos) << r.out;
}

TEST_F(CliTrain, resume_continuesToNewTotal) {
    const CliRun r = runCli("train --resume " + model("b") + " --steps 220 --threads 1 --out " + path("b_more.flm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("finished after 220 steps"), std::string::npos) << r.out;
    const CliRun bad = runCli("train --resume " + model("b") + " --width 8 --out " + path("x.flm"));
    EXPECT_EQ(bad.status, 2);
}

TEST_F(CliTrain, badOptions_failWithStatusTwo) {
    EXPECT_EQ(runCli("train --field q --out " + path("q.flm")).status, 2);
    EXPECT_EQ(runCli("train --field eta --out " + path("q.flm")).status, 2);  // γ = 0: no η
    EXPECT_EQ(runCli("train --steps 10").status, 2);                            // no --out
    EXPECT_FALSE(fs::exists(path("q.flm")));
}

TEST_F(CliTrain, benchTrain_printsFigures) {
    const CliRun r = runCli("bench train --width 16 --steps 5 --warmup 1 --matmul-size 32 --threads 1");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("steps_per_s="), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("GFLOP/s"), std::string::npos) << r.out;
}

}  // namespace
