#include "density/gaussian_mixture.hpp"

#include "common/parallel.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace flowlab::core {
namespace {

constexpr double kSymmetryTolerance = 1e-9;
constexpr double kPsdTolerance = 1e-12;
constexpr double kLog2Pi = 1.8378770664093454836;

bool allFinite(const Matrix& m) { return m.allFinite(); }

std::string componentLabel(std::size_t i) {
    std::ostringstream os;
    os << "component " << i;
    return os.str();
}

/// Square root of a symmetric PSD matrix (so that sqrt·sqrtᵀ = cov), tolerant of singular ones.
Matrix psdSqrt(const Matrix& cov) {
    Eigen::SelfAdjointEigenSolver<Matrix> es(cov);
    const Vector lambda = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    return es.eigenvectors() * lambda.asDiagonal();
}

}  // namespace

Result<GaussianMixture> GaussianMixture::create(int dim, std::vector<GaussianComponent> components) {
    if (dim < 1 || dim > kMaxDim) {
        return Error{"mixture dimension must be between 1 and " + std::to_string(kMaxDim) +
                     ", got " + std::to_string(dim)};
    }
    if (components.empty()) return Error{"a mixture needs at least one component"};
    if (components.size() > kMaxComponents) {
        return Error{"too many mixture components (" + std::to_string(components.size()) +
                     "; at most " + std::to_string(kMaxComponents) + ")"};
    }
    double total = 0.0;
    for (std::size_t i = 0; i < components.size(); ++i) {
        auto& c = components[i];
        const std::string where = componentLabel(i);
        if (!std::isfinite(c.weight) || c.weight < 0.0) {
            return Error{where + ": weight must be a finite number ≥ 0"};
        }
        if (c.mean.size() != dim) {
            return Error{where + ": mean has " + std::to_string(c.mean.size()) +
                         " entries, expected " + std::to_string(dim)};
        }
        if (!c.mean.allFinite()) return Error{where + ": mean is not finite"};
        if (c.cov.size() == 0) c.cov = Matrix::Zero(dim, dim);
        if (c.cov.rows() != dim || c.cov.cols() != dim) {
            return Error{where + ": covariance must be " + std::to_string(dim) + "×" +
                         std::to_string(dim)};
        }
        if (!allFinite(c.cov)) return Error{where + ": covariance is not finite"};
        const double scale = std::max(1.0, c.cov.cwiseAbs().maxCoeff());
        if ((c.cov - c.cov.transpose()).cwiseAbs().maxCoeff() > kSymmetryTolerance * scale) {
            return Error{where + ": covariance is not symmetric"};
        }
        c.cov = 0.5 * (c.cov + c.cov.transpose());
        if (dim == 2) {
            Eigen::SelfAdjointEigenSolver<Matrix> es(c.cov, Eigen::EigenvaluesOnly);
            if (es.eigenvalues().minCoeff() < -kPsdTolerance * scale) {
                return Error{where + ": covariance is not positive semi-definite"};
            }
        } else {
            const double v = c.cov(0, 0);
            if (v < 0.0) return Error{where + ": variance must be ≥ 0"};
            if ((c.cov - v * Matrix::Identity(dim, dim)).cwiseAbs().maxCoeff() >
                kSymmetryTolerance * scale) {
                return Error{where + ": outside 2D, covariances must be isotropic (c·I)"};
            }
        }
        total += c.weight;
    }
    if (!(total > 0.0) || !std::isfinite(total)) {
        return Error{"mixture weights must have a positive, finite sum"};
    }
    GaussianMixture m;
    m.m_dim = dim;
    m.m_components = std::move(components);
    // Weights that already sum to 1 up to the rounding of the sum are kept bit for bit:
    // dividing by a total of 1 − 1e-16 would change every weight by an ulp, and a saved and
    // reloaded mixture would no longer be the same.
    const double roundingOfSum = static_cast<double>(m.m_components.size()) * std::numeric_limits<double>::epsilon();
    const double divisor = std::abs(total - 1.0) <= roundingOfSum ? 1.0 : total;
    double acc = 0.0;
    m.m_cumulative.reserve(m.m_components.size());
    for (auto& c : m.m_components) {
        c.weight /= divisor;
        acc += c.weight;
        m.m_cumulative.push_back(acc);
    }
    m.m_cumulative.back() = 1.0;
    return m;
}

GaussianMixture GaussianMixture::isotropic(int dim, double variance, double mean) {
    GaussianComponent c{1.0, Vector::Constant(dim, mean), variance * Matrix::Identity(dim, dim)};
    return std::move(create(dim, {c})).value();
}

bool GaussianMixture::isStandardNormal(double tolerance) const {
    if (m_components.size() != 1) return false;
    const auto& c = m_components.front();
    return c.mean.cwiseAbs().maxCoeff() <= tolerance &&
           (c.cov - Matrix::Identity(m_dim, m_dim)).cwiseAbs().maxCoeff() <= tolerance;
}

Vector GaussianMixture::mean() const {
    Vector mu = Vector::Zero(m_dim);
    for (const auto& c : m_components) mu += c.weight * c.mean;
    return mu;
}

Matrix GaussianMixture::covariance() const {
    const Vector mu = mean();
    Matrix cov = Matrix::Zero(m_dim, m_dim);
    for (const auto& c : m_components) {
        const Vector d = c.mean - mu;
        cov += c.weight * (c.cov + d * d.transpose());
    }
    return cov;
}

std::size_t GaussianMixture::drawComponent(Rng& rng) const {
    const double u = rng.uniform();
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
    return std::min<std::size_t>(static_cast<std::size_t>(it - m_cumulative.begin()),
                                 m_components.size() - 1);
}

Points GaussianMixture::sample(Eigen::Index n, Rng& rng) const {
    Points out(n, m_dim);
    if (m_components.empty()) return out;
    std::vector<Matrix> roots;
    roots.reserve(m_components.size());
    const bool fullCov = (m_dim == 2);
    for (const auto& c : m_components) {
        if (fullCov) roots.push_back(psdSqrt(c.cov));
        else roots.push_back(Matrix::Constant(1, 1, std::sqrt(std::max(0.0, c.cov(0, 0)))));
    }
    Vector z(m_dim);
    for (Eigen::Index r = 0; r < n; ++r) {
        const std::size_t k = drawComponent(rng);
        for (int d = 0; d < m_dim; ++d) z[d] = rng.normal();
        if (fullCov) out.row(r) = (m_components[k].mean + roots[k] * z).transpose();
        else out.row(r) = (m_components[k].mean + roots[k](0, 0) * z).transpose();
    }
    return out;
}

Vector GaussianMixture::logDensity(const Points& x) const {
    const double ninf = -std::numeric_limits<double>::infinity();
    Vector out = Vector::Constant(x.rows(), ninf);
    if (m_components.empty() || x.cols() != m_dim) return out;

    // Per-component precision and normaliser; singular components carry no density.
    struct Prepared {
        bool valid = false;
        Matrix precision;
        double isoPrecision = 0.0;
        double logConst = 0.0;  // log w − ½ (d log 2π + log det C)
    };
    std::vector<Prepared> prep(m_components.size());
    for (std::size_t k = 0; k < m_components.size(); ++k) {
        const auto& c = m_components[k];
        if (c.weight <= 0.0) continue;
        auto& p = prep[k];
        if (m_dim == 2) {
            const double det = c.cov.determinant();
            if (!(det > 0.0)) continue;
            p.precision = c.cov.inverse();
            p.logConst = std::log(c.weight) - 0.5 * (2.0 * kLog2Pi + std::log(det));
        } else {
            const double v = c.cov(0, 0);
            if (!(v > 0.0)) continue;
            p.isoPrecision = 1.0 / v;
            p.logConst = std::log(c.weight) - 0.5 * m_dim * (kLog2Pi + std::log(v));
        }
        p.valid = true;
    }

    parallelFor(x.rows(), x.rows() * Eigen::Index(m_components.size()) > 200000 ? 0 : 1, [&](std::int64_t r) {
        const Vector xr = x.row(r).transpose();
        double maxLog = ninf;
        std::vector<double> logs(m_components.size(), ninf);
        for (std::size_t k = 0; k < m_components.size(); ++k) {
            if (!prep[k].valid) continue;
            const Vector d = xr - m_components[k].mean;
            const double q = (m_dim == 2) ? d.dot(prep[k].precision * d)
                                          : prep[k].isoPrecision * d.squaredNorm();
            logs[k] = prep[k].logConst - 0.5 * q;
            maxLog = std::max(maxLog, logs[k]);
        }
        if (maxLog == ninf) return;
        double sum = 0.0;
        for (double l : logs) {
            if (l != ninf) sum += std::exp(l - maxLog);
        }
        out[r] = maxLog + std::log(sum);
    });
    return out;
}

}  // namespace flowlab::core
