#include <gtest/gtest.h>

#include "sampler/pinned_fan.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kTolerance = 1e-12;

class PinnedFanTest : public ::testing::Test {
protected:
    core::ExactField field = test::exactField("gaussian", "8gaussians",
                                              test::interpolantOptions(core::InterpolantFamily::Linear), 1);
    core::Vector x = (core::Vector(2) << 0.7, -0.4).finished();
};

TEST_F(PinnedFanTest, pathsPassThroughThePinAndSpanZeroToOne) {
    core::PinnedFanOptions o;
    o.paths = 8;
    o.epsilon.value = 1.0;
    o.seed = 3;
    auto fan = core::pinnedFan(field, field.interpolant(), x, 0.35, o);
    ASSERT_TRUE(fan.ok()) << fan.message();
    EXPECT_DOUBLE_EQ(fan->times.front(), 0.0);
    EXPECT_DOUBLE_EQ(fan->times.back(), 1.0);
    EXPECT_NEAR(fan->times[fan->pinIndex], 0.35, kTolerance);
    for (std::size_t i = 1; i < fan->times.size(); ++i) EXPECT_GT(fan->times[i], fan->times[i - 1]);
    ASSERT_EQ(fan->sdePaths.size(), 8u);
    const auto pin = Eigen::Index(fan->pinIndex);
    for (const auto& p : fan->sdePaths) {
        ASSERT_EQ(p.rows(), Eigen::Index(fan->times.size()));
        EXPECT_TRUE(p.row(pin).transpose().isApprox(x, kTolerance));
    }
    EXPECT_TRUE(fan->odePath.row(pin).transpose().isApprox(x, kTolerance));
    EXPECT_GT(fan->nfe, 0);
}

TEST_F(PinnedFanTest, positiveEpsilon_spreadsTheEnds_zeroEpsilon_doesNot) {
    core::PinnedFanOptions o;
    o.paths = 16;
    o.epsilon.value = 2.0;
    auto noisy = core::pinnedFan(field, field.interpolant(), x, 0.5, o);
    o.epsilon.value = 0.0;
    auto still = core::pinnedFan(field, field.interpolant(), x, 0.5, o);
    ASSERT_TRUE(noisy.ok() && still.ok());
    const auto spread = [](const core::PinnedFan& f) {
        double s = 0.0;
        for (const auto& p : f.sdePaths) s += (p.row(p.rows() - 1) - f.sdePaths[0].row(p.rows() - 1)).norm();
        return s;
    };
    EXPECT_GT(spread(*noisy), 0.1);
    EXPECT_NEAR(spread(*still), 0.0, kTolerance);
}

TEST_F(PinnedFanTest, pinAtAnEnd_integratesOneWay) {
    core::PinnedFanOptions o;
    o.paths = 2;
    auto fan = core::pinnedFan(field, field.interpolant(), x, 0.0, o);
    ASSERT_TRUE(fan.ok()) << fan.message();
    EXPECT_EQ(fan->pinIndex, 0u);
    EXPECT_DOUBLE_EQ(fan->times.back(), 1.0);
    EXPECT_TRUE(fan->sdePaths[0].row(0).transpose().isApprox(x, kTolerance));
}

TEST_F(PinnedFanTest, badInput_isRefused) {
    core::PinnedFanOptions o;
    o.paths = 0;
    EXPECT_FALSE(core::pinnedFan(field, field.interpolant(), x, 0.5, o).ok());
    o.paths = 4;
    EXPECT_FALSE(core::pinnedFan(field, field.interpolant(), x, 1.5, o).ok());
    core::Vector bad = x;
    bad[0] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(core::pinnedFan(field, field.interpolant(), bad, 0.5, o).ok());
}

}  // namespace
}  // namespace flowlab
