// The image U-Net as a field: shapes, conditioning and guidance, checkpoints, device refusal.

#include <cmath>
#include <fstream>

#include "field/unet_field.hpp"
#include "io/file_io.hpp"
#include "net/checkpoint.hpp"
#include "net/net_diagnostics.hpp"
#include "net/unet_checkpoint.hpp"
#include "test_support.hpp"
#include "unet_test_support.hpp"

namespace flowlab::test {
namespace {

using core::InterpolantFamily;

constexpr double kExact = 0.0;
constexpr double kFloatTolerance = 1e-5;

class UNetModel : public UNetTest {};

core::Points randomImages(int rows, int dim, std::uint64_t seed) {
    core::Rng rng(seed);
    return rng.normal(rows, dim);
}

TEST_F(UNetModel, oddImageSize_outputHasTheInputShape) {
    // 7×5 images go down 7→4→2 and must come back up to exactly 7×5.
    core::ImageDataset data = barImages(4, 8);
    data.height = 7;
    data.width = 5;
    data.pixels.assign(4 * 35, 0.25f);
    core::ImageTrainerOptions o = tinyImageOptions(data, 3);
    o.network.channelMultipliers = {1, 1, 2};
    const core::ImageTrainer trainer = trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), o);
    auto field = trainer.snapshot();
    ASSERT_TRUE(field) << field.message();
    core::Points out;
    ASSERT_TRUE(field->evaluateNetwork(0.5, randomImages(3, 35, 1), out));
    EXPECT_EQ(out.rows(), 3);
    EXPECT_EQ(out.cols(), 35);
    EXPECT_TRUE(out.allFinite());
    // Three steps moved the zero-initialised output convolution: the output is no longer 0.
    EXPECT_GT(out.norm(), 0.0);
}

TEST_F(UNetModel, untrainedNetwork_predictsZero) {
    const core::ImageDataset data = barImages(4);
    auto trainer = core::ImageTrainer::create(data, familyOptions(InterpolantFamily::FmOt), tinyImageOptions(data, 10));
    ASSERT_TRUE(trainer) << trainer.message();
    auto field = trainer->snapshot();
    ASSERT_TRUE(field);
    core::Points out;
    ASSERT_TRUE(field->evaluateNetwork(0.3, randomImages(2, data.dim(), 2), out));
    EXPECT_EQ(out.norm(), kExact);
}

TEST_F(UNetModel, inferenceForward_equalsTheRecordedForward) {
    // Sampling runs the elementwise steps in place; training records them. Same numbers, with
    // and without classes, one and two residual blocks per level.
    const core::ImageDataset data = barImages(4);
    for (bool classes : {false, true}) {
        for (int blocks : {1, 2}) {
            core::UNetOptions o = tinyImageOptions(data, 1).network;
            o.classCount = classes ? 3 : 0;
            o.resBlocks = blocks;
            auto err = core::unetInferenceForwardError(o, 5, 3);
            ASSERT_TRUE(err.ok()) << err.message();
            EXPECT_LT(*err, kFloatTolerance) << "classes " << classes << ", blocks " << blocks;
        }
    }
}

class UNetGuidance : public UNetTest {
protected:
    static void SetUpTestSuite() {
        core::setTorchThreads(1);
        const core::ImageDataset data = barImages(8);
        s_trainer = new core::ImageTrainer(
            trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), tinyImageOptions(data, 150, true)));
    }
    static void TearDownTestSuite() {
        delete s_trainer;
        s_trainer = nullptr;
    }
    static core::Points network(int classLabel, double w, const core::Points& x) {
        auto field = s_trainer->snapshot(classLabel, w);
        EXPECT_TRUE(field) << field.message();
        core::Points out;
        EXPECT_TRUE(field->evaluateNetwork(0.6, x, out));
        return out;
    }
    static core::ImageTrainer* s_trainer;
};
core::ImageTrainer* UNetGuidance::s_trainer = nullptr;

TEST_F(UNetGuidance, zeroGuidance_equalsTheUnconditionalModel) {
    const core::Points x = randomImages(5, 64, 3);
    const core::Points unconditional = network(-1, 0.0, x);
    EXPECT_EQ((network(0, 0.0, x) - unconditional).norm(), kExact);
    EXPECT_EQ((network(1, 0.0, x) - unconditional).norm(), kExact);
    // The class matters once w > 0: the two classes differ from ∅ and from each other.
    EXPECT_GT((network(0, 1.0, x) - unconditional).norm(), 1e-3 * unconditional.norm());
    EXPECT_GT((network(0, 1.0, x) - network(1, 1.0, x)).norm(), 1e-3 * unconditional.norm());
}

TEST_F(UNetGuidance, guidedOutput_isTheAffineCombination) {
    const core::Points x = randomImages(4, 64, 4);
    const core::Points none = network(-1, 0.0, x);
    const core::Points given = network(1, 1.0, x);
    const double w = 2.5;
    const core::Points expected = (1.0 - w) * none + w * given;
    EXPECT_LT((network(1, w, x) - expected).norm(), kFloatTolerance * (1.0 + expected.norm()));
}

TEST_F(UNetGuidance, badConditioning_isRefused) {
    EXPECT_FALSE(s_trainer->snapshot(2, 1.0));   // only classes 0 and 1
    EXPECT_FALSE(s_trainer->snapshot(-1, 1.0));  // guidance without a class
    EXPECT_FALSE(s_trainer->snapshot(0, -1.0));
    const core::ImageDataset data = barImages(4);
    auto plain = core::ImageTrainer::create(data, familyOptions(InterpolantFamily::FmOt), tinyImageOptions(data, 1));
    ASSERT_TRUE(plain);
    auto conditioned = plain->snapshot(0, 1.0);
    ASSERT_FALSE(conditioned);
    EXPECT_NE(conditioned.message().find("unconditional"), std::string::npos) << conditioned.message();
}

class UNetCheckpoint : public UNetTest {};

TEST_F(UNetCheckpoint, saveThenLoad_givesIdenticalOutputs) {
    TempDir dir;
    const core::ImageDataset data = barImages(4);
    const core::ImageTrainer trainer =
        trainImagesOrDie(data, familyOptions(InterpolantFamily::Linear, core::GammaKind::Brownian),
                         [&] {
                             auto o = tinyImageOptions(data, 20, true);
                             o.training.target = core::TrainTarget::Denoiser;
                             return o;
                         }());
    ASSERT_TRUE(trainer.saveCheckpoint(dir.file("m.flowlab")));
    auto loaded = core::UNetField::load(dir.file("m.flowlab"), 1, 1.0);
    ASSERT_TRUE(loaded) << loaded.message();
    auto live = trainer.snapshot(1, 1.0);
    ASSERT_TRUE(live);
    const core::Points x = randomImages(3, data.dim(), 5);
    core::FieldValues a, b;
    ASSERT_TRUE(loaded->evaluate(0.4, x, core::kDenoiser | core::kScore, a));
    ASSERT_TRUE(live->evaluate(0.4, x, core::kDenoiser | core::kScore, b));
    EXPECT_EQ((a.denoiser - b.denoiser).norm(), kExact);
    EXPECT_EQ((a.score - b.score).norm(), kExact);
    EXPECT_GT(a.denoiser.norm(), 0.0);
    // What the file records.
    const core::ImageModelInfo& info = loaded->info();
    EXPECT_EQ(info.data.description, data.description);
    EXPECT_EQ(info.data.height, 8);
    EXPECT_EQ(info.data.classNames, data.classNames);
    EXPECT_EQ(info.network, trainer.options().network);
    EXPECT_EQ(info.interpolant.gamma, core::GammaKind::Brownian);
    EXPECT_EQ(info.field, core::TrainTarget::Denoiser);
    EXPECT_EQ(info.state.step, 20);
    // η = −γ s: the conversion the MLP uses.
    const double gamma = std::sqrt(0.4 * 0.6);
    EXPECT_LT((a.denoiser + gamma * a.score).norm(), kFloatTolerance * a.denoiser.norm());
}

TEST_F(UNetCheckpoint, resume_continuesFromTheSavedStep) {
    TempDir dir;
    const core::ImageDataset data = barImages(4);
    core::ImageTrainer first = trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), tinyImageOptions(data, 10));
    ASSERT_TRUE(first.saveCheckpoint(dir.file("m.flowlab")));
    auto resumed = core::ImageTrainer::resume(dir.file("m.flowlab"), data, 16);
    ASSERT_TRUE(resumed) << resumed.message();
    EXPECT_EQ(resumed->step(), 10);
    const core::Points x = randomImages(2, data.dim(), 6);
    core::Points a, b;
    ASSERT_TRUE(first.snapshot()->evaluateNetwork(0.5, x, a));
    ASSERT_TRUE(resumed->snapshot()->evaluateNetwork(0.5, x, b));
    EXPECT_EQ((a - b).norm(), kExact);
    auto summary = resumed->run();
    ASSERT_TRUE(summary) << summary.message();
    EXPECT_EQ(summary->step, 16);
    EXPECT_EQ(summary->stepsThisRun, 6);
    // Another data set is refused.
    auto other = core::ImageTrainer::resume(dir.file("m.flowlab"), barImages(6));
    ASSERT_FALSE(other);
    EXPECT_NE(other.message().find("trained on"), std::string::npos) << other.message();
}

TEST_F(UNetCheckpoint, resume_withAnotherBatchSize_trainsAndRecordsIt) {
    // The window continues a model file with the Training dock's batch, not the file's.
    TempDir dir;
    const core::ImageDataset data = barImages(4);
    core::ImageTrainerOptions o = tinyImageOptions(data, 10);
    o.training.threads = 2;  // two shards: the split must follow the new batch
    core::ImageTrainer first = trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), o);
    ASSERT_TRUE(first.saveCheckpoint(dir.file("m.flowlab")));
    auto resumed = core::ImageTrainer::resume(dir.file("m.flowlab"), data, 16);
    ASSERT_TRUE(resumed) << resumed.message();
    const int fileBatch = resumed->options().training.batchSize;
    const int batch = fileBatch / 2 + 2;
    ASSERT_NE(batch, fileBatch);
    const double flopsBefore = resumed->flopsPerStep();
    ASSERT_TRUE(resumed->setBatchSize(batch));
    EXPECT_EQ(resumed->options().training.batchSize, batch);
    EXPECT_DOUBLE_EQ(resumed->flopsPerStep() * fileBatch, flopsBefore * batch);
    EXPECT_EQ(resumed->step(), 10);  // the step and the weights stay
    auto summary = resumed->run();
    ASSERT_TRUE(summary) << summary.message();
    EXPECT_EQ(summary->step, 16);
    EXPECT_TRUE(std::isfinite(summary->finalLoss));
    ASSERT_TRUE(resumed->saveCheckpoint(dir.file("n.flowlab")));
    auto again = core::ImageTrainer::resume(dir.file("n.flowlab"), data);
    ASSERT_TRUE(again) << again.message();
    EXPECT_EQ(again->options().training.batchSize, batch);
    EXPECT_EQ(again->step(), 16);
    // A batch the options refuse changes nothing.
    EXPECT_FALSE(again->setBatchSize(0));
    EXPECT_EQ(again->options().training.batchSize, batch);
}

TEST_F(UNetCheckpoint, corruptedOrTruncatedFile_isRefused) {
    TempDir dir;
    const core::ImageDataset data = barImages(4);
    const core::ImageTrainer trainer = trainImagesOrDie(data, familyOptions(InterpolantFamily::FmOt), tinyImageOptions(data, 5));
    ASSERT_TRUE(trainer.saveCheckpoint(dir.file("m.flowlab")));
    auto bytes = core::readTextFile(dir.file("m.flowlab"), 1u << 30);
    ASSERT_TRUE(bytes);
    // A flipped bit anywhere after the header lines: in the weights and in the metadata.
    for (std::size_t at : {bytes->size() - 7, bytes->size() / 2, std::size_t{60}}) {
        std::string damaged = *bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
        ASSERT_TRUE(core::writeFileAtomic(dir.file("bad.flowlab"), damaged));
        auto loaded = core::UNetField::load(dir.file("bad.flowlab"));
        ASSERT_FALSE(loaded) << "flip at " << at;
        EXPECT_NE(loaded.message().find("checksum"), std::string::npos) << loaded.message();
    }
    for (std::size_t keep : {std::size_t{0}, std::size_t{10}, bytes->size() / 3, bytes->size() - 1}) {
        ASSERT_TRUE(core::writeFileAtomic(dir.file("cut.flowlab"), bytes->substr(0, keep)));
        EXPECT_FALSE(core::UNetField::load(dir.file("cut.flowlab"))) << "kept " << keep;
    }
    // The 2D model reader refuses it too, rather than misreading it.
    auto asMlp = core::readCheckpoint(dir.file("m.flowlab"));
    EXPECT_FALSE(asMlp);
}

TEST_F(UNetCheckpoint, cudaDevice_isRefusedOnThisLibTorch) {
    const core::ImageDataset data = barImages(4);
    core::ImageTrainerOptions o = tinyImageOptions(data, 5);
    o.device = "cuda";
    auto trainer = core::ImageTrainer::create(data, familyOptions(InterpolantFamily::FmOt), o);
    ASSERT_FALSE(trainer);
    EXPECT_NE(trainer.message().find("--device cpu"), std::string::npos) << trainer.message();
    o.device = "tpu";
    auto unknown = core::ImageTrainer::create(data, familyOptions(InterpolantFamily::FmOt), o);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.message().find("unknown device"), std::string::npos) << unknown.message();
}

TEST_F(UNetCheckpoint, divergence_restoresTheLastGoodWeights) {
    const core::ImageDataset data = barImages(4);
    core::ImageTrainerOptions o = tinyImageOptions(data, 12);
    o.training.progressEvery = 4;
    auto trainer = core::ImageTrainer::create(data, familyOptions(InterpolantFamily::FmOt), o);
    ASSERT_TRUE(trainer);
    trainer->debugPoisonWeightsAtStep(6);
    auto summary = trainer->run();
    ASSERT_FALSE(summary);
    EXPECT_NE(summary.message().find("restored"), std::string::npos) << summary.message();
    EXPECT_EQ(trainer->step(), 4);
    core::Points out;
    ASSERT_TRUE(trainer->snapshot()->evaluateNetwork(0.5, randomImages(2, data.dim(), 7), out));
    EXPECT_TRUE(out.allFinite());
}

}  // namespace
}  // namespace flowlab::test
