// Couplings of mixture components (docs/maths.md §12): the plan π_ij (exact transport LP,
// entropic plan, explicit matrix), the exact field summed over pairs with weights π_ij, the
// invariants it must keep (marginals, transport equation, score), training under it, and the
// straighter paths of component OT.

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <numeric>

#include "metrics/field_error.hpp"
#include "metrics/path_straightness.hpp"
#include "net/coupling_options.hpp"
#include "scene/scene.hpp"
#include "train/batch_sampler.hpp"
#include "train/component_plan.hpp"
#include "train/ot_assignment.hpp"
#include "train/sinkhorn.hpp"
#include "train/transport_lp.hpp"
#include "train_support.hpp"

namespace flowlab::test {
namespace {

using core::FieldValues;
using core::Matrix;
using core::Points;
using core::Vector;

constexpr unsigned kAllFields = core::kVelocity | core::kScore | core::kDenoiser | core::kLogDensity | core::kDivergence;
// Sums of a few hundred products of order 1–100: agreement to this is exact up to rounding.
constexpr double kLpTolerance = 1e-9;
// Finite differences as in exact_field_test.cpp (same steps, same reasoning).
constexpr double kSpaceStep = 1e-5;
constexpr double kTimeStep = 1e-4;
constexpr double kFiniteDifferenceTol = 1e-6;

core::CouplingOptions couplingFrom(const std::string& spec) {
    auto c = core::parseCoupling(spec);
    EXPECT_TRUE(c) << c.message();
    return *c;
}

core::ComponentCoupling planOf(const std::string& spec, const core::GaussianMixture& base,
                               const core::GaussianMixture& target) {
    auto plan = core::componentCoupling(couplingFrom(spec), base, target);
    EXPECT_TRUE(plan) << plan.message();
    return *plan;
}

core::ExactField coupledField(const std::string& spec, const core::GaussianMixture& base,
                              const core::GaussianMixture& target, const core::InterpolantOptions& io) {
    core::ExactFieldOptions eo;
    eo.threads = 1;
    auto f = core::exactFieldFor(couplingFrom(spec), base, target, interpolant(io), eo);
    EXPECT_TRUE(f) << f.message();
    return std::move(*f);
}

FieldValues evaluate(const core::FieldSource& f, double t, const Points& x, unsigned what) {
    FieldValues v;
    const core::Status st = f.evaluate(t, x, what, v);
    EXPECT_TRUE(st.ok()) << st.message();
    return v;
}

core::GaussianMixture mixture(int dim, const std::vector<std::pair<double, Vector>>& weightedMeans, double var) {
    std::vector<core::GaussianComponent> comps;
    for (const auto& [w, m] : weightedMeans) {
        core::GaussianComponent c;
        c.weight = w;
        c.mean = m;
        c.cov = var * Matrix::Identity(dim, dim);
        comps.push_back(c);
    }
    auto g = core::GaussianMixture::create(dim, std::move(comps));
    EXPECT_TRUE(g) << g.message();
    return *g;
}

Vector v2(double a, double b) { return (Vector(2) << a, b).finished(); }

Vector weightsOf(const core::GaussianMixture& m) {
    Vector w(Eigen::Index(m.size()));
    for (std::size_t i = 0; i < m.size(); ++i) w[Eigen::Index(i)] = m.component(i).weight;
    return w;
}

// --- the coupling's spec ------------------------------------------------------------------

TEST(ComponentCouplingSpec, parseAndJson_roundTripEveryComponentKind) {
    EXPECT_EQ(couplingFrom("components-ot").kind, core::CouplingKind::ComponentOt);
    const core::CouplingOptions s = couplingFrom("components-sinkhorn:0.02");
    EXPECT_EQ(s.kind, core::CouplingKind::ComponentSinkhorn);
    EXPECT_DOUBLE_EQ(s.regularisation, 0.02);
    EXPECT_EQ(s.spec(), "components-sinkhorn:0.02");
    EXPECT_EQ(*core::couplingFromJson(core::couplingToJson(s)), s);
    core::CouplingOptions m;
    m.kind = core::CouplingKind::ComponentMatrix;
    m.componentMatrix = (Matrix(2, 3) << 0.1, 0.2, 0.2, 0.3, 0.1, 0.1).finished();
    auto back = core::couplingFromJson(core::couplingToJson(m));
    ASSERT_TRUE(back) << back.message();
    EXPECT_EQ(*back, m);
    for (const auto& c : {couplingFrom("components-ot"), s, m}) {
        EXPECT_TRUE(c.hasExactField()) << c.spec();
        EXPECT_TRUE(c.isComponentCoupling()) << c.spec();
    }
    for (const char* learnedOnly : {"ot", "sinkhorn:0.1", "reflow:m.model"})
        EXPECT_FALSE(couplingFrom(learnedOnly).hasExactField()) << learnedOnly;
    EXPECT_TRUE(couplingFrom("independent").hasExactField());
}

TEST(ComponentCouplingSpec, badSpecsAndMatrices_areRefusedWithTheReason) {
    auto matrixOnCli = core::parseCoupling("components-matrix");
    ASSERT_FALSE(matrixOnCli);
    EXPECT_NE(matrixOnCli.message().find("scene file"), std::string::npos) << matrixOnCli.message();
    EXPECT_FALSE(core::parseCoupling("components-ot:3"));
    EXPECT_FALSE(core::parseCoupling("components-sinkhorn:0"));
    EXPECT_FALSE(core::parseCoupling("components-sinkhorn:x"));
    // JSON: ragged rows, a string entry, a missing matrix.
    core::CouplingOptions m;
    m.kind = core::CouplingKind::ComponentMatrix;
    m.componentMatrix = Matrix::Constant(2, 2, 0.25);
    core::JsonValue j = core::couplingToJson(m);
    core::JsonValue ragged = j;
    ragged.set("matrix", core::JsonValue::Array{core::JsonValue::Array{0.5, 0.0}, core::JsonValue::Array{0.5}});
    EXPECT_NE(core::couplingFromJson(ragged).message().find("row 2"), std::string::npos);
    core::JsonValue text = j;
    text.set("matrix", core::JsonValue::Array{core::JsonValue::Array{0.5, "a"}, core::JsonValue::Array{0.5, 0.0}});
    EXPECT_NE(core::couplingFromJson(text).message().find("(1, 2)"), std::string::npos);
    core::JsonValue none = j;
    none.set("matrix", core::JsonValue());
    EXPECT_FALSE(core::couplingFromJson(none));
}

TEST(ComponentCouplingCheck, wrongSizeNegativeNanAndOffMarginals_fail) {
    const auto base = mixture(2, {{0.5, v2(-2, 0)}, {0.5, v2(2, 0)}}, 0.1);
    const auto target = mixture(2, {{0.25, v2(0, -2)}, {0.75, v2(0, 2)}}, 0.1);
    const Matrix good = (Matrix(2, 2) << 0.25, 0.25, 0.0, 0.5).finished();
    EXPECT_EQ(core::ComponentCoupling::check(good, base, target), "");
    const auto expectError = [&](const Matrix& m, const char* word) {
        auto c = core::ComponentCoupling::create(m, base, target, "test");
        ASSERT_FALSE(c) << word;
        EXPECT_NE(c.message().find(word), std::string::npos) << c.message();
    };
    expectError(Matrix::Constant(2, 3, 1.0 / 6), "2 × 3");
    Matrix negative = good;
    negative(0, 0) = -0.25;
    negative(0, 1) = 0.75;
    expectError(negative, "negative");
    Matrix nan = good;
    nan(1, 1) = std::nan("");
    expectError(nan, "finite");
    // Rows sum to 0.5 and 0.5 (right) but columns to 0.75 and 0.25 (wrong).
    expectError((Matrix(2, 2) << 0.5, 0.0, 0.25, 0.25).finished(), "column 1");
    const Matrix rowsOff = (Matrix(2, 2) << 0.25, 0.5, 0.0, 0.25).finished();
    expectError(rowsOff, "row 1");
    expectError(Matrix::Zero(2, 2), "no mass");
}

// --- the plan -----------------------------------------------------------------------------

TEST(TransportLp, rationalWeights_equalTheAssignmentOfReplicatedPoints) {
    // With weights k/6 the transport problem is the assignment of 6 × 6 copies: the Hungarian
    // solver's optimum divided by 6 is the LP optimum.
    core::Rng rng(11);
    const std::vector<int> rows = {1, 2, 3}, cols = {3, 1, 1, 1};
    for (int trial = 0; trial < 8; ++trial) {
        const Matrix cost = rng.normal(3, 4).array().abs() * 4.0;
        Vector a(3), b(4);
        for (int i = 0; i < 3; ++i) a[i] = rows[std::size_t(i)] / 6.0;
        for (int j = 0; j < 4; ++j) b[j] = cols[std::size_t(j)] / 6.0;
        Matrix replicated(6, 6);
        for (int r = 0, i = 0; i < 3; ++i)
            for (int k = 0; k < rows[std::size_t(i)]; ++k, ++r)
                for (int c = 0, j = 0; j < 4; ++j)
                    for (int l = 0; l < cols[std::size_t(j)]; ++l, ++c) replicated(r, c) = cost(i, j);
        const double reference = core::solveAssignment(replicated).cost / 6.0;
        auto plan = core::solveTransport(cost, a, b);
        ASSERT_TRUE(plan) << plan.message();
        EXPECT_NEAR(plan->cost, reference, kLpTolerance) << "trial " << trial;
        EXPECT_EQ(core::checkTransportOptimality(cost, a, b, *plan), "") << "trial " << trial;
    }
}

TEST(TransportLp, optimalityCheck_rejectsAFeasibleButWorsePlan) {
    const Matrix cost = (Matrix(2, 2) << 0.0, 1.0, 1.0, 0.0).finished();
    const Vector a = Vector::Constant(2, 0.5), b = Vector::Constant(2, 0.5);
    auto plan = core::solveTransport(cost, a, b);
    ASSERT_TRUE(plan);
    EXPECT_NEAR(plan->cost, 0.0, kLpTolerance);
    core::TransportPlan worse = *plan;
    worse.plan = Matrix::Constant(2, 2, 0.25);  // the product plan: cost 0.5
    EXPECT_NE(core::checkTransportOptimality(cost, a, b, worse), "");
    EXPECT_FALSE(core::solveTransport(cost, a, Vector::Constant(2, 0.25)));  // unequal mass
}

TEST(ComponentPlan, eightGaussiansToMoons_otIsCertifiedAndCheaperThanEntropicAndIndependent) {
    const auto base = preset("8gaussians"), target = preset("moons");
    const Matrix cost = core::componentTransportCost(base, target);
    // W2² of equal isotropic covariances is the squared distance of the means plus 2(σ0 − σ1)².
    EXPECT_NEAR(cost(0, 0), (base.component(0).mean - target.component(0).mean).squaredNorm() + 2 * 0.35 * 0.35,
                1e-12);
    const Vector a = weightsOf(base), b = weightsOf(target);
    const auto ot = planOf("components-ot", base, target);
    const auto soft = planOf("components-sinkhorn:0.05", base, target);
    const auto wide = planOf("components-sinkhorn:10", base, target);
    const double cOt = (ot.plan().array() * cost.array()).sum();
    const double cSoft = (soft.plan().array() * cost.array()).sum();
    const double cIndependent = a.dot(cost * b);
    EXPECT_LT(cOt, cSoft);
    EXPECT_LT(cSoft, cIndependent);
    // A large regularisation tends to the product plan, the entropy's maximiser.
    const double cWide = (wide.plan().array() * cost.array()).sum();
    EXPECT_LT(cSoft, cWide);
    EXPECT_LT(cIndependent - cWide, 0.2 * (cIndependent - cOt));
    // Both plans sit on the marginals to rounding (the entropic one after Altschuler's rounding).
    for (const auto* p : {&ot, &soft}) {
        EXPECT_LT((p->plan().rowwise().sum() - a).cwiseAbs().maxCoeff(), 1e-12);
        EXPECT_LT((p->plan().colwise().sum().transpose() - b).cwiseAbs().maxCoeff(), 1e-12);
    }
    // The OT plan is a vertex of the transport polytope: at most K0 + K1 − 1 pairs.
    EXPECT_LE(ot.support(), base.size() + target.size() - 1);
}

TEST(ComponentPlan, sampleCouplings_haveNoComponentPlan) {
    for (const char* spec : {"ot", "sinkhorn:0.1"}) {
        auto plan = core::componentCoupling(couplingFrom(spec), preset("8gaussians"), preset("moons"));
        ASSERT_FALSE(plan) << spec;
        EXPECT_NE(plan.message().find("learned only"), std::string::npos) << plan.message();
    }
}

// --- the exact field under a coupling -----------------------------------------------------

TEST(CoupledExactField, productMatrix_evaluatesBitForBitAsTheIndependentField) {
    for (int dim : {2, 3}) {
        const auto base = dim == 2 ? fullCovarianceMixture2d() : isotropicMixture(3, 21, 0.3);
        const auto target = dim == 2 ? preset("8gaussians") : isotropicMixture(3, 22);
        const auto io = interpolantOptions(core::InterpolantFamily::Linear, core::GammaKind::Brownian);
        const core::ExactField independent = exactField(base, target, io, 1);
        Matrix product(Eigen::Index(base.size()), Eigen::Index(target.size()));
        for (std::size_t i = 0; i < base.size(); ++i)
            for (std::size_t j = 0; j < target.size(); ++j)
                product(Eigen::Index(i), Eigen::Index(j)) = base.component(i).weight * target.component(j).weight;
        auto plan = core::ComponentCoupling::create(product, base, target, "product");
        ASSERT_TRUE(plan);
        core::ExactFieldOptions eo;
        eo.threads = 1;
        auto coupled = core::ExactField::create(base, target, interpolant(io), eo, *plan);
        ASSERT_TRUE(coupled) << coupled.message();
        core::Rng rng(3);
        const Points x = rng.normal(40, dim) * 3.0;
        for (double t : {0.0, 0.3, 0.8, 1.0}) {
            const FieldValues a = evaluate(independent, t, x, kAllFields), b = evaluate(*coupled, t, x, kAllFields);
            // The plan's entries are the products divided by their sum (1 up to rounding).
            EXPECT_LE((a.velocity - b.velocity).cwiseAbs().maxCoeff(), 1e-15 * (1 + a.velocity.cwiseAbs().maxCoeff()));
            EXPECT_LE((a.score - b.score).cwiseAbs().maxCoeff(), 1e-15 * (1 + a.score.cwiseAbs().maxCoeff()));
            EXPECT_LE((a.logDensity - b.logDensity).cwiseAbs().maxCoeff(), 1e-14);
            EXPECT_LE((a.divergence - b.divergence).cwiseAbs().maxCoeff(), 1e-14 * (1 + a.divergence.cwiseAbs().maxCoeff()));
        }
        EXPECT_EQ(independent.label(), "exact");
        EXPECT_EQ(coupled->label(), "exact (product)");
    }
}

TEST(CoupledExactField, endpointDensities_areTheBaseAndTheTarget) {
    const auto base = preset("8gaussians"), target = preset("moons");
    const auto io = interpolantOptions(core::InterpolantFamily::Linear);
    for (const char* spec : {"components-ot", "components-sinkhorn:0.05"}) {
        const core::ExactField f = coupledField(spec, base, target, io);
        core::Rng rng(5);
        const Points x0 = base.sample(50, rng), x1 = target.sample(50, rng);
        EXPECT_LT((evaluate(f, 0.0, x0, core::kLogDensity).logDensity - base.logDensity(x0)).cwiseAbs().maxCoeff(), 1e-9)
            << spec;
        EXPECT_LT((evaluate(f, 1.0, x1, core::kLogDensity).logDensity - target.logDensity(x1)).cwiseAbs().maxCoeff(), 1e-9)
            << spec;
        // In between it is not the independent ρ_t: the coupling changes the path of the mass.
        const core::ExactField independent = exactField(base, target, io, 1);
        const Points xh = rng.normal(50, 2) * 2.0;
        EXPECT_GT((evaluate(f, 0.5, xh, core::kLogDensity).logDensity -
                   evaluate(independent, 0.5, xh, core::kLogDensity).logDensity)
                      .cwiseAbs()
                      .maxCoeff(),
                  0.5)
            << spec;
    }
}

// ∂_t log ρ + ∇·b + b·∇log ρ = 0 and s = ∇ log ρ, every derivative by finite differences of
// the field's own log ρ and b (no use of its analytic divergence or score).
void expectTransportAndScore(const core::ExactField& f, const Points& x, double t) {
    const int d = f.dim();
    const auto logp = [&](double tt, const Points& p) { return evaluate(f, tt, p, core::kLogDensity).logDensity; };
    const Vector dt = (-logp(t + 2 * kTimeStep, x) + 8 * logp(t + kTimeStep, x) - 8 * logp(t - kTimeStep, x) +
                       logp(t - 2 * kTimeStep, x)) /
                      (12 * kTimeStep);
    const FieldValues v = evaluate(f, t, x, core::kVelocity | core::kScore);
    Vector div = Vector::Zero(x.rows());
    Points grad(x.rows(), d);
    for (int k = 0; k < d; ++k) {
        Points xp = x, xm = x;
        xp.col(k).array() += kSpaceStep;
        xm.col(k).array() -= kSpaceStep;
        div += (evaluate(f, t, xp, core::kVelocity).velocity.col(k) - evaluate(f, t, xm, core::kVelocity).velocity.col(k)) /
               (2 * kSpaceStep);
        grad.col(k) = (logp(t, xp) - logp(t, xm)) / (2 * kSpaceStep);
    }
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const double bs = v.velocity.row(r).dot(grad.row(r));
        const double residual = dt[r] + div[r] + bs;
        EXPECT_LE(std::abs(residual), kFiniteDifferenceTol * (1 + std::abs(dt[r]) + std::abs(div[r]) + std::abs(bs)))
            << "t " << t << " x " << x.row(r);
        EXPECT_LE((grad.row(r) - v.score.row(r)).norm(), kFiniteDifferenceTol * (1 + v.score.row(r).norm()))
            << "t " << t << " x " << x.row(r);
    }
}

TEST(CoupledExactField, transportEquationAndScore_holdByFiniteDifferences) {
    const auto io = interpolantOptions(core::InterpolantFamily::Linear, core::GammaKind::Brownian);
    const core::ExactField f2 = coupledField("components-ot", preset("8gaussians"), fullCovarianceMixture2d(), io);
    const core::ExactField f3 = coupledField("components-sinkhorn:0.1", isotropicMixture(3, 14, 0.3), isotropicMixture(3, 15),
                                             interpolantOptions(core::InterpolantFamily::Trig, core::GammaKind::Brownian));
    for (const core::ExactField* f : {&f2, &f3}) {
        for (double t : {0.2, 0.5, 0.85}) {
            auto marginal = f->marginal(t);
            ASSERT_TRUE(marginal) << marginal.message();
            core::Rng rng(40 + int(t * 100));
            expectTransportAndScore(*f, marginal->sample(16, rng), t);
        }
    }
}

TEST(CoupledExactField, componentOt_straighterPathsThanIndependent) {
    const auto base = preset("8gaussians"), target = preset("moons");
    const auto io = interpolantOptions(core::InterpolantFamily::Linear);
    const core::ExactField independent = exactField(base, target, io, 1);
    const core::ExactField ot = coupledField("components-ot", base, target, io);
    core::SamplerOptions o;
    o.solver = core::SolverKind::Rk4;
    o.steps = 16;
    core::Rng rng(9);
    const Points start = base.sample(300, rng);
    auto si = core::measurePaths(independent, interpolant(io), start, o);
    auto so = core::measurePaths(ot, interpolant(io), start, o);
    ASSERT_TRUE(si && so);
    EXPECT_LT(so->straightness, 0.5 * si->straightness) << so->straightness << " vs " << si->straightness;
    EXPECT_LT(so->pathLength, si->pathLength);
}

TEST(PathStatsInBlocks, equalOneRunOnAllParticles_andStopWhenAsked) {
    const auto io = interpolantOptions(core::InterpolantFamily::Linear);
    const core::ExactField f = coupledField("components-ot", preset("8gaussians"), preset("25gaussians"), io);
    core::SamplerOptions o;
    o.solver = core::SolverKind::Heun;
    o.steps = 6;
    core::Rng rng(2);
    const Points start = preset("8gaussians").sample(50, rng);
    auto whole = core::measurePaths(f, interpolant(io), start, o);
    std::vector<double> reported;
    auto blocks = core::measurePaths(f, interpolant(io), start, o, 7, [&](double x) {
        reported.push_back(x);
        return true;
    });
    ASSERT_TRUE(whole && blocks) << blocks.message();
    EXPECT_EQ(reported.size(), 8u);  // ⌈50 / 7⌉ blocks
    EXPECT_DOUBLE_EQ(reported.back(), 1.0);
    EXPECT_EQ(blocks->particles, 50);
    EXPECT_EQ(blocks->times, whole->times);
    for (std::size_t k = 0; k < whole->deviation.size(); ++k) {
        EXPECT_NEAR(blocks->deviation[k], whole->deviation[k], 1e-12 * (1 + whole->deviation[k]));
        EXPECT_NEAR(blocks->speed[k], whole->speed[k], 1e-12 * (1 + whole->speed[k]));
    }
    EXPECT_NEAR(blocks->straightness, whole->straightness, 1e-12 * (1 + whole->straightness));
    EXPECT_NEAR(blocks->pathLength, whole->pathLength, 1e-12 * (1 + whole->pathLength));
    EXPECT_NEAR(blocks->chordLength, whole->chordLength, 1e-12 * (1 + whole->chordLength));
    auto stopped = core::measurePaths(f, interpolant(io), start, o, 7, [](double) { return false; });
    ASSERT_FALSE(stopped);
    EXPECT_EQ(stopped.message(), "cancelled");
    o.solver = core::SolverKind::Dopri5;
    EXPECT_FALSE(core::measurePaths(f, interpolant(io), start, o, 7, {}));
    // The CSV has the CLI's columns and one row per recorded time.
    const std::string csv = core::pathProfileCsv(*whole);
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "t,deviation,speed");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), long(whole->times.size()) + 1);
}

// --- training under a coupling of components ----------------------------------------------

TEST(ComponentTraining, batchRows_pairOnlyTheComponentsThePlanCouples) {
    // Two far-apart components each side, coupled crosswise: x0 on the left goes only to the
    // top target component, x0 on the right only to the bottom one.
    const auto base = mixture(2, {{0.5, v2(-6, 0)}, {0.5, v2(6, 0)}}, 0.01);
    const auto target = mixture(2, {{0.5, v2(0, -6)}, {0.5, v2(0, 6)}}, 0.01);
    core::TrainerOptions o = smallTrainerOptions(core::TrainTarget::Velocity, 1);
    o.coupling.kind = core::CouplingKind::ComponentMatrix;
    o.coupling.componentMatrix = (Matrix(2, 2) << 0.0, 0.5, 0.5, 0.0).finished();
    o.antithetic = false;
    const auto io = interpolantOptions(core::InterpolantFamily::Linear);
    auto sampler = core::BatchSampler::create(base, target, interpolant(io), o);
    ASSERT_TRUE(sampler) << sampler.message();
    core::Rng rng(1);
    core::TrainingBatch batch;
    sampler->draw(rng, batch);
    int left = 0, right = 0;
    for (int r = 0; r < batch.size; ++r) {
        // Linear, γ = 0: y = x1 − x0 and x_t = x0 + t y.
        const double t = batch.t[std::size_t(r)];
        const double y0 = batch.y[std::size_t(2 * r)], y1 = batch.y[std::size_t(2 * r + 1)];
        const double x0 = batch.x[std::size_t(2 * r)] - t * y0;
        const double x1y = batch.x[std::size_t(2 * r + 1)] - t * y1 + y1;
        if (x0 < 0) {
            ++left;
            EXPECT_GT(x1y, 0.0) << "row " << r;
        } else {
            ++right;
            EXPECT_LT(x1y, 0.0) << "row " << r;
        }
    }
    EXPECT_GT(left, batch.size / 4);
    EXPECT_GT(right, batch.size / 4);
}

TEST_F(TrainTest, componentOtTraining_learnsTheCoupledExactField) {
    const auto base = preset("8gaussians"), target = preset("moons");
    const auto io = interpolantOptions(core::InterpolantFamily::Linear);
    core::TrainerOptions o = smallTrainerOptions(core::TrainTarget::Velocity, 1200);
    o.coupling = couplingFrom("components-ot");
    auto trainer = core::Trainer::create(base, target, io, o);
    ASSERT_TRUE(trainer) << trainer.message();
    ASSERT_TRUE(trainer->run());
    const core::LearnedField learned = trainer->snapshot();
    const core::ExactField coupled = coupledField("components-ot", base, target, io);
    const core::ExactField independent = exactField(base, target, io, 1);
    core::FieldErrorOptions fo;
    fo.pointsPerTime = 200;
    fo.times = {0.2, 0.4, 0.6, 0.8};
    fo.coupling = coupled.coupling();  // where the coupled pairs put their mass
    auto toCoupled = core::relativeFieldError(learned, coupled, core::kVelocity, base, target, interpolant(io), fo);
    auto toIndependent = core::relativeFieldError(learned, independent, core::kVelocity, base, target, interpolant(io), fo);
    ASSERT_TRUE(toCoupled && toIndependent);
    // The two exact fields differ by ≈ 0.45 (relative) where the coupled pairs put their mass.
    EXPECT_LT(*toCoupled, 0.25) << *toCoupled;
    EXPECT_LT(*toCoupled, 0.5 * *toIndependent) << *toCoupled << " vs " << *toIndependent;
}

TEST(ComponentTraining, imageData_refusesACouplingOfComponents) {
    auto c = core::BatchCoupling::create(couplingFrom("components-ot"), 1.0, nullptr, Points());
    ASSERT_FALSE(c);
    EXPECT_NE(c.message().find("density scenes"), std::string::npos) << c.message();
}

// --- scenes ---------------------------------------------------------------------------------

TEST(ComponentScene, explicitMatrix_roundTripsThroughTheSceneFile) {
    core::Scene scene;
    scene.base = core::DensitySource::fromMixture(mixture(2, {{0.5, v2(-2, 0)}, {0.5, v2(2, 0)}}, 0.1));
    scene.target = core::DensitySource::fromMixture(mixture(2, {{0.5, v2(0, -2)}, {0.5, v2(0, 2)}}, 0.1));
    scene.method.coupling.kind = core::CouplingKind::ComponentMatrix;
    scene.method.coupling.componentMatrix = (Matrix(2, 2) << 0.4, 0.1, 0.1, 0.4).finished();
    scene.method.fieldMode = core::FieldMode::Exact;  // a coupling of components keeps its exact field
    EXPECT_EQ(scene.validate(), "");
    auto back = core::sceneFromJson(core::sceneToJson(scene));
    ASSERT_TRUE(back) << back.message();
    EXPECT_EQ(back->method.coupling, scene.method.coupling);
    EXPECT_EQ(back->validate(), "");
    auto plan = core::componentCoupling(back->method.coupling, *back->base.resolve(), *back->target.resolve());
    ASSERT_TRUE(plan) << plan.message();
    EXPECT_NEAR(plan->plan()(0, 1), 0.1, 1e-15);
}

}  // namespace
}  // namespace flowlab::test
