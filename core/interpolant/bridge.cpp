#include "interpolant/bridge.hpp"

#include <algorithm>

namespace flowlab::core {

BridgePath bridgePath(const Interpolant& interpolant, const Vector& x0, const Vector& x1, int samples) {
    samples = std::max(samples, 2);
    BridgePath path;
    path.times.resize(std::size_t(samples));
    path.gamma.resize(std::size_t(samples));
    path.mean.resize(samples, x0.size());
    for (int i = 0; i < samples; ++i) {
        const double t = double(i) / (samples - 1);
        const InterpolantCoeffs c = interpolant.coeffs(t);
        path.times[std::size_t(i)] = t;
        path.gamma[std::size_t(i)] = c.gamma;
        path.mean.row(i) = (c.alpha * x0 + c.beta * x1).transpose();
    }
    return path;
}

Vector bridgePoint(const Interpolant& interpolant, const Vector& x0, const Vector& x1, const Vector& z, double t) {
    const InterpolantCoeffs c = interpolant.coeffs(t);
    return c.alpha * x0 + c.beta * x1 + c.gamma * z;
}

}  // namespace flowlab::core
