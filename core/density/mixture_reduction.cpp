#include "density/mixture_reduction.hpp"

#include "common/parallel.hpp"

#include <atomic>
#include <limits>
#include <vector>

namespace flowlab::core {
namespace {

/// Weighted k-means++ seeding, then Lloyd iterations; returns each point's cluster.
std::vector<int> weightedKmeans(const Points& x, const std::vector<double>& w, int k, int iterations, Rng& rng) {
    const Eigen::Index n = x.rows();
    Points centres(k, x.cols());
    std::vector<double> d2(std::size_t(n), std::numeric_limits<double>::infinity());
    std::vector<double> score(w);
    for (int c = 0; c < k; ++c) {
        double total = 0.0;
        for (double s : score) total += s;
        double u = rng.uniform() * total;
        Eigen::Index pick = n - 1;
        for (Eigen::Index i = 0; i < n; ++i) {
            u -= score[std::size_t(i)];
            if (u <= 0.0) {
                pick = i;
                break;
            }
        }
        centres.row(c) = x.row(pick);
        for (Eigen::Index i = 0; i < n; ++i) {
            d2[std::size_t(i)] = std::min(d2[std::size_t(i)], (x.row(i) - centres.row(c)).squaredNorm());
            score[std::size_t(i)] = w[std::size_t(i)] * d2[std::size_t(i)];
        }
    }
    std::vector<int> label(std::size_t(n), -1);
    for (int it = 0; it < iterations; ++it) {
        std::atomic<bool> changed{false};
        parallelFor(n, n * k > 200000 ? 0 : 1, [&](std::int64_t i) {
            Eigen::Index best = 0;
            (centres.rowwise() - x.row(i)).rowwise().squaredNorm().minCoeff(&best);
            if (label[std::size_t(i)] != int(best)) {
                label[std::size_t(i)] = int(best);
                changed = true;
            }
        });
        if (!changed) break;
        Points sum = Points::Zero(k, x.cols());
        std::vector<double> sw(std::size_t(k), 0.0);
        for (Eigen::Index i = 0; i < n; ++i) {
            sum.row(label[std::size_t(i)]) += w[std::size_t(i)] * x.row(i);
            sw[std::size_t(label[std::size_t(i)])] += w[std::size_t(i)];
        }
        for (int c = 0; c < k; ++c)
            if (sw[std::size_t(c)] > 0.0) centres.row(c) = sum.row(c) / sw[std::size_t(c)];
    }
    return label;
}

}  // namespace

std::string MixtureReductionOptions::validate() const {
    if (maxComponents < 1 || maxComponents > 100000) return "the component cap must be in [1, 100000]";
    if (iterations < 1 || iterations > 1000) return "k-means iterations must be in [1, 1000]";
    return {};
}

Result<GaussianMixture> reduceMixture(const GaussianMixture& mixture, const MixtureReductionOptions& options) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (mixture.empty()) return Error{"cannot reduce an empty mixture"};
    if (static_cast<int>(mixture.size()) <= options.maxComponents) return mixture;
    if (mixture.dim() != 2) return Error{"mixture reduction needs full covariances (2D only)"};
    const auto n = static_cast<Eigen::Index>(mixture.size());
    Points means(n, 2);
    std::vector<double> w(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        means.row(i) = mixture.component(std::size_t(i)).mean.transpose();
        w[std::size_t(i)] = mixture.component(std::size_t(i)).weight;
    }
    Rng rng(options.seed);
    const int k = options.maxComponents;
    const auto label = weightedKmeans(means, w, k, options.iterations, rng);
    std::vector<double> sw(std::size_t(k), 0.0);
    Points sm = Points::Zero(k, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        sw[std::size_t(label[std::size_t(i)])] += w[std::size_t(i)];
        sm.row(label[std::size_t(i)]) += w[std::size_t(i)] * means.row(i);
    }
    std::vector<Matrix> cov(std::size_t(k), Matrix::Zero(2, 2));
    for (Eigen::Index i = 0; i < n; ++i) {
        const int c = label[std::size_t(i)];
        const Vector d = means.row(i).transpose() - sm.row(c).transpose() / sw[std::size_t(c)];
        cov[std::size_t(c)] += w[std::size_t(i)] * (mixture.component(std::size_t(i)).cov + d * d.transpose());
    }
    std::vector<GaussianComponent> out;
    out.reserve(std::size_t(k));
    for (int c = 0; c < k; ++c) {
        const double W = sw[std::size_t(c)];
        if (!(W > 0.0)) continue;
        Matrix C = cov[std::size_t(c)] / W;
        C = 0.5 * (C + C.transpose());
        out.push_back({W, Vector(sm.row(c).transpose() / W), C});
    }
    return GaussianMixture::create(2, std::move(out));
}

}  // namespace flowlab::core
