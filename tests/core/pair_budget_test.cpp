#include <gtest/gtest.h>

#include "density/pair_budget.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kMomentTolerance = 1e-9;

TEST(PairBudgetCaps, smallSideKeepsAll_bigSidesShareEvenly) {
    EXPECT_EQ(core::pairBudgetCaps(8, 8, 1024), std::make_pair(std::size_t(8), std::size_t(8)));
    EXPECT_EQ(core::pairBudgetCaps(1, 5000, 1024), std::make_pair(std::size_t(1), std::size_t(1024)));
    EXPECT_EQ(core::pairBudgetCaps(16, 512, 1024), std::make_pair(std::size_t(16), std::size_t(64)));
    EXPECT_EQ(core::pairBudgetCaps(256, 192, 1024), std::make_pair(std::size_t(32), std::size_t(32)));
    for (std::size_t a : {1u, 7u, 40u, 300u})
        for (std::size_t b : {1u, 9u, 50u, 700u}) {
            const auto [x, y] = core::pairBudgetCaps(a, b, 1024);
            EXPECT_LE(std::min(x, a) * std::min(y, b), std::max<std::size_t>(1024, 1));
        }
}

TEST(ReduceToPairBudget, bigPair_fitsAndKeepsMoments) {
    const auto base = test::preset("spirals");
    const auto target = test::preset("rings");
    ASSERT_GT(base.size() * target.size(), 1024u);
    auto r = core::reduceToPairBudget(base, target, 1024);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_LE(r->first.size() * r->second.size(), 1024u);
    EXPECT_TRUE(r->first.mean().isApprox(base.mean(), kMomentTolerance) || (r->first.mean() - base.mean()).norm() < kMomentTolerance);
    EXPECT_LT((r->second.covariance() - target.covariance()).norm(), 1e-9);
}

TEST(ReduceToPairBudget, withinBudget_isUnchanged) {
    const auto base = test::preset("gaussian");
    const auto target = test::preset("8gaussians");
    auto r = core::reduceToPairBudget(base, target, 1024);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->first.size(), base.size());
    EXPECT_EQ(r->second.size(), target.size());
}

}  // namespace
}  // namespace flowlab
