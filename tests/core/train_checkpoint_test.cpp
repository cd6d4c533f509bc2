#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/file_io.hpp"
#include "io/checksum.hpp"
#include "net/checkpoint.hpp"
#include "train_support.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

class TrainCheckpoint : public test::TrainTest {
protected:
    void SetUp() override {
        TrainTest::SetUp();
        m_dir = fs::temp_directory_path() / ("flowlab_ckpt_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
        m_interpolant = test::interpolantOptions(core::InterpolantFamily::Linear);
        auto options = test::smallTrainerOptions(core::TrainTarget::Velocity, 200);
        options.network.width = 32;
        m_trainer = std::make_unique<core::Trainer>(test::trainOrDie("gaussian", "8gaussians", m_interpolant, options));
        m_path = (m_dir / "model.flm").string();
        ASSERT_TRUE(m_trainer->saveCheckpoint(m_path).ok());
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string bytes() const { return std::move(core::readTextFile(m_path, 1u << 30)).value(); }
    std::string writeVariant(const std::string& name, const std::string& content) const {
        const std::string p = (m_dir / name).string();
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }

    fs::path m_dir;
    std::string m_path;
    core::InterpolantOptions m_interpolant;
    std::unique_ptr<core::Trainer> m_trainer;
};

core::Points probePoints() {
    core::Rng rng(21);
    return 3.0 * rng.normal(64, 2);
}

TEST_F(TrainCheckpoint, saveThenLoad_givesIdenticalOutputs) {
    auto loaded = core::LearnedField::load(m_path, test::preset("gaussian"), test::preset("8gaussians"), m_interpolant);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    const core::LearnedField original = m_trainer->snapshot();
    for (double t : {0.0, 0.3, 1.0}) {
        core::FieldValues a, b;
        ASSERT_TRUE(original.evaluate(t, probePoints(), core::kVelocity | core::kDivergence, a).ok());
        ASSERT_TRUE(loaded->evaluate(t, probePoints(), core::kVelocity | core::kDivergence, b).ok());
        EXPECT_EQ(a.velocity, b.velocity);  // bit for bit: the weights are stored as raw float32
        EXPECT_EQ(a.divergence, b.divergence);
    }
    EXPECT_EQ(loaded->info().state.step, 200);
    EXPECT_EQ(loaded->info().network, m_trainer->options().network);
}

TEST_F(TrainCheckpoint, inferenceSave_roundTripsAndCannotResume) {
    const std::string p = (m_dir / "inference.flm").string();
    ASSERT_TRUE(m_trainer->snapshot().save(p).ok());
    auto loaded = core::LearnedField::load(p);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    core::FieldValues a, b;
    ASSERT_TRUE(m_trainer->snapshot().evaluate(0.5, probePoints(), core::kVelocity, a).ok());
    ASSERT_TRUE(loaded->evaluate(0.5, probePoints(), core::kVelocity, b).ok());
    EXPECT_EQ(a.velocity, b.velocity);
    auto resumed = core::Trainer::resume(p);
    ASSERT_FALSE(resumed.ok());
    EXPECT_NE(resumed.message().find("cannot be resumed"), std::string::npos);
}

TEST_F(TrainCheckpoint, resume_continuesFromSavedStep) {
    auto resumed = core::Trainer::resume(m_path, 300);
    ASSERT_TRUE(resumed.ok()) << resumed.message();
    EXPECT_EQ(resumed->step(), 200);
    core::FieldValues a, b;
    ASSERT_TRUE(m_trainer->snapshot().evaluate(0.5, probePoints(), core::kVelocity, a).ok());
    ASSERT_TRUE(resumed->snapshot().evaluate(0.5, probePoints(), core::kVelocity, b).ok());
    EXPECT_EQ(a.velocity, b.velocity);
    auto summary = resumed->run();
    ASSERT_TRUE(summary.ok()) << summary.message();
    EXPECT_EQ(summary->step, 300);
    EXPECT_EQ(summary->stepsThisRun, 100);
}

TEST_F(TrainCheckpoint, otherTarget_isRefusedWithReason) {
    auto loaded = core::LearnedField::load(m_path, test::preset("gaussian"), test::preset("moons"), m_interpolant);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("target"), std::string::npos) << loaded.message();
}

TEST_F(TrainCheckpoint, otherInterpolant_isRefusedWithReason) {
    auto trig = test::interpolantOptions(core::InterpolantFamily::Trig);
    auto loaded = core::LearnedField::load(m_path, test::preset("gaussian"), test::preset("8gaussians"), trig);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("trig"), std::string::npos) << loaded.message();
    auto brownian = test::interpolantOptions(core::InterpolantFamily::Linear, core::GammaKind::Brownian);
    auto loaded2 = core::LearnedField::load(m_path, test::preset("gaussian"), test::preset("8gaussians"), brownian);
    ASSERT_FALSE(loaded2.ok());
    EXPECT_NE(loaded2.message().find("γ"), std::string::npos) << loaded2.message();
}

TEST_F(TrainCheckpoint, flippedWeightByte_isRefusedAsCorrupt) {
    std::string b = bytes();
    b[b.size() - 40] = static_cast<char>(b[b.size() - 40] ^ 0x40);  // a weight, before the checksum line
    auto loaded = core::LearnedField::load(writeVariant("flipped.flm", b));
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("corrupt"), std::string::npos) << loaded.message();
}

TEST_F(TrainCheckpoint, truncatedFile_isRefusedAtEveryLength) {
    const std::string b = bytes();
    // Every cut through the header and a spread of cuts through the weights: never a crash,
    // always an error.
    std::vector<std::size_t> cuts;
    for (std::size_t n = 0; n < std::min<std::size_t>(b.size(), 4096); n += 7) cuts.push_back(n);
    for (std::size_t n = 4096; n < b.size(); n += b.size() / 50 + 1) cuts.push_back(n);
    cuts.push_back(b.size() - 1);
    for (std::size_t n : cuts) {
        auto loaded = core::parseCheckpoint(b.substr(0, n), "cut");
        EXPECT_FALSE(loaded.ok()) << "accepted a file cut at " << n << " of " << b.size() << " bytes";
    }
    auto loaded = core::LearnedField::load(writeVariant("cut.flm", b.substr(0, b.size() / 2)));
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("truncated"), std::string::npos) << loaded.message();
}

TEST_F(TrainCheckpoint, foreignOrGarbageFile_isRefused) {
    EXPECT_FALSE(core::LearnedField::load(writeVariant("empty.flm", "")).ok());
    EXPECT_FALSE(core::LearnedField::load(writeVariant("text.flm", "{\"dim\": 2}")).ok());
    std::string garbage(5000, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 2654435761u) >> 13);
    EXPECT_FALSE(core::LearnedField::load(writeVariant("garbage.flm", garbage)).ok());
    EXPECT_FALSE(core::LearnedField::load((m_dir / "missing.flm").string()).ok());
    // A header that lies about the metadata length.
    std::string b = bytes();
    const auto nl = b.find('\n');
    EXPECT_FALSE(core::parseCheckpoint(b.substr(0, nl + 1) + "999999999999\n" + b.substr(b.find('\n', nl + 1) + 1), "lie").ok());
}

TEST_F(TrainCheckpoint, architectureMismatch_isRefusedWithReason) {
    // Metadata claiming a wider network than the weights hold (checksum left intact).
    std::string b = bytes();
    const std::string from = "\"width\": 32";
    ASSERT_NE(b.find(from), std::string::npos);
    std::string edited = b;
    std::size_t pos = 0;
    while ((pos = edited.find(from, pos)) != std::string::npos) edited.replace(pos, from.size(), "\"width\": 33");
    // Sealed again, as a tool that knows the format would: the checksum covers the header too.
    const std::string body = edited.substr(0, edited.size() - 25);
    ASSERT_EQ(edited.compare(body.size(), 8, "FNV1A64 "), 0);
    edited = body + "FNV1A64 " + core::hex64(core::fnv1a64(body.data(), body.size())) + "\n";
    auto loaded = core::parseCheckpoint(edited, "edited");
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("architecture"), std::string::npos) << loaded.message();
}

TEST_F(TrainCheckpoint, saveToMissingFolder_failsAndLeavesNothing) {
    const std::string bad = (m_dir / "no" / "such" / "model.flm").string();
    EXPECT_FALSE(m_trainer->saveCheckpoint(bad).ok());
    EXPECT_FALSE(fs::exists(bad));
    // An existing model is replaced atomically or not at all.
    const auto before = bytes();
    ASSERT_TRUE(m_trainer->saveCheckpoint(m_path).ok());
    EXPECT_EQ(bytes(), before);
}

}  // namespace
}  // namespace flowlab
