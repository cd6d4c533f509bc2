#include <gtest/gtest.h>

#include "metrics/field_error.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kTolerance = 1e-12;

/// The reference field times a constant: its relative error is |c − 1| exactly.
class ScaledField final : public core::FieldSource {
public:
    ScaledField(const core::FieldSource& f, double c) : m_f(f), m_c(c) {}
    int dim() const override { return m_f.dim(); }
    unsigned provides() const override { return core::kVelocity; }
    core::Status evaluate(double t, const core::Points& x, unsigned what, core::FieldValues& out) const override {
        core::Status s = m_f.evaluate(t, x, what, out);
        out.velocity *= m_c;
        return s;
    }
    std::string label() const override { return "scaled"; }

private:
    const core::FieldSource& m_f;
    double m_c;
};

class FieldErrorTest : public ::testing::Test {
protected:
    core::ExactField exact = test::exactField("gaussian", "8gaussians", test::interpolantOptions(core::InterpolantFamily::Linear), 1);
};

TEST_F(FieldErrorTest, fieldAgainstItself_isZero) {
    auto e = core::relativeFieldError(exact, exact, core::kVelocity, exact.base(), exact.target(), exact.interpolant());
    ASSERT_TRUE(e.ok()) << e.message();
    EXPECT_NEAR(*e, 0.0, kTolerance);
}

TEST_F(FieldErrorTest, scaledField_hasErrorOfTheScale) {
    const ScaledField scaled(exact, 1.25);
    core::FieldErrorOptions o;
    o.pointsPerTime = 200;
    auto e = core::relativeFieldError(scaled, exact, core::kVelocity, exact.base(), exact.target(), exact.interpolant(), o);
    ASSERT_TRUE(e.ok()) << e.message();
    EXPECT_NEAR(*e, 0.25, 1e-9);
}

TEST_F(FieldErrorTest, missingKindOrBadOptions_areErrors) {
    const ScaledField scaled(exact, 1.0);
    EXPECT_FALSE(core::relativeFieldError(scaled, exact, core::kScore, exact.base(), exact.target(), exact.interpolant()).ok());
    core::FieldErrorOptions o;
    o.times = {1.5};
    EXPECT_FALSE(core::relativeFieldError(exact, exact, core::kVelocity, exact.base(), exact.target(), exact.interpolant(), o).ok());
    o.times.clear();
    EXPECT_FALSE(core::relativeFieldError(exact, exact, core::kVelocity, exact.base(), exact.target(), exact.interpolant(), o).ok());
}

}  // namespace
}  // namespace flowlab
