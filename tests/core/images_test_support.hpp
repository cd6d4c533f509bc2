#pragma once
// Helpers shared by the image suites: the procedural shapes and points around them at time t.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "common/rng.hpp"
#include "images/image_data.hpp"
#include "images/memorisation.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::test {

/// The shapes at side × side with `train` and `test` images (a failed load fails the test).
inline core::ImageSplits shapes(int side, int train, int test = 10) {
    core::ImageDataOptions o;
    o.spec = "shapes";
    o.size = side;
    o.maxTrain = train;
    o.maxTest = test;
    auto r = core::loadImageData(o);
    EXPECT_TRUE(r.ok()) << r.message();
    return std::move(r).value();
}

/// n points of the law of x_t around the data: β(t) y of random images plus σ(t) noise.
inline core::Points pointsNearData(const core::ImageDataset& d, const core::Interpolant& in, double t, int n,
                                   std::uint64_t seed) {
    const core::Points y = core::datasetPoints(d);
    const auto c = in.coeffs(t);
    core::Rng rng(seed);
    core::Points x(n, d.dim());
    for (int i = 0; i < n; ++i) x.row(i) = c.beta * y.row(Eigen::Index(rng.index(d.size())));
    return x + std::sqrt(c.alpha * c.alpha + c.gamma * c.gamma) * rng.normal(n, d.dim());
}

}  // namespace flowlab::test
