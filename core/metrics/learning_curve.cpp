#include "metrics/learning_curve.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "common/rng.hpp"
#include "field/exact_field.hpp"
#include "field/learned_field.hpp"
#include "metrics/field_error.hpp"
#include "train/component_plan.hpp"
#include "sampler/sampler.hpp"
#include "stats/sample_distance.hpp"
#include "train/trainer.hpp"

namespace flowlab::core {

namespace {

constexpr int kMaxMethods = 8;
// The field error: 400 points from ρ_t at each of t = 0.1 … 0.9, seeded by the run's seed + 1
// (what `train` reports at the end, so a curve's last point is that figure).
constexpr int kErrorPointsPerTime = 400;
// The sample distance: Heun on 50 steps, common seeds for every method and step.
constexpr int kOdeSteps = 50;
constexpr std::uint64_t kDistanceSeedOffset = 77;

Result<double> sampleDistance(const FieldSource& field, const GaussianMixture& base, const GaussianMixture& target,
                              const Interpolant& interpolant, int n, std::uint64_t seed) {
    Rng rng(seed);
    Points start = sampleStart(base, target, interpolant, 0.0, n, rng);
    SamplerOptions so;
    so.solver = SolverKind::Heun;
    so.steps = kOdeSteps;
    auto r = sample(field, interpolant, std::move(start), so, rng);
    if (!r) return r.error();
    Rng targetRng(seed + 1);
    return energyDistance(r->end, target.sample(n, targetRng));
}

// One method's trainer and what its measurements compare with.
struct Runner {
    const LearningCurveMethod* method;
    Interpolant interpolant;
    std::shared_ptr<const ExactField> exact;
    Trainer trainer;
    double secondsBefore = 0.0;  // of earlier rounds (interleaved)
};

}  // namespace

Result<std::vector<LearningCurveMethod>> parseLearningCurveMethods(const std::string& list,
                                                                   const InterpolantOptions& base) {
    std::vector<LearningCurveMethod> out;
    if (!list.empty() && list.back() == ',') return Error{"an empty entry in '" + list + "'"};
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) return Error{"an empty entry in '" + list + "'"};
        LearningCurveMethod m{item, base};
        const std::size_t colon = item.find(':');
        auto family = parseInterpolantFamily(item.substr(0, colon));
        if (!family) return family.error();
        m.interpolant.family = *family;
        m.interpolant.gamma = GammaKind::Zero;
        if (colon != std::string::npos) {
            auto gamma = parseGammaKind(item.substr(colon + 1));
            if (!gamma) return gamma.error();
            m.interpolant.gamma = *gamma;
        }
        if (auto p = m.interpolant.validate(); !p.empty()) return Error{item + ": " + p};
        out.push_back(std::move(m));
    }
    if (out.empty()) return Error{"give at least one family"};
    if (out.size() > kMaxMethods) return Error{"at most " + std::to_string(kMaxMethods) + " curves"};
    return out;
}

std::string LearningCurveOptions::validate() const {
    if (auto p = trainer.validate(); !p.empty()) return p;
    if (trainer.target != TrainTarget::Velocity) return "a learning curve compares the velocity b of every family";
    if (samples < 100 || samples > 20000) return "the sample count must be in [100, 20000]";
    return {};
}

Result<LearningCurve> learningCurve(const GaussianMixture& base, const GaussianMixture& target,
                                    const std::vector<LearningCurveMethod>& methods, const LearningCurveOptions& options,
                                    const LearningCurveCallback& callback) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (methods.empty() || methods.size() > kMaxMethods) return Error{"give 1 to 8 methods"};
    std::vector<std::unique_ptr<Runner>> runners;
    for (const LearningCurveMethod& m : methods) {
        auto interpolant = Interpolant::create(m.interpolant, base);
        if (!interpolant) return Error{m.name + ": " + interpolant.message()};
        auto exact = options.trainer.coupling.hasExactField()
                         ? exactFieldFor(options.trainer.coupling, base, target, *interpolant)
                         : ExactField::create(base, target, *interpolant);
        if (!exact) return Error{m.name + ": " + exact.message()};
        auto trainer = Trainer::create(base, target, m.interpolant, options.trainer);
        if (!trainer) return Error{m.name + ": " + trainer.message()};
        runners.push_back(std::make_unique<Runner>(Runner{&m, std::move(*interpolant),
                                                          std::make_shared<const ExactField>(std::move(*exact)),
                                                          std::move(*trainer)}));
    }
    FieldErrorOptions errorOptions;
    errorOptions.pointsPerTime = kErrorPointsPerTime;
    errorOptions.seed = options.trainer.seed + 1;
    if (options.trainer.coupling.isComponentCoupling() && !runners.empty())
        errorOptions.coupling = runners.front()->exact->coupling();

    LearningCurve out;
    std::string failure;
    // Trains `r` up to step `until`, measuring at every report; false when stopped or failed.
    auto advance = [&](Runner& r, int until) -> Status {
        const std::string& name = r.method->name;
        double lastSeconds = 0.0;
        auto result = r.trainer.run([&](const TrainProgress& p) {
            const LearnedField snapshot = r.trainer.snapshot();
            auto error = relativeFieldError(snapshot, *r.exact, kVelocity, base, target, r.interpolant, errorOptions);
            auto distance = sampleDistance(snapshot, base, target, r.interpolant, options.samples,
                                           options.trainer.seed + kDistanceSeedOffset);
            if (!error || !std::isfinite(*error) || !distance || !std::isfinite(*distance)) {
                failure = "the learned field of " + name + " became non-finite at step " + std::to_string(p.step) +
                          " (lower the learning rate)";
                return false;
            }
            LearningCurvePoint point;
            point.method = name;
            point.step = p.step;
            lastSeconds = p.elapsedSeconds;
            point.seconds = r.secondsBefore + p.elapsedSeconds;
            point.emaLoss = p.emaLoss;
            point.fieldError = *error;
            point.energyDistance = *distance;
            out.points.push_back(point);
            if (callback && !callback(point)) {
                out.stopped = true;
                return false;
            }
            return p.step < until;
        });
        r.secondsBefore += lastSeconds;
        if (!result) return Error{name + ": " + result.message()};
        if (!failure.empty()) return Error{failure};
        return Status::success();
    };
    const int total = options.trainer.steps;
    const int every = options.trainer.progressEvery;
    if (!options.interleaved) {
        for (auto& r : runners) {
            if (Status st = advance(*r, total); !st) return Error{st.message()};
            if (out.stopped) break;
        }
        return out;
    }
    for (int until = std::min(every, total); !out.stopped; until = std::min(until + every, total)) {
        for (auto& r : runners) {
            if (Status st = advance(*r, until); !st) return Error{st.message()};
            if (out.stopped) break;
        }
        if (until >= total) break;
    }
    return out;
}

std::string learningCurveCsv(const std::vector<LearningCurvePoint>& points) {
    std::string csv = "family,step,seconds,ema_loss,field_error,energy_distance\n";
    for (const LearningCurvePoint& p : points) {
        char row[256];
        std::snprintf(row, sizeof row, "%s,%d,%.3f,%.6g,%.6g,%.6g\n", p.method.c_str(), p.step, p.seconds, p.emaLoss,
                      p.fieldError, p.energyDistance);
        csv += row;
    }
    return csv;
}

}  // namespace flowlab::core
