// flowlab-cli never writes non-finite or absurd numbers with exit 0: the ε = 100 Euler–Maruyama
// run of the crash report stays on the target, runs needing too many sub-steps are refused with
// the step count, NaN model files, huge points and non-regular files (FIFO, folder, device) are
// refused with one line, and a failing command leaves nothing at its --out path.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "cli_runner.hpp"
#include "common/rng.hpp"
#include "io/csv.hpp"
#include "stats/sample_distance.hpp"
#include "net/checkpoint.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::runCli;

/// Largest |x| of a healthy 8gaussians sample (modes at radius 4, σ = 0.5: 4 + 10σ).
constexpr double kHealthyRadius = 9.0;

int lines(const std::string& s) { return int(std::count(s.begin(), s.end(), '\n')); }

/// Expects a refusal: exit 2, one line on stderr containing `reason`, nothing on stdout.
void expectRefused(const CliRun& r, const std::string& reason) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
}

class CliRobustness : public ::testing::Test {
protected:
    test::TempDir m_dir;

    std::string file(const std::string& name) const { return m_dir.file(name); }

    /// A small trained model (b of the default scene), then `tamper` applied to its arrays and
    /// written back with a valid checksum, as a fuzzer that knows the format would.
    std::string tamperedModel(const std::string& name, void (*tamper)(core::CheckpointData&)) const {
        const std::string clean = file("clean.flm");
        if (!fs::exists(clean)) {
            const CliRun r = runCli({"train", "--steps", "20", "--width", "8", "--depth", "1", "--threads", "1",
                                     "--progress-every", "20", "--out", clean},
                                    m_dir);
            EXPECT_EQ(r.status, 0) << r.err;
        }
        auto data = core::readCheckpoint(clean);
        EXPECT_TRUE(data.ok()) << data.message();
        if (!data) return clean;
        tamper(*data);
        const std::string p = file(name);
        EXPECT_TRUE(core::writeCheckpoint(p, *data).ok());
        return p;
    }
};

TEST_F(CliRobustness, emAtEpsilon100_staysFiniteAndOnTheTarget) {
    const std::string out = file("em.csv");
    const CliRun r = runCli({"sample", "--solver", "em", "--eps", "100", "--steps", "100", "--n", "1500", "--out", out}, m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    auto points = core::readPointsCsv(out, 2);
    ASSERT_TRUE(points.ok()) << points.message();
    ASSERT_EQ(points->rows(), 1500);
    ASSERT_TRUE(points->allFinite());
    EXPECT_LE(points->cwiseAbs().maxCoeff(), kHealthyRadius);
    // As close to the target as the window's default run (< 0.05 with 1 500 points each).
    core::Rng rng(5);
    const core::Points target = test::preset("8gaussians").sample(1500, rng);
    EXPECT_LT(*core::energyDistance(*points, target), 0.05);
    // The sub-steps are counted: far more than one evaluation per step.
    const auto at = r.err.find("NFE ");
    ASSERT_NE(at, std::string::npos) << r.err;
    EXPECT_GT(std::stoi(r.err.substr(at + 4)), 1000);
}

TEST_F(CliRobustness, tooManySubstepsNeeded_isRefusedWithTheStepCountAndWritesNothing) {
    const std::string out = file("refused.csv");
    const CliRun r = runCli({"sample", "--solver", "em", "--eps", "1000", "--steps", "100", "--out", out}, m_dir);
    expectRefused(r, "use ≥ 100000 steps");
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliRobustness, modelWithNanWeights_isRefusedByEveryCommand) {
    const std::string model = tamperedModel("nan-weights.flm", [](core::CheckpointData& d) {
        d.weights[d.weights.size() / 2] = std::nanf("");
    });
    test::writeText(file("p.csv"), "x,y\n0,0\n1,2\n");
    const std::string out = file("field.csv");
    expectRefused(runCli({"field", "--t", "0.5", "--what", "b", "--points", file("p.csv"), "--model", model, "--out", out}, m_dir),
                  "the weights contain NaN or infinity");
    EXPECT_FALSE(fs::exists(out));
    expectRefused(runCli({"sample", "--model", model, "--out", file("s.csv")}, m_dir), "NaN or infinity");
    EXPECT_FALSE(fs::exists(file("s.csv")));
}

TEST_F(CliRobustness, modelWithNanFrequencies_isRefused) {
    const std::string model = tamperedModel("nan-freq.flm", [](core::CheckpointData& d) {
        d.frequencies[0] = std::numeric_limits<float>::infinity();
    });
    expectRefused(runCli({"sample", "--model", model, "--out", file("s.csv")}, m_dir), "time-embedding frequencies");
    EXPECT_FALSE(fs::exists(file("s.csv")));
}

TEST_F(CliRobustness, resumeFromNanOptimiserState_isRefusedAndLeavesNothingAtOut) {
    const std::string model = tamperedModel("nan-adam.flm", [](core::CheckpointData& d) {
        ASSERT_FALSE(d.adamM.empty());
        d.adamM[3] = std::nanf("");
    });
    const std::string out = file("resumed.flm");
    const CliRun r = runCli({"train", "--resume", model, "--steps", "40", "--out", out}, m_dir);
    expectRefused(r, "optimiser state");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out + ".last-good"));
}

TEST_F(CliRobustness, hugePoints_areRefusedByFieldNllAndMetrics) {
    for (const char* value : {"1e154", "-1e308", "1e9"}) {
        SCOPED_TRACE(value);
        const std::string huge = file("huge.csv");
        test::writeText(huge, std::string("x,y\n0,0\n1,") + value + "\n");
        const std::string out = file("out.csv");
        for (const char* what : {"s", "logp"}) {
            expectRefused(runCli({"field", "--t", "0.5", "--what", what, "--points", huge, "--out", out}, m_dir),
                          "beyond the sane bound");
            EXPECT_FALSE(fs::exists(out));
        }
        expectRefused(runCli({"field", "--t", "0.5", "--what", "s", "--points", "-"}, m_dir, "x,y\n0,0\n1," + std::string(value) + "\n"),
                      "stdin: the points");
        expectRefused(runCli({"nll", "--points", huge, "--out", out}, m_dir), "beyond the sane bound");
        EXPECT_FALSE(fs::exists(out));
        test::writeText(file("ok.csv"), "x,y\n0,0\n1,2\n3,1\n");
        expectRefused(runCli({"metrics", "--a", file("ok.csv"), "--b", huge}, m_dir), "beyond the sane bound");
    }
    // Large but sane points still work and give finite numbers.
    test::writeText(file("far.csv"), "x,y\n1e7,-1e7\n0,0\n");
    const CliRun ok = runCli({"field", "--t", "0.5", "--what", "s", "--points", file("far.csv")}, m_dir);
    ASSERT_EQ(ok.status, 0) << ok.err;
    EXPECT_EQ(ok.out.find("nan"), std::string::npos) << ok.out;
    EXPECT_EQ(ok.out.find("inf"), std::string::npos) << ok.out;
}

TEST_F(CliRobustness, fifoAsScene_isRefusedWithoutBlocking) {
    const std::string fifo = file("scene.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A watchdog that would unblock a reader stuck in open() (by opening the write end and
    // closing it at once), so that without the fix this test fails instead of hanging.
    std::atomic<bool> done{false};
    std::thread watchdog([&] {
        const auto start = std::chrono::steady_clock::now();
        while (!done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) continue;
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) ::close(fd);
        }
    });
    const auto start = std::chrono::steady_clock::now();
    const CliRun r = runCli({"sample", "--scene", fifo, "--out", file("s.csv")}, m_dir);
    done = true;
    watchdog.join();
    expectRefused(r, "is a FIFO (named pipe), not a regular file");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_FALSE(fs::exists(file("s.csv")));
}

TEST_F(CliRobustness, folderAndDeviceInputs_areRefused) {
    expectRefused(runCli({"field", "--t", "0.5", "--what", "b", "--points", m_dir.path()}, m_dir), "is a folder");
    expectRefused(runCli({"field", "--t", "0.5", "--what", "b", "--points", "/dev/null"}, m_dir), "is a device");
    expectRefused(runCli({"sample", "--model", "/dev/zero", "--out", file("s.csv")}, m_dir), "is a device");
    EXPECT_FALSE(fs::exists(file("s.csv")));
}

TEST_F(CliRobustness, outOntoAFifo_isRefusedWithoutBlockingOrReplacingIt) {
    const std::string fifo = file("out.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    test::writeText(file("p.csv"), "x,y\n0,0\n");
    expectRefused(runCli({"field", "--t", "0.5", "--what", "b", "--points", file("p.csv"), "--out", fifo}, m_dir),
                  "refusing to replace it");
    struct stat st {};
    ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(CliRobustness, failingCommands_leaveNothingAtOut) {
    const std::string out = file("never.csv");
    expectRefused(runCli({"field", "--t", "0.5", "--what", "b", "--points", file("missing.csv"), "--out", out}, m_dir),
                  "missing.csv");
    expectRefused(runCli({"sample", "--solver", "em", "--eps", "-1", "--out", out}, m_dir), "eps");
    expectRefused(runCli({"train", "--resume", file("missing.flm"), "--out", file("never.flm")}, m_dir), "missing.flm");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(file("never.flm")));
    // Nor any temporary file beside it.
    for (const auto& e : fs::directory_iterator(m_dir.path()))
        EXPECT_EQ(e.path().filename().string().find("never"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace flowlab
