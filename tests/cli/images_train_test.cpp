// flowlab-cli images train: help, refusals (exit 2, one line, nothing at --out), a tiny run whose
// model file records what it was trained on, --resume, --minutes and --classifier-out.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "image/image_decoder.hpp"
#include "net/unet_checkpoint.hpp"
#include "test_support.hpp"
#include "train/image_classifier.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;
using test::CliRun;

std::vector<std::string> tiny(const std::string& out) {
    return {"images", "train", "--data", "shapes", "--size", "8", "--max-train", "64", "--max-test", "32",
            "--width", "8", "--levels", "1,2", "--groups", "4", "--batch", "8", "--threads", "1", "--out", out};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

void expectRefused(const CliRun& r, const std::string& fragment) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 300);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("flowlab-cli: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
}

TEST(CliImagesTrain, help_listsTheOptions) {
    test::TempDir dir;
    const CliRun r = test::runCli({"images", "train", "--help"}, dir);
    EXPECT_EQ(r.status, 0) << r.err;
    for (const char* option : {"--data", "--field", "--classes", "--cfg-dropout", "--device", "--minutes", "--resume",
                               "--classifier-out", "--levels", "--interpolant"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

TEST(CliImagesTrain, badInput_isRefusedAndWritesNothing) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "2", "--field", "bogus"}), dir), "--field");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "2", "--device", "cuda"}), dir), "--device cpu");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "2", "--cfg-dropout", "0.2"}), dir), "--classes");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "0"}), dir), "--steps");
    expectRefused(test::runCli({"images", "train", "--data", "shapes", "--levels", "1,x", "--out", out}, dir), "--levels");
    expectRefused(test::runCli({"images", "train", "--data", "shapes", "--width", "12", "--groups", "8", "--out", out}, dir),
                  "divide");
    expectRefused(test::runCli({"images", "train", "--data", "nowhere:", "--out", out}, dir), "nowhere");
    expectRefused(test::runCli({"images", "train", "--data", "shapes", "--field", "eta", "--out", out}, dir), "γ");
    expectRefused(test::runCli({"images", "train", "--resume", dir.file("none.flowlab"), "--out", out}, dir), "none.flowlab");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(dir.entries().empty() || std::none_of(dir.entries().begin(), dir.entries().end(), [](const std::string& e) {
        return e.find("m.flowlab") != std::string::npos;
    }));
}

TEST(CliImagesTrain, tinyRun_savesAModelThatRecordsItsData_andResumes) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun r = test::runCli(with(tiny(out), {"--steps", "6", "--progress-every", "3", "--classes"}), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("step       6/6"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("GFLOP per step"), std::string::npos) << r.out;
    auto model = core::readUNetCheckpoint(out);
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->info.state.step, 6);
    EXPECT_EQ(model->info.data.source.spec, "shapes");
    EXPECT_EQ(model->info.data.source.size, 8);
    EXPECT_EQ(model->info.data.height, 8);
    EXPECT_EQ(model->info.data.images, 64);
    EXPECT_GT(model->info.network.classCount, 1);
    EXPECT_EQ(model->info.network.classCount, model->info.data.classCount());
    EXPECT_EQ(model->info.interpolant.family, core::InterpolantFamily::FmOt);
    EXPECT_TRUE(model->hasTrainingState());

    // --resume reloads the data from the file and continues to the new total.
    const std::string more = dir.file("m2.flowlab");
    const CliRun resumed = test::runCli({"images", "train", "--resume", out, "--steps", "9", "--out", more}, dir);
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    auto next = core::readUNetCheckpoint(more);
    ASSERT_TRUE(next) << next.message();
    EXPECT_EQ(next->info.state.step, 9);
    expectRefused(test::runCli({"images", "train", "--resume", out, "--width", "16", "--out", more}, dir), "cannot change");
}

// The trained U-Net drives `images sample --field learned`: a grid of the right size, a class
// with guidance, and refusals for a model that does not fit the data.
TEST(CliImagesTrain, learnedModel_samplesAGrid_andIsRefusedOnOtherData) {
    test::TempDir dir;
    const std::string model = dir.file("m.flowlab");
    const CliRun r = test::runCli(with(tiny(model), {"--steps", "4", "--classes"}), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string grid = dir.file("g.png");
    const std::vector<std::string> sample = {"images", "sample", "--data", "shapes", "--size", "8", "--max-train", "64",
                                             "--field", "learned", "--model", model, "--grid", "2x3", "--steps", "5",
                                             "--solver", "euler", "--scale", "1"};
    const CliRun s = test::runCli(with(sample, {"--out", grid}), dir);
    ASSERT_EQ(s.status, 0) << s.err;
    auto png = core::decodeImageFile(grid);
    ASSERT_TRUE(png.ok()) << png.message();
    EXPECT_GT(png->width, png->height);  // 3 columns of 8-pixel tiles, 2 rows
    EXPECT_NE(s.out.find("U-Net"), std::string::npos) << s.out;  // the result line names the network
    const CliRun guided = test::runCli(with(sample, {"--class", "1", "--guidance", "2", "--out", dir.file("c.png")}), dir);
    EXPECT_EQ(guided.status, 0) << guided.err;
    expectRefused(test::runCli({"images", "sample", "--data", "shapes", "--size", "16", "--max-train", "64", "--field",
                                "learned", "--model", model, "--out", dir.file("x.png")}, dir), "values");
    expectRefused(test::runCli({"images", "sample", "--data", "shapes", "--size", "8", "--max-train", "64", "--field",
                                "learned", "--out", dir.file("x.png")}, dir), "--model");
    EXPECT_FALSE(fs::exists(dir.file("x.png")));
}

// --coupling: refusals leave no file; ot and reflow runs record their coupling in the model.
TEST(CliImagesTrain, badCoupling_isRefusedAndWritesNothing) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "2", "--coupling", "sinkhorn:abc"}), dir), "REG");
    expectRefused(test::runCli(with(tiny(out), {"--steps", "2", "--coupling", "reflow:" + dir.file("none.flowlab")}), dir),
                  "none.flowlab");
    EXPECT_FALSE(fs::exists(out));
}

TEST(CliImagesTrain, coupling_isRecorded_andReflowTakesAnImageModelOfTheSameData) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun ot = test::runCli(with(tiny(out), {"--steps", "3", "--coupling", "ot"}), dir);
    ASSERT_EQ(ot.status, 0) << ot.err;
    EXPECT_NE(ot.out.find("ot coupling"), std::string::npos) << ot.out;
    auto model = core::readUNetCheckpoint(out);
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->info.trainer.coupling.kind, core::CouplingKind::MinibatchOt);

    // A reflow parent of another image size is refused; one of the same data makes the pairs.
    const std::string child = dir.file("child.flowlab");
    std::vector<std::string> bigger = tiny(child);
    bigger[5] = "16";  // --size
    expectRefused(test::runCli(with(bigger, {"--steps", "2", "--coupling", "reflow:" + out}), dir), "8×8");
    EXPECT_FALSE(fs::exists(child));
    const CliRun reflow = test::runCli(with(tiny(child), {"--steps", "2", "--coupling", "reflow:" + out,
                                                          "--reflow-pairs", "16", "--reflow-steps", "2"}), dir);
    ASSERT_EQ(reflow.status, 0) << reflow.err;
    auto reflowed = core::readUNetCheckpoint(child);
    ASSERT_TRUE(reflowed) << reflowed.message();
    EXPECT_EQ(reflowed->info.trainer.coupling.kind, core::CouplingKind::Reflow);
    EXPECT_EQ(reflowed->info.trainer.coupling.reflowModel, out);
    EXPECT_EQ(reflowed->info.trainer.coupling.reflowPairs, 16);
}

/// N of the "stopped after N steps" line of a stopped run, −1 when there is none.
int stoppedAfter(const std::string& out) {
    const std::regex stopped(R"(stopped after ([0-9]+) steps)");
    std::smatch m;
    return std::regex_search(out, m, stopped) ? std::stoi(m[1].str()) : -1;
}

TEST(CliImagesTrain, minutes_stopsEarlyAndStillSaves) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun r = test::runCli(with(tiny(out), {"--steps", "1000000", "--progress-every", "2", "--minutes", "0.002"}), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const int steps = stoppedAfter(r.out);
    ASSERT_GE(steps, 0) << r.out;
    auto model = core::readUNetCheckpoint(out);
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->info.state.step, steps);
    EXPECT_LT(steps, 1000000);
}

// --minutes is kept between progress reports too: with the default interval (steps/20 = 50 000
// steps here, minutes away) the run still stops at its time, before the first report, and saves.
// (It used to be checked only at reports: 0.05 minutes took 340 s.)
TEST(CliImagesTrain, minutes_stopsBetweenProgressReports) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun r = test::runCli(with(tiny(out), {"--steps", "1000000", "--minutes", "0.005"}), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const int steps = stoppedAfter(r.out);
    ASSERT_GE(steps, 0) << r.out;
    EXPECT_GT(steps, 0);
    EXPECT_LT(steps, 50000);
    auto model = core::readUNetCheckpoint(out);
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->info.state.step, steps);
}

// Trains the tiny network at learning rate `lr` (constant after `warmup` steps) and checks the
// common verdict of a diverged run: exit 2, a one-line error that says so, nothing at `out`.
CliRun trainDiverging(const test::TempDir& dir, const std::string& out, const std::string& lr, const std::string& warmup,
                      const std::string& steps, const std::string& every) {
    const CliRun r = test::runCli(with(tiny(out), {"--steps", steps, "--progress-every", every, "--lr", lr, "--warmup",
                                                   warmup, "--schedule", "constant"}),
                                  dir);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("training diverged"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("model saved"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out));
    return r;
}

// A learning rate far too high: the loss explodes to finite but absurd values (no NaN for the
// trainer to catch) from the first report on. The run must end with a verdict and exit 2, and
// keep nothing, since no report was healthy.
TEST(CliImagesTrain, explodingLoss_endsWithAVerdictAndWritesNothing) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun r = trainDiverging(dir, out, "2", "0", "40", "5");
    EXPECT_NE(r.err.find("outputs zero"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out + ".last-good"));
}

// Healthy during the warm-up, then blown up (to a NaN after many absurd steps): the weights kept
// beside --out are those of the last healthy report, not the trainer's last finite ones.
TEST(CliImagesTrain, blowUpAfterWarmup_keepsTheLastHealthyWeights) {
    test::TempDir dir;
    const std::string out = dir.file("m.flowlab");
    const CliRun r = trainDiverging(dir, out, "10", "20", "60", "2");
    const std::regex keptAt(R"(the last good weights \(step ([0-9]+))");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, keptAt)) << r.err;
    const int kept = std::stoi(m[1].str());
    auto model = core::readUNetCheckpoint(out + ".last-good");
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->info.state.step, kept);
    // The kept report's EMA loss is below every later one: the blow-up came after it.
    const std::regex line(R"(step +([0-9]+)/60 +loss +[-0-9.e+]+ +ema +([-0-9.e+]+))");
    double keptEma = 0.0, laterLowest = 1e300;
    int reports = 0;
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), line); it != std::sregex_iterator(); ++it, ++reports) {
        const int step = std::stoi((*it)[1].str());
        const double ema = std::stod((*it)[2].str());
        if (step == kept) keptEma = ema;
        if (step > kept) laterLowest = std::min(laterLowest, ema);
    }
    ASSERT_GT(reports, 2) << r.out;
    EXPECT_NEAR(model->info.state.emaLoss, keptEma, 1e-4);  // printed with 5 decimals
    EXPECT_LT(5.0 * keptEma, laterLowest) << r.out;
}

TEST(CliImagesTrain, classifierOut_reportsAccuracyAndSavesTheClassifier) {
    test::TempDir dir;
    const std::string classifier = dir.file("c.flowlab");
    const CliRun r = test::runCli(
        with(tiny(dir.file("m.flowlab")), {"--steps", "2", "--classifier-out", classifier, "--classifier-steps", "30",
                                           "--eval-samples", "16", "--eval-steps", "2"}),
        dir);
    ASSERT_EQ(r.status, 0) << r.err;
    const std::regex line(R"(classifier test accuracy ([0-9.]+) on 32 images)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
    const double accuracy = std::stod(m[1].str());
    EXPECT_GE(accuracy, 0.0);
    EXPECT_LE(accuracy, 1.0);
    auto loaded = core::ImageClassifier::load(classifier);
    ASSERT_TRUE(loaded) << loaded.message();
    EXPECT_EQ(loaded->height(), 8);
    EXPECT_GT(loaded->classCount(), 1);
    // The evaluation of 16 samples: a finite distance and an entropy within [0, ln K].
    const std::regex eval(R"(eval: 16 samples .*Fréchet distance to 32 test images ([0-9.]+) .*class entropy ([0-9.]+) of ln K = ([0-9.]+))");
    ASSERT_TRUE(std::regex_search(r.out, m, eval)) << r.out;
    EXPECT_GE(std::stod(m[1].str()), 0.0);
    EXPECT_LE(std::stod(m[2].str()), std::stod(m[3].str()) + 1e-4);
    // images metrics takes the classifier for the Fréchet distance of exact-field samples to the test split.
    const std::vector<std::string> metrics = {"images", "metrics", "--data", "shapes", "--size", "8", "--max-train", "64",
                                              "--max-test", "32", "--n", "16", "--solver", "euler", "--steps", "5"};
    const CliRun measured = test::runCli(with(metrics, {"--classifier", classifier}), dir);
    ASSERT_EQ(measured.status, 0) << measured.err;
    const std::regex frechet(R"(Fréchet distance \(classifier features\) to shapes test 8×8: ([0-9.e+-]+) \(test half against test half: ([0-9.e+-]+)\))");
    ASSERT_TRUE(std::regex_search(measured.out, m, frechet)) << measured.out;
    EXPECT_GE(std::stod(m[1].str()), 0.0);
    EXPECT_GE(std::stod(m[2].str()), 0.0);
    const CliRun without = test::runCli(metrics, dir);
    ASSERT_EQ(without.status, 0) << without.err;
    EXPECT_NE(without.out.find("give --classifier FILE"), std::string::npos) << without.out;
    expectRefused(test::runCli(with(metrics, {"--classifier", dir.file("none.flowlab")}), dir), "--classifier");
    // Without a classifier the evaluation is refused before any training.
    const CliRun refused = test::runCli(with(tiny(dir.file("n.flowlab")), {"--steps", "2", "--eval-samples", "16"}), dir);
    expectRefused(refused, "--classifier");
}

}  // namespace
}  // namespace flowlab
