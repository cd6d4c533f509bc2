#include "test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/rng.hpp"
#include "density/presets.hpp"

namespace flowlab::test {
namespace {

[[noreturn]] void die(const std::string& message) {
    std::cerr << "test set-up failed: " << message << "\n";
    std::abort();
}

}  // namespace

core::GaussianMixture preset(const std::string& name) {
    auto m = core::makePreset(name);
    if (!m) die(m.message());
    return std::move(m).value();
}

core::ExactField exactField(const std::string& base, const std::string& target,
                            const core::InterpolantOptions& options, int threads) {
    return exactField(preset(base), preset(target), options, threads);
}

core::ExactField exactField(core::GaussianMixture base, core::GaussianMixture target,
                            const core::InterpolantOptions& options, int threads) {
    core::ExactFieldOptions o;
    o.threads = threads;
    auto f = core::ExactField::create(std::move(base), std::move(target), interpolant(options), o);
    if (!f) die(f.message());
    return std::move(f).value();
}

core::InterpolantOptions interpolantOptions(core::InterpolantFamily family, core::GammaKind gamma) {
    core::InterpolantOptions o;
    o.family = family;
    o.gamma = gamma;
    return o;
}

core::Interpolant interpolant(const core::InterpolantOptions& options) {
    auto i = core::Interpolant::create(options);
    if (!i) die(i.message());
    return std::move(i).value();
}

bool InterpolantCase::oneSided() const { return interpolant(options).isOneSided(); }

std::vector<InterpolantCase> allInterpolantCases() {
    using core::GammaKind;
    using core::InterpolantFamily;
    std::vector<InterpolantCase> cases;
    for (const auto family : {InterpolantFamily::Linear, InterpolantFamily::Trig}) {
        for (const auto gamma : {GammaKind::Zero, GammaKind::Brownian, GammaKind::ABrownian,
                                 GammaKind::BSquared, GammaKind::SineSquared}) {
            InterpolantCase c{core::toString(family) + "_" + core::toString(gamma),
                              interpolantOptions(family, gamma)};
            if (gamma == GammaKind::ABrownian) c.options.gammaA = 2.0;
            cases.push_back(c);
        }
    }
    for (const auto family : {InterpolantFamily::EncDec, InterpolantFamily::FmOt, InterpolantFamily::Vp,
                              InterpolantFamily::SubVp, InterpolantFamily::Ve}) {
        cases.push_back({core::toString(family), interpolantOptions(family)});
    }
    for (auto& c : cases) {
        for (auto& ch : c.name)
            if (ch == '-') ch = '_';
    }
    return cases;
}

core::GaussianMixture fullCovarianceMixture2d() {
    std::vector<core::GaussianComponent> comps(3);
    comps[0].weight = 0.5;
    comps[0].mean = core::Vector(2);
    comps[0].mean << -2.0, 1.0;
    comps[0].cov = core::Matrix(2, 2);
    comps[0].cov << 0.6, 0.35, 0.35, 0.4;  // correlated
    comps[1].weight = 0.3;
    comps[1].mean = core::Vector(2);
    comps[1].mean << 2.5, -0.5;
    comps[1].cov = core::Matrix(2, 2);
    comps[1].cov << 0.05, -0.02, -0.02, 1.2;  // elongated
    comps[2].weight = 0.2;
    comps[2].mean = core::Vector(2);
    comps[2].mean << 0.5, 2.5;
    comps[2].cov = core::Matrix(2, 2);
    comps[2].cov << 0.25, 0.25, 0.25, 0.25;  // rank one: singular
    auto m = core::GaussianMixture::create(2, std::move(comps));
    if (!m) die(m.message());
    return std::move(m).value();
}

core::GaussianMixture isotropicMixture(int dim, std::uint64_t seed, double thirdVariance) {
    core::Rng rng(seed);
    const double variances[] = {0.1, 0.5, thirdVariance, 1.0};
    const double weights[] = {0.4, 0.3, 0.2, 0.1};
    std::vector<core::GaussianComponent> comps;
    for (int k = 0; k < 4; ++k) {
        core::GaussianComponent c;
        c.weight = weights[k];
        c.mean = core::Vector(dim);
        for (int i = 0; i < dim; ++i) c.mean[i] = -3.0 + 6.0 * rng.uniform();
        c.cov = variances[k] * core::Matrix::Identity(dim, dim);
        comps.push_back(std::move(c));
    }
    auto m = core::GaussianMixture::create(dim, std::move(comps));
    if (!m) die(m.message());
    return std::move(m).value();
}

core::GaussianMixture pointMasses(const core::Points& points) {
    std::vector<core::GaussianComponent> comps;
    const auto d = static_cast<int>(points.cols());
    for (Eigen::Index r = 0; r < points.rows(); ++r) {
        core::GaussianComponent c;
        c.mean = points.row(r).transpose();
        c.cov = core::Matrix::Zero(d, d);
        comps.push_back(std::move(c));
    }
    auto m = core::GaussianMixture::create(d, std::move(comps));
    if (!m) die(m.message());
    return std::move(m).value();
}

core::Points separatedDataPoints2d() {
    core::Points p(4, 2);
    p << -2.0, 0.0, 2.0, 0.0, 0.0, 2.0, 0.0, -2.0;
    return p;
}

double logLogSlope(const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double lx = std::log(x[i]), ly = std::log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

MeanAndError meanAndError(const std::vector<double>& values) {
    MeanAndError r;
    const auto n = static_cast<double>(values.size());
    for (const double v : values) r.mean += v;
    r.mean /= n;
    double ss = 0.0;
    for (const double v : values) ss += (v - r.mean) * (v - r.mean);
    r.sd = values.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
    r.standardError = r.sd / std::sqrt(n);
    return r;
}

double maxRowDistance(const core::Points& a, const core::Points& b) {
    return (a - b).rowwise().norm().maxCoeff();
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "flowlab-test-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) die("mkdtemp failed for " + pattern);
    m_path = buf.data();
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::vector<std::string> TempDir::entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(m_path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) die("cannot write " + path);
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace flowlab::test
