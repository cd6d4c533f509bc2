#include <gtest/gtest.h>

#include "test_support.hpp"

namespace flowlab {
namespace {

TEST(ExactField, defaultScene_velocityIsFinite) {
    const auto field = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear));
    core::Rng rng(1);
    const core::Points x = rng.normal(100, 2);
    core::FieldValues v;
    ASSERT_TRUE(field.evaluate(0.5, x, core::kVelocity, v).ok());
    EXPECT_TRUE(v.velocity.allFinite());
}

}  // namespace
}  // namespace flowlab
