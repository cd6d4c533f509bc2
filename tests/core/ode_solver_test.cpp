// The generic ODE solver on problems with known solutions: orders, stage times, adaptive
// control, error propagation and validation.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sampler/ode_solver.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::OdeMethod;
using core::Points;

/// y' = A y with A a damped rotation: y(t) = e^{−κt} R(ωt) y(0), known in closed form.
constexpr double kDamping = 0.7, kOmega = 2.3;

core::Status rotation(double /*t*/, const Points& y, Points& dy) {
    dy.resize(y.rows(), 2);
    dy.col(0) = -kDamping * y.col(0) - kOmega * y.col(1);
    dy.col(1) = kOmega * y.col(0) - kDamping * y.col(1);
    return core::Status::success();
}

Points exactRotation(const Points& y0, double t) {
    const double c = std::cos(kOmega * t), s = std::sin(kOmega * t), e = std::exp(-kDamping * t);
    Points y(y0.rows(), 2);
    y.col(0) = e * (c * y0.col(0) - s * y0.col(1));
    y.col(1) = e * (s * y0.col(0) + c * y0.col(1));
    return y;
}

Points startPoints() {
    Points y(3, 2);
    y << 1.0, 0.0, -0.5, 2.0, 0.3, -1.1;
    return y;
}

core::OdeOptions options(OdeMethod method, int steps, double t0 = 0.0, double t1 = 1.0) {
    core::OdeOptions o;
    o.method = method;
    o.steps = steps;
    o.t0 = t0;
    o.t1 = t1;
    return o;
}

TEST(OdeSolver, everyStageTimeStaysInsideTheSpan) {
    // A field refuses t outside [0, 1]: stage times must never overshoot by a rounding error
    // (with a constant h, 1 − 9·0.1 − 0.1 = −2.8e-17 did, and backward RK4 likelihoods failed).
    for (const auto method : {OdeMethod::Euler, OdeMethod::Heun, OdeMethod::Midpoint, OdeMethod::Rk4}) {
        for (const auto& [t0, t1] : {std::pair{0.0, 1.0}, std::pair{1.0, 0.0}, std::pair{0.3, 0.7}, std::pair{0.9, 0.1}}) {
            for (int steps = 1; steps <= 64; ++steps) {
                double lo = HUGE_VAL, hi = -HUGE_VAL;
                const core::OdeRhs rhs = [&](double t, const Points& y, Points& dy) {
                    lo = std::min(lo, t);
                    hi = std::max(hi, t);
                    return rotation(t, y, dy);
                };
                const auto r = core::solveOde(rhs, startPoints(), options(method, steps, t0, t1));
                ASSERT_TRUE(r.ok()) << r.message();
                // Exactly inside [0, 1] (the field's domain); inside an interior span up to rounding
                // (t + (t1 − t) may differ from t1 by an ulp).
                const std::string where = core::toString(method) + " steps " + std::to_string(steps);
                EXPECT_GE(lo, 0.0) << where;
                EXPECT_LE(hi, 1.0) << where;
                EXPECT_GE(lo, std::min(t0, t1) - 1e-15) << where;
                EXPECT_LE(hi, std::max(t0, t1) + 1e-15) << where;
            }
        }
    }
}

struct OrderCase {
    OdeMethod method;
    double order;
};

class OdeSolverOrder : public ::testing::TestWithParam<OrderCase> {};

TEST_P(OdeSolverOrder, errorOnAKnownSolutionFallsAtTheMethodsOrder) {
    // Same slope allowance as the sampler convergence test (±0.25 separates orders 1, 2, 4).
    constexpr double kSlopeTol = 0.25;
    const Points y0 = startPoints();
    const Points exact = exactRotation(y0, 1.0);
    std::vector<double> h, err;
    for (const int steps : {32, 64, 128, 256}) {
        const auto r = core::solveOde(rotation, y0, options(GetParam().method, steps));
        ASSERT_TRUE(r.ok());
        h.push_back(1.0 / steps);
        err.push_back((r->y - exact).cwiseAbs().maxCoeff());
        EXPECT_EQ(r->nfe, steps * core::stagesPerStep(GetParam().method));
        EXPECT_EQ(r->acceptedSteps, steps);
    }
    EXPECT_NEAR(test::logLogSlope(h, err), GetParam().order, kSlopeTol);
}

INSTANTIATE_TEST_SUITE_P(Methods, OdeSolverOrder,
                         ::testing::Values(OrderCase{OdeMethod::Euler, 1.0}, OrderCase{OdeMethod::Heun, 2.0},
                                           OrderCase{OdeMethod::Midpoint, 2.0}, OrderCase{OdeMethod::Rk4, 4.0}),
                         [](const auto& info) { return core::toString(info.param.method); });

TEST(OdeSolver, dopri5MeetsItsToleranceForwardAndBackward) {
    const Points y0 = startPoints();
    for (const double rtol : {1e-4, 1e-7, 1e-10}) {
        core::OdeOptions o = options(OdeMethod::Dopri5, 10);
        o.rtol = rtol;
        o.atol = rtol * 1e-2;
        const auto r = core::solveOde(rotation, y0, o);
        ASSERT_TRUE(r.ok());
        // A local-error controller keeps the global error within a small multiple of rtol on
        // this non-stiff problem (|y| ≤ 2.1); 10× is the customary allowance.
        EXPECT_LE((r->y - exactRotation(y0, 1.0)).cwiseAbs().maxCoeff(), 10.0 * rtol * 2.1) << rtol;
        EXPECT_EQ(r->nfe, 1 + 6 * (r->acceptedSteps + r->rejectedSteps));
        o.t0 = 1.0;
        o.t1 = 0.0;
        const auto back = core::solveOde(rotation, r->y, o);
        ASSERT_TRUE(back.ok());
        EXPECT_LE((back->y - y0).cwiseAbs().maxCoeff(), 20.0 * rtol * 2.1 * std::exp(kDamping)) << rtol;
    }
}

TEST(OdeSolver, dopri5TakesFewerStepsForLooserTolerances) {
    int previous = 0;
    for (const double rtol : {1e-10, 1e-7, 1e-4}) {
        core::OdeOptions o = options(OdeMethod::Dopri5, 10);
        o.rtol = rtol;
        o.atol = rtol * 1e-2;
        const auto r = core::solveOde(rotation, startPoints(), o);
        ASSERT_TRUE(r.ok());
        if (previous > 0) {
            EXPECT_LT(r->acceptedSteps, previous);
        }
        previous = r->acceptedSteps;
    }
}

TEST(OdeSolver, dopri5StepLimitIsAnError) {
    core::OdeOptions o = options(OdeMethod::Dopri5, 1);
    o.rtol = 1e-12;
    o.atol = 1e-14;
    o.maxSteps = 5;
    const auto r = core::solveOde(rotation, startPoints(), o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("exceeded"), std::string::npos) << r.message();
}

TEST(OdeSolver, errorsFromTheRightHandSideComeBackAsErrors) {
    const core::OdeRhs failing = [](double t, const Points& y, Points& dy) -> core::Status {
        if (t > 0.5) return core::Error{"network produced NaN"};
        return rotation(t, y, dy);
    };
    const core::OdeRhs nan = [](double t, const Points& y, Points& dy) {
        rotation(t, y, dy);
        if (t > 0.5) dy(0, 0) = std::nan("");
        return core::Status::success();
    };
    for (const auto method : {OdeMethod::Euler, OdeMethod::Rk4, OdeMethod::Dopri5}) {
        const auto r = core::solveOde(failing, startPoints(), options(method, 10));
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.message(), "network produced NaN");
        EXPECT_FALSE(core::solveOde(nan, startPoints(), options(method, 10)).ok()) << core::toString(method);
    }
}

TEST(OdeSolver, invalidOptionsAndStartAreRefused) {
    EXPECT_FALSE(core::solveOde(rotation, startPoints(), options(OdeMethod::Rk4, 0)).ok());
    EXPECT_FALSE(core::solveOde(rotation, startPoints(), options(OdeMethod::Rk4, 10, 0.4, 0.4)).ok());
    EXPECT_FALSE(core::solveOde(rotation, startPoints(), options(OdeMethod::Rk4, 10, 0.0, 1.5)).ok());
    core::OdeOptions o = options(OdeMethod::Dopri5, 10);
    o.rtol = -1.0;
    EXPECT_FALSE(core::solveOde(rotation, startPoints(), o).ok());
    Points bad = startPoints();
    bad(1, 1) = HUGE_VAL;
    EXPECT_FALSE(core::solveOde(rotation, bad, options(OdeMethod::Rk4, 10)).ok());
    int nfe = 0;
    Points y = startPoints();
    EXPECT_FALSE(core::odeStep(OdeMethod::Dopri5, rotation, 0.0, 0.1, y, nfe).ok());
}

}  // namespace
}  // namespace flowlab
