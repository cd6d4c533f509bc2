#include "metrics/nfe_curve.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/rng.hpp"

namespace flowlab::core {
namespace {

/// Field evaluations one step of `o.solver` costs before any automatic sub-steps.
int costPerStep(const SamplerOptions& o) {
    if (o.solver == SolverKind::Smld) return std::max(1, o.langevinSteps);
    return evaluationsPerStep(o.solver) + o.langevinSteps;
}

bool deterministic(SolverKind s) {
    SamplerOptions o;
    o.solver = s;
    return !o.isStochastic();
}

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.8g", v);
    return buf;
}

}  // namespace

std::string NfeCurveOptions::validate(const Interpolant& interpolant) const {
    if (solvers.empty()) return "give at least one solver";
    if (nfe.empty()) return "give at least one NFE";
    for (int n : nfe)
        if (n < 1 || n > 100000) return "every NFE must be between 1 and 100000 (got " + std::to_string(n) + ")";
    if (particles < 2 || particles > 200000) return "the particle count must be between 2 and 200000";
    if (targetSamples < 2 || targetSamples > 200000) return "the target sample count must be between 2 and 200000";
    if (referenceSteps < 1 || referenceSteps > 100000) return "the reference steps must be between 1 and 100000";
    if (auto p = distance.validate(); !p.empty()) return p;
    for (SolverKind s : solvers) {
        if (s == SolverKind::Dopri5) return "dopri5 chooses its own steps: leave it out of an NFE curve";
        SamplerOptions o = sampler;
        o.solver = s;
        o.t0 = 0.0;
        o.t1 = 1.0;
        o.steps = 1;
        if (auto p = o.validate(interpolant); !p.empty()) return toString(s) + ": " + p;
    }
    return {};
}

std::vector<SolverKind> defaultNfeCurveSolvers(const Interpolant& interpolant, const SamplerOptions& sampler) {
    std::vector<SolverKind> out = {SolverKind::Euler, SolverKind::Heun, SolverKind::Rk4};
    for (SolverKind s : {SolverKind::Ddpm, SolverKind::Ddim, SolverKind::Smld, SolverKind::ReverseDiffusion}) {
        SamplerOptions c = sampler;
        c.solver = s;
        if (c.validate(interpolant).empty()) out.push_back(s);
    }
    return out;
}

Result<NfeCurve> nfeCurve(const FieldSource& field, const Interpolant& interpolant, const GaussianMixture& base,
                          const GaussianMixture& target, const NfeCurveOptions& options, const ProgressFn& progress) {
    if (auto p = options.validate(interpolant); !p.empty()) return Error{p};
    if (base.dim() != field.dim() || target.dim() != field.dim())
        return Error{"the densities and the field differ in dimension"};

    Rng startRng(options.seed);
    const Points start = sampleStart(base, target, interpolant, 0.0, options.particles, startRng);
    Rng targetRng(options.seed + 1);
    const Points targetDraws = target.sample(options.targetSamples, targetRng);

    // The reference ODE end points, for the deterministic solvers' discretisation error.
    NfeCurve curve;
    Points reference;
    const bool anyDeterministic = std::any_of(options.solvers.begin(), options.solvers.end(), deterministic);
    // Progress over the phases (the reference ODE, then one per run), reported from inside each
    // integration and each distance, so that a cancel ends even a long phase at once.
    const double phases = double(options.solvers.size() * options.nfe.size()) + (anyDeterministic ? 1.0 : 0.0);
    double phasesDone = 0.0;
    bool stopped = false;  // latched: after the first refusal progress is not asked again
    const ProgressFn within = [&](double fraction) {
        if (!stopped && progress)
            stopped = !progress(std::min(1.0, (phasesDone + std::clamp(fraction, 0.0, 1.0)) / phases));
        return !stopped;
    };
    DistanceOptions distance = options.distance;
    distance.keepGoing = [&] { return within(0.75) && (!options.distance.keepGoing || options.distance.keepGoing()); };
    if (anyDeterministic && !field.canProvide(kVelocity)) {
        curve.referenceProblem = "the field '" + field.label() + "' has no velocity for the reference ODE";
    } else if (anyDeterministic) {
        SamplerOptions ro;
        ro.solver = SolverKind::Rk4;
        ro.steps = options.referenceSteps;
        Rng unused(0);
        auto r = sample(field, interpolant, start, ro, unused, within);
        if (r) reference = std::move(r->end);
        else if (stopped) return Error{"cancelled"};
        else curve.referenceProblem = "the reference ODE did not run: " + r.message();
        phasesDone += 1.0;
    }

    std::vector<NfeCurvePoint>& points = curve.points;
    for (SolverKind s : options.solvers) {
        for (int budget : options.nfe) {
            SamplerOptions o = options.sampler;
            o.solver = s;
            o.t0 = 0.0;
            o.t1 = 1.0;
            o.recordTrajectory = false;
            o.steps = std::max(1, int(std::ceil(double(budget) / costPerStep(o) - 1e-9)));
            Rng noise(options.seed + 2);
            auto r = sample(field, interpolant, start, o, noise, [&](double f) { return within(0.5 * f); });
            if (!r && stopped) return Error{"cancelled"};
            if (!r) return Error{toString(s) + " at NFE " + std::to_string(budget) + ": " + r.message()};
            NfeCurvePoint p;
            p.solver = s;
            p.requestedNfe = budget;
            p.steps = o.steps;
            p.nfe = r->nfe;
            auto ed = energyDistance(r->end, targetDraws, distance);
            if (!ed) return ed.error();
            auto sw = slicedWasserstein2(r->end, targetDraws, distance);
            if (!sw) return sw.error();
            p.energyDistance = *ed;
            p.slicedW2 = *sw;
            if (deterministic(s) && reference.rows() == r->end.rows())
                p.odeError = std::sqrt((r->end - reference).rowwise().squaredNorm().mean());
            points.push_back(p);
            phasesDone += 1.0;
            if (!within(0.0)) return Error{"cancelled"};
        }
    }
    return curve;
}

std::string nfeCurveCsv(const std::vector<NfeCurvePoint>& points, const std::string& fieldLabel) {
    std::string out = "solver,field,requested_nfe,steps,nfe,energy_distance,sliced_w2,ode_error\n";
    for (const auto& p : points) {
        out += toString(p.solver) + "," + fieldLabel + "," + std::to_string(p.requestedNfe) + "," +
               std::to_string(p.steps) + "," + std::to_string(p.nfe) + "," + number(p.energyDistance) + "," +
               number(p.slicedW2) + "," + (std::isfinite(p.odeError) ? number(p.odeError) : std::string()) + "\n";
    }
    return out;
}

}  // namespace flowlab::core
