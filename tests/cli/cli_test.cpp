// flowlab-cli as a user runs it: help, outputs checked against flowlab_core, and bad input that
// must exit 2 with exactly one clear line on stderr and leave no file behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "density/mixture_json.hpp"
#include "io/csv.hpp"
#include "likelihood/likelihood.hpp"
#include "sampler/sampler.hpp"
#include "stats/sample_distance.hpp"
#include "cli_runner.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;

using test::CliRun;
using test::runCli;

core::CsvTable parseOutput(const std::string& text) {
    auto t = core::parseCsv(text);
    EXPECT_TRUE(t.ok()) << t.message() << "\n" << text.substr(0, 200);
    return t.ok() ? std::move(t).value() : core::CsvTable{};
}

/// Exactly one line, the CLI's error prefix, and the expected fragment.
void expectOneLineError(const CliRun& r, const std::string& fragment, const std::string& what) {
    EXPECT_EQ(r.status, 2) << what;
    EXPECT_TRUE(r.out.empty()) << what << ": stdout = " << r.out.substr(0, 200);
    ASSERT_FALSE(r.err.empty()) << what;
    EXPECT_EQ(r.err.back(), '\n') << what;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": stderr = " << r.err;
    EXPECT_EQ(r.err.rfind("flowlab-cli: error: ", 0), 0u) << what << ": stderr = " << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << what << ": stderr = " << r.err;
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        core::Rng rng(5);
        m_points = 2.5 * rng.normal(17, 2);
        test::writeText(path("points.csv"), core::formatCsv({"x", "y"}, m_points));
    }
    std::string path(const std::string& name) const { return m_dir.file(name); }
    CliRun run(const std::vector<std::string>& args, const std::string& input = "") const {
        return runCli(args, m_dir, input);
    }

    test::TempDir m_dir;
    Points m_points;
};

// ---- help ----

TEST_F(Cli, helpAndEveryCommandHelp_exitZeroAndDescribeTheOptions) {
    const CliRun top = run({"--help"});
    EXPECT_EQ(top.status, 0);
    EXPECT_TRUE(top.err.empty());
    for (const char* name : {"field", "sample", "nll", "metrics", "nfe-curve"}) EXPECT_NE(top.out.find(name), std::string::npos) << name;
    const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
        {"field", {"--t", "--what", "--points", "--out", "--base", "--target", "--interpolant", "--gamma", "--seed"}},
        {"sample", {"--n", "--steps", "--solver", "--eps", "--eps-schedule", "--direction", "--trajectory", "--out"}},
        {"nll", {"--points", "--solver", "--rtol", "--out", "--interpolant"}},
        {"metrics", {"--a", "--b", "--projections", "--bandwidth"}},
        {"nfe-curve", {"--solvers", "--nfe", "--n", "--target-samples", "--model", "--out", "--interpolant"}},
    };
    for (const auto& [command, options] : commands) {
        const CliRun r = run({command, "--help"});
        EXPECT_EQ(r.status, 0) << command;
        EXPECT_TRUE(r.err.empty()) << command;
        EXPECT_EQ(r.out.rfind("Usage: flowlab-cli " + command, 0), 0u) << r.out.substr(0, 100);
        for (const auto& o : options) EXPECT_NE(r.out.find(o), std::string::npos) << command << " help lacks " << o;
    }
}

// ---- bad input: exit 2, one line ----

TEST_F(Cli, badInput_exitsTwoWithOneClearLine) {
    test::writeText(path("noheader.csv"), "1,2\n3,4\n");
    test::writeText(path("columns.csv"), "x,y\n1,2\n3,4,5\n");
    test::writeText(path("text.csv"), "x,y\n1,2\n3,abc\n");
    test::writeText(path("nan.csv"), "x,y\n1,2\nnan,4\n");
    test::writeText(path("empty.csv"), "");
    test::writeText(path("three.csv"), "x0,x1,x2\n1,2,3\n");
    test::writeText(path("truncated.json"), R"({"dim":2,"components":[{"weight":1,"mean":[0,)");
    test::writeText(path("negative.json"), R"({"dim":2,"components":[{"weight":-1,"mean":[0,0]}]})");
    ASSERT_TRUE(core::saveMixtureFile(test::isotropicMixture(3, 1), path("three.json")).ok());
    const std::string pts = path("points.csv");
    const std::vector<std::string> field = {"field", "--t", "0.5", "--what", "b", "--points", pts};
    const auto with = [&](std::vector<std::string> base, const std::vector<std::string>& extra) {
        base.insert(base.end(), extra.begin(), extra.end());
        return base;
    };
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"frobnicate"}, "unknown command 'frobnicate'"},
        {with(field, {"--bogus", "1"}), "unknown option '--bogus'"},
        {with(field, {"--target", "nosuch"}), "nosuch"},
        {with(field, {"--base", "9gaussians"}), "9gaussians"},
        {with(field, {"--interpolant", "rectified"}), "unknown interpolant 'rectified'"},
        {with(field, {"--gamma", "wiggly"}), "unknown gamma 'wiggly'"},
        {with(field, {"--interpolant", "vp", "--base", "moons"}), "N(0, I)"},
        {with(field, {"--interpolant", "vp", "--gamma", "brownian"}), "brownian"},
        {with(field, {"--gamma", "a-brownian", "--gamma-a", "0"}), "--gamma-a"},
        {{"field", "--t", "0.5", "--what", "velocity", "--points", pts}, "unknown field 'velocity'"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("noheader.csv")}, "header"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("columns.csv")}, "line 3: 3 columns"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("text.csv")}, "'abc' is not a number"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("nan.csv")}, "not a finite number"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("empty.csv")}, "empty"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("absent.csv")}, "absent.csv"},
        {{"field", "--t", "0.5", "--what", "b", "--points", path("three.csv")}, "expected 2 coordinate columns"},
        {with(field, {"--target", "mixture:" + path("truncated.json")}), "truncated.json"},
        {with(field, {"--target", "mixture:" + path("negative.json")}), "weight"},
        {with(field, {"--target", "mixture:" + path("absent.json")}), "absent.json"},
        {with(field, {"--target", "mixture:" + path("three.json")}), "dimensional"},
        {with(field, {"--target", "mixture:"}), "file name"},
        {{"field", "--t", "1.5", "--what", "b", "--points", pts}, "outside [0, 1]"},
        {{"field", "--t", "-0.1", "--what", "b", "--points", pts}, "outside [0, 1]"},
        {{"field", "--t", "nan", "--what", "b", "--points", pts}, "not a finite number"},
        {{"field", "--t", "half", "--what", "b", "--points", pts}, "not a number"},
        {{"field", "--what", "b", "--points", pts}, "--t"},
        {{"field", "--t", "0.5", "--points", pts}, "--what"},
        {{"field", "--t", "0.5", "--what", "b"}, "--points"},
        {{"field", "--t", "0.5", "--t", "0.6", "--what", "b", "--points", pts}, "given twice"},
        {{"field", "--what", "b", "--points", pts, "--t"}, "needs a value"},
        {with(field, {"--threads", "-1"}), "--threads"},
        {with(field, {"--seed", "-5"}), "--seed"},
        {{"field", "stray", "--t", "0.5"}, "unexpected argument 'stray'"},
        {{"sample", "--n", "10"}, "--out"},
        {{"sample", "--solver", "em", "--eps", "-1", "--out", path("s.csv")}, "ε must be ≥ 0"},
        {{"sample", "--solver", "em", "--eps", "nan", "--out", path("s.csv")}, "not a finite number"},
        {{"sample", "--solver", "rk4", "--eps", "1", "--out", path("s.csv")}, "SDE solver"},
        {{"sample", "--solver", "em", "--eps-schedule", "matched", "--out", path("s.csv")}, "vp"},
        {{"sample", "--solver", "rk45", "--out", path("s.csv")}, "unknown solver 'rk45'"},
        {{"sample", "--n", "0", "--out", path("s.csv")}, "--n"},
        {{"sample", "--steps", "abc", "--out", path("s.csv")}, "not a whole number"},
        {{"sample", "--direction", "sideways", "--out", path("s.csv")}, "sideways"},
        {{"sample", "--solver", "dopri5", "--langevin", "2", "--out", path("s.csv")}, "fixed-step"},
        {{"nll"}, "--points"},
        {{"nll", "--points", path("nan.csv")}, "not a finite number"},
        {{"nll", "--points", pts, "--solver", "em"}, "unknown ODE solver 'em'"},
        {{"metrics", "--a", pts}, "--b"},
        {{"metrics", "--a", pts, "--b", path("three.csv")}, "different columns"},
        {{"metrics", "--a", pts, "--b", path("text.csv")}, "'abc' is not a number"},
        {{"metrics", "--a", pts, "--b", pts, "--projections", "0"}, "--projections"},
    };
    for (const auto& [args, fragment] : cases) {
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        expectOneLineError(run(args), fragment, joined);
    }
    // Nothing was written by any of the failing sample runs.
    EXPECT_FALSE(std::filesystem::exists(path("s.csv")));
}

TEST_F(Cli, unwritableOutput_exitsTwoAndLeavesNoFile) {
    const std::string pts = path("points.csv");
    test::writeText(path("plain.txt"), "a regular file");
    for (const std::string& out : {path("missing-folder/out.csv"), path("plain.txt") + "/out.csv"}) {
        expectOneLineError(run({"field", "--t", "0.5", "--what", "b", "--points", pts, "--out", out}), "out.csv", out);
        expectOneLineError(run({"sample", "--n", "5", "--steps", "2", "--out", out}), "out.csv", out);
        expectOneLineError(run({"nll", "--points", pts, "--out", out}), "out.csv", out);
        EXPECT_FALSE(std::filesystem::exists(out));
    }
    // The folder holds only what the test put there: no temporary files left behind.
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(m_dir.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"plain.txt", "points.csv"}));
}

TEST_F(Cli, failingRun_leavesAnExistingOutputFileUntouched) {
    test::writeText(path("keep.csv"), "precious\n");
    expectOneLineError(run({"field", "--t", "2", "--what", "b", "--points", path("points.csv"), "--out", path("keep.csv")}),
                       "outside", "bad t");
    EXPECT_EQ(test::readText(path("keep.csv")), "precious\n");
}

// ---- outputs ----

TEST_F(Cli, field_printsTheDocumentedHeaderAndOneRowPerPointInOrder) {
    const auto f = test::exactField("gaussian", "moons",
                                    test::interpolantOptions(core::InterpolantFamily::Trig, core::GammaKind::Brownian));
    core::FieldValues v;
    constexpr unsigned kAll = core::kVelocity | core::kScore | core::kDenoiser | core::kLogDensity | core::kDivergence;
    ASSERT_TRUE(f.evaluate(0.3, m_points, kAll, v).ok());
    const std::vector<std::tuple<std::string, std::vector<std::string>, Points>> cases = {
        {"b", {"b_x", "b_y"}, v.velocity},
        {"s", {"s_x", "s_y"}, v.score},
        {"eta", {"eta_x", "eta_y"}, v.denoiser},
        {"logp", {"logp"}, v.logDensity},
        {"divb", {"divb"}, v.divergence},
    };
    for (const auto& [what, header, expected] : cases) {
        const CliRun r = run({"field", "--t", "0.3", "--what", what, "--points", path("points.csv"), "--target", "moons",
                              "--interpolant", "trig", "--gamma", "brownian"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(r.err.empty()) << r.err;
        const auto t = parseOutput(r.out);
        EXPECT_EQ(t.header, header);
        ASSERT_EQ(t.values.rows(), m_points.rows());
        // Full double precision: the printed values are the core's, bit for bit.
        EXPECT_EQ(t.values, expected) << what;
    }
}

TEST_F(Cli, field_usesTheDiffusionSchedulesGiven) {
    // Every parameter of every family reaches the engine: the VP and VE schedules as given.
    struct Case {
        std::vector<std::string> args;
        core::InterpolantOptions options;
    };
    core::InterpolantOptions vp, ve;
    vp.family = core::InterpolantFamily::Vp;
    vp.vpBetaMin = 0.5;
    vp.vpBetaMax = 7.0;
    ve.family = core::InterpolantFamily::Ve;
    ve.veSigmaMin = 0.05;
    ve.veSigmaMax = 4.0;
    const std::vector<Case> cases = {
        {{"--interpolant", "vp", "--vp-beta-min", "0.5", "--vp-beta-max", "7"}, vp},
        {{"--interpolant", "ve", "--ve-sigma-min", "0.05", "--ve-sigma-max", "4"}, ve},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"field", "--t", "0.4", "--what", "b", "--points", path("points.csv")};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const CliRun r = run(args);
        ASSERT_EQ(r.status, 0) << r.err;
        const auto f = test::exactField("gaussian", "8gaussians", c.options);
        core::FieldValues v;
        ASSERT_TRUE(f.evaluate(0.4, m_points, core::kVelocity, v).ok());
        EXPECT_EQ(parseOutput(r.out).values, v.velocity) << c.args[1];
    }
    const std::vector<std::string> base = {"field", "--t", "0.4", "--what", "b", "--points", path("points.csv")};
    auto bad = base;
    bad.insert(bad.end(), {"--interpolant", "vp", "--vp-beta-min", "9", "--vp-beta-max", "3"});
    expectOneLineError(run(bad), "β_min ≤ β_max", "swapped β");
    bad = base;
    bad.insert(bad.end(), {"--interpolant", "ve", "--ve-sigma-min", "5", "--ve-sigma-max", "2"});
    expectOneLineError(run(bad), "σ_min < σ_max", "swapped σ");
}

TEST_F(Cli, field_inThreeDimensionsFromStdinToAFile) {
    const auto target = test::isotropicMixture(3, 2);
    ASSERT_TRUE(core::saveMixtureFile(target, path("t3.json")).ok());
    ASSERT_TRUE(core::saveMixtureFile(core::GaussianMixture::isotropic(3, 1.0), path("b3.json")).ok());
    core::Rng rng(6);
    const Points x = rng.normal(9, 3);
    const CliRun r = run({"field", "--t", "0.8", "--what", "s", "--points", "-", "--base", "mixture:" + path("b3.json"),
                          "--target", "mixture:" + path("t3.json"), "--out", path("s3.csv")},
                         core::formatCsv({"x0", "x1", "x2"}, x));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    const auto t = parseOutput(test::readText(path("s3.csv")));
    EXPECT_EQ(t.header, (std::vector<std::string>{"s_x0", "s_x1", "s_x2"}));
    const auto f = test::exactField(core::GaussianMixture::isotropic(3, 1.0), target, core::InterpolantOptions{});
    core::FieldValues v;
    ASSERT_TRUE(f.evaluate(0.8, x, core::kScore, v).ok());
    EXPECT_EQ(t.values, v.score);
}

TEST_F(Cli, sample_writesTheCoresEndPointsAndReportsNfe) {
    const CliRun r = run({"sample", "--n", "40", "--steps", "20", "--solver", "rk4", "--seed", "11", "--out", path("end.csv")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("NFE 80"), std::string::npos) << r.err;  // RK4: 4 × 20
    const auto t = parseOutput(test::readText(path("end.csv")));
    EXPECT_EQ(t.header, (std::vector<std::string>{"x", "y"}));
    // The same run through the core: identical numbers.
    const auto f = test::exactField("gaussian", "8gaussians", core::InterpolantOptions{});
    core::Rng rng(11);
    core::SamplerOptions o;
    o.steps = 20;
    const Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, 40, rng);
    const auto expected = core::sample(f, f.interpolant(), start, o, rng);
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(t.values, expected->end);
}

TEST_F(Cli, sampleTrajectory_hasStepAndTimeColumnsForEveryStep) {
    constexpr int kN = 6, kSteps = 4;
    for (const std::string& direction : {std::string("forward"), std::string("backward")}) {
        const std::vector<std::string> common = {"sample", "--n", std::to_string(kN), "--steps", std::to_string(kSteps),
                                                 "--solver", "sde-heun", "--eps", "0.5", "--direction", direction,
                                                 "--seed", "3"};
        auto args = common;
        args.insert(args.end(), {"--trajectory", "--out", "-"});
        const CliRun r = run(args);
        ASSERT_EQ(r.status, 0) << r.err;
        const auto t = parseOutput(r.out);
        EXPECT_EQ(t.header, (std::vector<std::string>{"step", "t", "x", "y"}));
        ASSERT_EQ(t.values.rows(), kN * (kSteps + 1));
        for (int s = 0; s <= kSteps; ++s) {
            const double time = direction == "forward" ? double(s) / kSteps : 1.0 - double(s) / kSteps;
            for (int i = 0; i < kN; ++i) {
                EXPECT_EQ(t.values(s * kN + i, 0), s);
                EXPECT_NEAR(t.values(s * kN + i, 1), time, 1e-15);
            }
        }
        // The last step is what the run without --trajectory writes.
        auto endArgs = common;
        endArgs.insert(endArgs.end(), {"--out", "-"});
        const auto end = parseOutput(run(endArgs).out);
        EXPECT_EQ(Points(t.values.bottomRows(kN).rightCols(2)), end.values) << direction;
    }
}

TEST_F(Cli, nll_printsLogpRowsAndTheMeanOnStderr) {
    const CliRun r = run({"nll", "--points", path("points.csv")});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto t = parseOutput(r.out);
    EXPECT_EQ(t.header, (std::vector<std::string>{"logp"}));
    ASSERT_EQ(t.values.rows(), m_points.rows());
    // Exact log ρ1 of the default scene, in input order (dopri5 at rtol 1e-7: ≲ 1e-5 nats).
    const auto f = test::exactField("gaussian", "8gaussians", core::InterpolantOptions{});
    core::FieldValues v;
    ASSERT_TRUE(f.evaluate(1.0, m_points, core::kLogDensity, v).ok());
    for (Eigen::Index i = 0; i < m_points.rows(); ++i) EXPECT_NEAR(t.values(i, 0), v.logDensity[i], 1e-5) << i;
    const auto at = r.err.find("mean NLL ");
    ASSERT_NE(at, std::string::npos) << r.err;
    const double mean = std::strtod(r.err.c_str() + at + 9, nullptr);
    EXPECT_NEAR(mean, -t.values.mean(), 1e-9 * std::abs(mean));  // printed with 10 digits
}

TEST_F(Cli, metrics_printsThreeNumbersEqualToTheCores) {
    core::Rng rng(7);
    const Points a = test::preset("8gaussians").sample(200, rng), b = test::preset("moons").sample(150, rng);
    test::writeText(path("a.csv"), core::formatCsv({"x", "y"}, a));
    test::writeText(path("b.csv"), core::formatCsv({"x", "y"}, b));
    const CliRun r = run({"metrics", "--a", path("a.csv"), "--b", path("b.csv")});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto t = parseOutput(r.out);
    EXPECT_EQ(t.header, (std::vector<std::string>{"energy_distance", "sliced_w2", "mmd2"}));
    ASSERT_EQ(t.values.rows(), 1);
    ASSERT_EQ(t.values.cols(), 3);
    const double expected[] = {*core::energyDistance(a, b), *core::slicedWasserstein2(a, b), *core::mmdSquared(a, b)};
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(t.values(0, i), expected[i]) << t.header[i];  // printed with full precision
        EXPECT_GT(t.values(0, i), 0.0);
    }
}

}  // namespace
}  // namespace flowlab
