// The pinned fan against the samplers it is made of: its ODE path is core::sample's RK4 path from
// the pin in both directions, and its SDE end points carry the right law. A single pin's
// conditional law has no closed form, but a mixture of pins does: pins drawn from ρ_t give fan
// end points distributed as ρ_1 (forward half) and ρ_0 (backward half), for every ε (docs/maths.md §6).
#include <gtest/gtest.h>

#include <cmath>

#include "sampler/pinned_fan.hpp"
#include "sampler/sampler.hpp"
#include "stats/sample_distance.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

constexpr double kSameCode = 1e-12;

class PinnedFanLaw : public ::testing::Test {
protected:
    core::ExactField field = test::exactField("gaussian", "8gaussians",
                                              test::interpolantOptions(core::InterpolantFamily::Linear), 1);
};

TEST_F(PinnedFanLaw, odePath_isCoreSampleRk4FromThePin_forwardAndBackward) {
    const core::Vector x = (core::Vector(2) << 1.3, -0.6).finished();
    constexpr double t = 0.35;
    core::PinnedFanOptions o;
    o.paths = 2;
    o.stepsPerUnit = 40;
    o.epsilon.value = 1.0;
    auto fan = core::pinnedFan(field, field.interpolant(), x, t, o);
    ASSERT_TRUE(fan.ok()) << fan.message();
    const auto pin = Eigen::Index(fan->pinIndex);
    const Eigen::Index rows = fan->odePath.rows();
    ASSERT_EQ(rows, Eigen::Index(fan->times.size()));

    // Forward: t → 1 on the fan's own grid after the pin, which must honour stepsPerUnit.
    const int forwardSteps = int(rows - 1 - pin);
    const int backwardSteps = int(pin);
    ASSERT_GT(forwardSteps, 0);
    ASSERT_GT(backwardSteps, 0);
    EXPECT_LE((1.0 - t) / forwardSteps, 1.0 / o.stepsPerUnit + 1e-12);
    EXPECT_LE(t / backwardSteps, 1.0 / o.stepsPerUnit + 1e-12);
    for (const bool forward : {true, false}) {
        core::SamplerOptions so;
        so.solver = core::SolverKind::Rk4;
        so.t0 = t;
        so.t1 = forward ? 1.0 : 0.0;
        so.steps = forward ? forwardSteps : backwardSteps;
        so.recordTrajectory = true;
        core::Rng rng(0);
        auto r = core::sample(field, field.interpolant(), core::Points(x.transpose()), so, rng);
        ASSERT_TRUE(r.ok()) << r.message();
        ASSERT_EQ(r->trajectory.size(), std::size_t(so.steps + 1));
        for (int k = 0; k <= so.steps; ++k) {
            const Eigen::Index row = forward ? pin + k : pin - k;
            EXPECT_NEAR(fan->times[std::size_t(row)], r->times[std::size_t(k)], kSameCode) << "step " << k;
            EXPECT_LT((fan->odePath.row(row) - r->trajectory[std::size_t(k)].row(0)).norm(), kSameCode)
                << (forward ? "forward" : "backward") << " step " << k;
        }
    }
    // And it is the flow: it moved, and its end runs back to the pin.
    EXPECT_GT((fan->odePath.row(rows - 1).transpose() - x).norm(), 0.5);
    core::SamplerOptions back;
    back.solver = core::SolverKind::Rk4;
    back.t0 = 1.0;
    back.t1 = t;
    back.steps = 400;
    core::Rng rng(0);
    auto home = core::sample(field, field.interpolant(), core::Points(fan->odePath.row(rows - 1)), back, rng);
    ASSERT_TRUE(home.ok());
    EXPECT_LT((home->end.row(0).transpose() - x).norm(), 1e-4);
}

// Energy distance of 600 fan end points (150 pins × 4 paths) against 3000 samples of the density
// they should follow: measured ≤ 0.006 (the estimator's noise at these sizes). A fan whose
// backward half drifts with b + ε s (the forward SDE's drift) ends 0.045 (ε = ½) and 0.82 (ε = 2)
// from ρ0. 0.025 is four times the noise and below both.
constexpr double kMaxEnergyDistance = 0.025;
constexpr int kPins = 150;
constexpr int kPathsPerPin = 4;

TEST_F(PinnedFanLaw, pinsDrawnFromRhoT_giveEndPointsDistributedAsRho1AndRho0_forEveryEpsilon) {
    constexpr double t = 0.4;
    core::Rng rng(21);
    const core::Points pins =
        core::sampleInterpolant(field.base(), field.target(), field.interpolant(), t, kPins, rng);
    const core::Points rho0 = field.base().sample(3000, rng);
    const core::Points rho1 = field.target().sample(3000, rng);
    for (const double eps : {0.5, 2.0}) {
        core::PinnedFanOptions o;
        o.paths = kPathsPerPin;
        o.stepsPerUnit = 100;
        o.epsilon.value = eps;
        core::Points starts(kPins * kPathsPerPin, 2), ends(kPins * kPathsPerPin, 2);
        for (int i = 0; i < kPins; ++i) {
            o.seed = std::uint64_t(1000 + i);
            auto fan = core::pinnedFan(field, field.interpolant(), pins.row(i).transpose(), t, o);
            ASSERT_TRUE(fan.ok()) << fan.message();
            for (int p = 0; p < kPathsPerPin; ++p) {
                const core::Points& path = fan->sdePaths[std::size_t(p)];
                starts.row(i * kPathsPerPin + p) = path.row(0);
                ends.row(i * kPathsPerPin + p) = path.row(path.rows() - 1);
            }
        }
        auto toTarget = core::energyDistance(ends, rho1);
        auto toBase = core::energyDistance(starts, rho0);
        auto pinsToTarget = core::energyDistance(pins, rho1);
        ASSERT_TRUE(toTarget.ok() && toBase.ok() && pinsToTarget.ok());
        EXPECT_LT(*toTarget, kMaxEnergyDistance) << "ε = " << eps;
        EXPECT_LT(*toBase, kMaxEnergyDistance) << "ε = " << eps;
        // The check can fail: the pins themselves are far from ρ1.
        EXPECT_GT(*pinsToTarget, 5 * kMaxEnergyDistance);
    }
}

}  // namespace
}  // namespace flowlab
