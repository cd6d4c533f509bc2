// The CLI commands called in-process (library flowlab_cli): `field` prints exactly the core's
// values, `sample` at ε = 100 stays on the target, and refusals return 2 with one line and
// nothing written. The subprocess suites (cli_test, cli_robustness_test) cover the executable.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <map>
#include <fstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common/rng.hpp"
#include "field/exact_field.hpp"
#include "io/csv.hpp"
#include "metrics/nfe_curve.hpp"
#include "sampler/sampler.hpp"
#include "scene/scene.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

struct Captured {
    int status = -1;
    std::string out;
    std::string err;
};

Captured run(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    Captured c;
    c.status = command(args);
    c.out = testing::internal::GetCapturedStdout();
    c.err = testing::internal::GetCapturedStderr();
    return c;
}

int lines(const std::string& s) { return int(std::count(s.begin(), s.end(), '\n')); }

TEST(CliInProcess, fieldScore_printsTheCoreExactFieldToFullPrecision) {
    test::TempDir dir;
    core::Rng rng(3);
    const core::Points x = 2.0 * rng.normal(20, 2);
    const std::string points = dir.file("p.csv");
    test::writeText(points, core::formatCsv({"x", "y"}, x));
    const Captured c = run(cli::runField, {"--t", "0.7", "--what", "s", "--points", points});
    ASSERT_EQ(c.status, 0) << c.err;
    const std::string out = dir.file("s.csv");
    test::writeText(out, c.out);
    auto printed = core::readCsvFile(out);
    ASSERT_TRUE(printed.ok()) << printed.message();
    EXPECT_EQ(printed->header, (std::vector<std::string>{"s_x", "s_y"}));
    const core::ExactField f = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear));
    core::FieldValues v;
    ASSERT_TRUE(f.evaluate(0.7, x, core::kScore, v).ok());
    ASSERT_EQ(printed->values.rows(), x.rows());
    EXPECT_LE((printed->values - v.score).cwiseAbs().maxCoeff(), 1e-12 * (1.0 + v.score.cwiseAbs().maxCoeff()));
}

TEST(CliInProcess, sampleEmAtEpsilon100_writesFinitePointsOnTheTarget) {
    test::TempDir dir;
    const std::string out = dir.file("em.csv");
    const Captured c = run(cli::runSample, {"--solver", "em", "--eps", "100", "--steps", "100", "--n", "500", "--out", out});
    ASSERT_EQ(c.status, 0) << c.err;
    EXPECT_NE(c.err.find("NFE"), std::string::npos) << c.err;
    auto p = core::readPointsCsv(out, 2);
    ASSERT_TRUE(p.ok()) << p.message();
    ASSERT_EQ(p->rows(), 500);
    ASSERT_TRUE(p->allFinite());
    // Every point near one of the eight modes (radius 4, σ = 0.5): at most 5σ away.
    for (Eigen::Index r = 0; r < p->rows(); ++r) EXPECT_NEAR(p->row(r).norm(), 4.0, 2.5);
}

TEST(CliInProcess, refusals_returnTwoWithOneLineAndWriteNothing) {
    test::TempDir dir;
    const std::string huge = dir.file("huge.csv");
    test::writeText(huge, "x,y\n0,0\n1e300,1\n");
    const std::string out = dir.file("out.csv");
    const Captured field = run(cli::runField, {"--t", "0.5", "--what", "b", "--points", huge, "--out", out});
    EXPECT_EQ(field.status, 2);
    EXPECT_EQ(lines(field.err), 1) << field.err;
    EXPECT_NE(field.err.find("beyond the sane bound"), std::string::npos) << field.err;
    EXPECT_TRUE(field.out.empty());
    const Captured sample = run(cli::runSample, {"--solver", "em", "--eps", "1000", "--steps", "100", "--out", out});
    EXPECT_EQ(sample.status, 2);
    EXPECT_NE(sample.err.find("use ≥ 100000 steps"), std::string::npos) << sample.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

// One scene model: `sample --scene S` draws what the window shows for S — the scene's solver, ε,
// steps, particles, seed and direction — and gives exactly the points of the same options spelt
// out; an option given beside the scene overrides it.
TEST(CliInProcess, sampleScene_usesTheScenesMethodAndRun) {
    test::TempDir dir;
    core::Scene scene;
    scene.target = core::DensitySource::fromSpec("moons");
    scene.method.interpolant.family = core::InterpolantFamily::Trig;
    scene.method.solver = core::SolverKind::EulerMaruyama;
    scene.method.epsilon = 0.7;
    scene.run.steps = 37;
    scene.run.particles = 123;
    scene.run.seed = 9;
    scene.run.direction = core::Direction::Generate;
    const std::string file = dir.file("s.json");
    ASSERT_TRUE(core::saveSceneFile(scene, file).ok());

    const std::string fromScene = dir.file("a.csv"), spelt = dir.file("b.csv"), overridden = dir.file("c.csv");
    const Captured a = run(cli::runSample, {"--scene", file, "--out", fromScene});
    ASSERT_EQ(a.status, 0) << a.err;
    const Captured b = run(cli::runSample, {"--target", "moons", "--interpolant", "trig", "--solver", "em", "--eps", "0.7",
                                            "--steps", "37", "--n", "123", "--seed", "9", "--out", spelt});
    ASSERT_EQ(b.status, 0) << b.err;
    const Captured c = run(cli::runSample, {"--scene", file, "--steps", "60", "--n", "50", "--out", overridden});
    ASSERT_EQ(c.status, 0) << c.err;
    auto pa = core::readPointsCsv(fromScene, 2), pb = core::readPointsCsv(spelt, 2), pc = core::readPointsCsv(overridden, 2);
    ASSERT_TRUE(pa.ok() && pb.ok() && pc.ok());
    ASSERT_EQ(pa->rows(), 123);
    EXPECT_EQ(*pa, *pb);
    EXPECT_EQ(a.err, b.err);  // same solver and NFE reported
    EXPECT_EQ(pc->rows(), 50);
    EXPECT_NE(c.err, a.err);  // 60 steps: another NFE
}


// learning-curve trains exactly what train trains (same options, seed → the same final error
// against the exact field), writes one row per family and measurement, and training lowers the
// error of every family.
TEST(CliInProcess, learningCurve_trainsWhatTrainTrains_andTheErrorFalls) {
    test::TempDir dir;
    const std::vector<std::string> common = {"--steps", "200", "--width", "32", "--depth", "2", "--batch", "128",
                                             "--threads", "1", "--seed", "5"};
    std::vector<std::string> args = common;
    for (const char* a : {"--families", "fm-ot,linear:brownian", "--every", "50", "--samples", "200", "--out"}) args.push_back(a);
    const std::string csv = dir.file("curve.csv");
    args.push_back(csv);
    const Captured c = run(cli::runLearningCurve, args);
    ASSERT_EQ(c.status, 0) << c.err;
    std::ifstream in(csv);
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    EXPECT_EQ(line, "family,step,seconds,ema_loss,field_error,energy_distance");
    std::map<std::string, std::vector<std::pair<int, double>>> errors;
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string family, cell;
        std::vector<double> v;
        std::getline(row, family, ',');
        while (std::getline(row, cell, ',')) v.push_back(std::stod(cell));
        ASSERT_EQ(v.size(), 5u) << line;
        for (double x : v) EXPECT_TRUE(std::isfinite(x)) << line;
        EXPECT_GT(v[3], 0.0) << line;  // (the energy distance is an unbiased estimate: near 0 it may be < 0)
        errors[family].emplace_back(int(v[0]), v[3]);
    }
    ASSERT_EQ(errors.size(), 2u);
    for (const auto& [family, curve] : errors) {
        ASSERT_EQ(curve.size(), 4u) << family;
        for (std::size_t i = 0; i < curve.size(); ++i) EXPECT_EQ(curve[i].first, 50 * int(i + 1)) << family;
        EXPECT_LT(curve.back().second, curve.front().second) << family;
    }
    EXPECT_NE(c.out.find("fm-ot: final error vs exact"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find("linear:brownian: final error vs exact"), std::string::npos) << c.out;

    // The same run through train: its reported error is the curve's last one.
    std::vector<std::string> train = common;
    for (const char* a : {"--interpolant", "fm-ot", "--field", "b", "--out"}) train.push_back(a);
    train.push_back(dir.file("m.flm"));
    const Captured t = run(cli::runTrain, train);
    ASSERT_EQ(t.status, 0) << t.err;
    const std::string key = "relative L2 error vs the exact b over x ~ ρ_t, t ∈ [0.1, 0.9]: ";
    const std::size_t at = t.out.find(key);
    ASSERT_NE(at, std::string::npos) << t.out;
    EXPECT_NEAR(std::stod(t.out.substr(at + key.size())), errors["fm-ot"].back().second, 6e-5);
}

TEST(CliInProcess, learningCurve_badInput_isOneLineAndNoFile) {
    test::TempDir dir;
    const std::string csv = dir.file("curve.csv");
    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--families", "fm-ot,bogus", "--steps", "20", "--out", csv},
             {"--families", "fm-ot,", "--steps", "20", "--out", csv},
             {"--families", "vp:brownian", "--steps", "20", "--out", csv},
             {"--field", "s", "--steps", "20", "--out", csv},
             {"--every", "0", "--steps", "20", "--out", csv},
             {"--every", "21", "--steps", "20", "--out", csv},
             {"--samples", "5", "--steps", "20", "--out", csv},
             {"--steps", "20"}}) {
        const Captured c = run(cli::runLearningCurve, bad);
        EXPECT_EQ(c.status, 2) << bad[0] << " " << bad[1];
        EXPECT_EQ(lines(c.err), 1) << c.err;
        EXPECT_FALSE(std::filesystem::exists(csv)) << bad[0] << " " << bad[1];
    }
}

/// Exit 2, nothing on stdout, exactly one line on stderr with the CLI's prefix and `fragment`.
void expectOneLineError(const Captured& r, const std::string& fragment, const std::string& what) {
    EXPECT_EQ(r.status, 2) << what;
    EXPECT_TRUE(r.out.empty()) << what;
    EXPECT_EQ(lines(r.err), 1) << what << ": " << r.err;
    EXPECT_EQ(r.err.rfind("flowlab-cli: error: ", 0), 0u) << what << ": " << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << what << ": " << r.err;
}

// ---- the score-SDE samplers and the error-vs-NFE curve ----

TEST(CliInProcess, sampleDdpm_writesTheCoresEndPointsAndRefusesAnotherFamily) {
    test::TempDir dir;
    const auto path = [&dir](const std::string& name) { return dir.file(name); };
    const Captured r = run(cli::runSample, {"--interpolant", "vp", "--solver", "ddpm", "--n", "30", "--steps", "25", "--seed", "3",
                          "--out", path("ddpm.csv")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("with ddpm, NFE 25"), std::string::npos) << r.err;
    auto t = core::readCsvFile(path("ddpm.csv"));
    ASSERT_TRUE(t.ok()) << t.message();
    const auto f = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Vp));
    core::Rng rng(3);
    core::SamplerOptions o;
    o.solver = core::SolverKind::Ddpm;
    o.steps = 25;
    const core::Points start = core::sampleStart(f.base(), f.target(), f.interpolant(), 0.0, 30, rng);
    const auto expected = core::sample(f, f.interpolant(), start, o, rng);
    ASSERT_TRUE(expected.ok()) << expected.message();
    EXPECT_EQ(t->values, expected->end);

    expectOneLineError(run(cli::runSample, {"--solver", "smld", "--out", path("no.csv")}), "smld runs on the ve interpolant, not on linear",
                       "smld on linear");
    expectOneLineError(run(cli::runSample, {"--interpolant", "vp", "--solver", "ddim", "--direction", "backward", "--out", path("no.csv")}),
                       "generates only", "ddim backward");
    EXPECT_FALSE(std::filesystem::exists(path("no.csv")));
}

TEST(CliInProcess, nfeCurve_writesTheCoresCurveAndRefusesBadInputWritingNothing) {
    test::TempDir dir;
    const auto path = [&dir](const std::string& name) { return dir.file(name); };
    const std::string out = path("curve.csv");
    const Captured r = run(cli::runNfeCurve, {"--interpolant", "vp", "--solvers", "rk4,ddim,ddpm", "--nfe", "8,16", "--n", "40",
                          "--target-samples", "50", "--reference-steps", "200", "--seed", "4", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto f = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Vp));
    core::NfeCurveOptions o;
    o.solvers = {core::SolverKind::Rk4, core::SolverKind::Ddim, core::SolverKind::Ddpm};
    o.nfe = {8, 16};
    o.particles = 40;
    o.targetSamples = 50;
    o.referenceSteps = 200;
    o.seed = 4;
    o.sampler.epsilon.value = 1.0;
    const auto expected = core::nfeCurve(f, f.interpolant(), f.base(), f.target(), o);
    ASSERT_TRUE(expected.ok()) << expected.message();
    EXPECT_EQ(test::readText(out), core::nfeCurveCsv(expected->points, "exact"));
    EXPECT_NE(test::readText(out).find("\nrk4,exact,8,2,8,"), std::string::npos);
    EXPECT_NE(test::readText(out).find("\nddpm,exact,16,16,16,"), std::string::npos);

    const std::string bad = path("bad.csv");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--solvers", "ddpm"}, "ddpm: ddpm runs on the vp interpolant, not on linear"},
        {{"--solvers", "dopri5"}, "dopri5 chooses its own steps"},
        {{"--solvers", "rk4,bogus"}, "--solvers: unknown solver 'bogus'"},
        {{"--nfe", "8,0"}, "--nfe: '0' is not a whole number"},
        {{"--nfe", "8,x"}, "--nfe: 'x' is not a whole number"},
        {{"--n", "1"}, "--n"},
    };
    for (const auto& [extra, fragment] : cases) {
        std::vector<std::string> args = {"--out", bad};
        args.insert(args.end(), extra.begin(), extra.end());
        expectOneLineError(run(cli::runNfeCurve, args), fragment, extra.front() + " " + extra.back());
    }
    EXPECT_FALSE(std::filesystem::exists(bad));
}

}  // namespace
}  // namespace flowlab
