#include "sampler/image_sampling.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {
namespace {

Status needsOde(const SamplerOptions& o, const char* what) {
    if (o.isStochastic())
        return Error{std::string(what) + " needs a deterministic ODE solver (not em, sde-heun, ddpm, smld or reverse-diffusion)"};
    return {};
}

}  // namespace

Points gaussianStart(const Interpolant& interpolant, int dim, Eigen::Index n, Rng& rng) {
    const InterpolantCoeffs c = interpolant.coeffs(0.0);
    return std::sqrt(c.alpha * c.alpha + c.gamma * c.gamma) * rng.normal(n, dim);
}

Result<SampleResult> inpaint(const FieldSource& field, const Interpolant& interpolant, const Points& known,
                             const Points& mask, Points x, const SamplerOptions& options, Rng& rng,
                             const ProgressFn& progress, const StateObserver& observe) {
    if (const auto p = options.validate(interpolant); !p.empty()) return Error{p};
    if (options.solver == SolverKind::Dopri5) return Error{"inpainting needs a fixed-step solver (not dopri5)"};
    if (options.t0 != 0.0 || options.t1 != 1.0) return Error{"inpainting runs forward from t = 0 to t = 1"};
    if (known.rows() != x.rows() || known.cols() != x.cols() || mask.rows() != x.rows() || mask.cols() != x.cols())
        return Error{"inpainting: the known images, the mask and the start differ in shape"};
    if (!((mask.array() == 0.0) || (mask.array() == 1.0)).all()) return Error{"inpainting: the mask must be 0 or 1"};
    if (!known.allFinite()) return Error{"inpainting: the known images contain NaN or infinite values"};

    const Points keep = Points::Ones(mask.rows(), mask.cols()) - mask;
    SampleResult result;
    if (options.recordTrajectory) {
        result.times.push_back(0.0);
        result.trajectory.push_back(x);
    }
    SamplerOptions step = options;
    step.steps = 1;
    step.recordTrajectory = false;
    const double h = 1.0 / options.steps;
    for (int i = 0; i < options.steps; ++i) {
        step.t0 = i * h;
        step.t1 = i + 1 == options.steps ? 1.0 : (i + 1) * h;
        auto r = sample(field, interpolant, std::move(x), step, rng);
        if (!r) return r.error();
        x = std::move(r->end);
        result.nfe += r->nfe;
        if (i + 1 == options.steps) {
            x = mask.cwiseProduct(known) + keep.cwiseProduct(x);  // exact at t = 1
        } else {
            const InterpolantCoeffs c = interpolant.coeffs(step.t1);
            Points known_t = c.alpha * rng.normal(x.rows(), x.cols()) + c.beta * known;
            if (c.gamma != 0.0) known_t += c.gamma * rng.normal(x.rows(), x.cols());
            x = mask.cwiseProduct(known_t) + keep.cwiseProduct(x);
        }
        if (options.recordTrajectory) {
            result.times.push_back(step.t1);
            result.trajectory.push_back(x);
        }
        if (progress && !progress(double(i + 1) / options.steps)) return Error{"cancelled"};
        if (observe && !observe(step.t1, x)) return Error{"cancelled"};
    }
    result.end = std::move(x);
    return result;
}

Points slerp(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, const std::vector<double>& fractions) {
    Points out(static_cast<Eigen::Index>(fractions.size()), a.size());
    const double na = a.norm(), nb = b.norm();
    const double cosTheta = na > 0 && nb > 0 ? std::clamp(a.dot(b) / (na * nb), -1.0, 1.0) : 1.0;
    const double theta = std::acos(cosTheta);
    for (std::size_t i = 0; i < fractions.size(); ++i) {
        const double f = fractions[i];
        if (std::sin(theta) < 1e-9) {
            out.row(Eigen::Index(i)) = (1.0 - f) * a + f * b;
        } else {
            out.row(Eigen::Index(i)) = (std::sin((1.0 - f) * theta) * a + std::sin(f * theta) * b) / std::sin(theta);
        }
    }
    return out;
}

Result<Points> encodeImages(const FieldSource& field, const Interpolant& interpolant, const Points& images,
                            SamplerOptions o, double tData, const ProgressFn& progress) {
    if (Status st = needsOde(o, "encoding"); !st) return Error{st.message()};
    if (!(tData > 0.0 && tData <= 1.0)) return Error{"the data time must be in (0, 1]"};
    o.t0 = tData;
    o.t1 = 0.0;
    o.recordTrajectory = false;
    Rng unused(0);
    auto r = sample(field, interpolant, images, o, unused, progress);
    if (!r) return r.error();
    return std::move(r->end);
}

Result<Points> decodeLatents(const FieldSource& field, const Interpolant& interpolant, const Points& latents,
                             SamplerOptions o, double tData, const ProgressFn& progress) {
    if (Status st = needsOde(o, "decoding"); !st) return Error{st.message()};
    if (!(tData > 0.0 && tData <= 1.0)) return Error{"the data time must be in (0, 1]"};
    o.t0 = 0.0;
    o.t1 = tData;
    o.recordTrajectory = false;
    Rng unused(0);
    auto r = sample(field, interpolant, latents, o, unused, progress);
    if (!r) return r.error();
    return std::move(r->end);
}

Result<LatentInterpolation> interpolateLatents(const FieldSource& field, const Interpolant& interpolant,
                                               const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, int frames,
                                               SamplerOptions o, double tData, const ProgressFn& progress) {
    if (frames < 2 || frames > 1000) return Error{"interpolation needs 2 … 1000 frames"};
    if (a.size() != field.dim() || b.size() != field.dim()) return Error{"the images do not match the field's dimension"};
    Points ends(2, field.dim());
    ends.row(0) = a;
    ends.row(1) = b;
    auto half = [&](double lo) {
        return ProgressFn(progress ? ProgressFn([&progress, lo](double f) { return progress(lo + 0.5 * f); }) : ProgressFn());
    };
    auto latents = encodeImages(field, interpolant, ends, o, tData, half(0.0));
    if (!latents) return latents.error();
    std::vector<double> fractions;
    for (int i = 0; i < frames; ++i) fractions.push_back(double(i) / (frames - 1));
    LatentInterpolation r;
    r.latents = slerp(latents->row(0), latents->row(1), fractions);
    auto decoded = decodeLatents(field, interpolant, r.latents, o, tData, half(0.5));
    if (!decoded) return decoded.error();
    r.images = std::move(*decoded);
    return r;
}

}  // namespace flowlab::core
