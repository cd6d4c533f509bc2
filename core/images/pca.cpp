#include "images/pca.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace flowlab::core {
namespace {

constexpr Eigen::Index kBlockRows = 1024;
constexpr int kSubspaceSweeps = 60;
constexpr int kOversampling = 8;

/// Copies the rows `rows` (indices into the source) into `out` as doubles.
using RowReader = std::function<void(const std::vector<std::size_t>& rows, Points& out)>;

std::vector<std::size_t> stridedRows(std::size_t n, std::size_t cap) {
    std::vector<std::size_t> rows;
    const std::size_t m = std::min(n, cap);
    rows.reserve(m);
    // Evenly spread over the set (not the first m), so that sorted data keep every class.
    for (std::size_t i = 0; i < m; ++i) rows.push_back(m == n ? i : (i * n) / m);
    return rows;
}

Matrix covariance(const std::vector<std::size_t>& rows, int d, const RowReader& read, Eigen::RowVectorXd& mean) {
    mean = Eigen::RowVectorXd::Zero(d);
    Points block;
    std::vector<std::size_t> ids;
    auto forBlocks = [&](const std::function<void(const Points&)>& body) {
        for (std::size_t b = 0; b < rows.size(); b += kBlockRows) {
            ids.assign(rows.begin() + std::ptrdiff_t(b), rows.begin() + std::ptrdiff_t(std::min(rows.size(), b + kBlockRows)));
            read(ids, block);
            body(block);
        }
    };
    forBlocks([&](const Points& x) { mean += x.colwise().sum(); });
    mean /= double(rows.size());
    // Centred second pass: XᵀX − N μμᵀ would cancel catastrophically where pixels barely vary.
    Matrix c = Matrix::Zero(d, d);
    forBlocks([&](const Points& x) {
        const Matrix centred = x.rowwise() - mean;
        c.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
    });
    c = c.selfadjointView<Eigen::Lower>();
    return c / double(rows.size() - 1);
}

/// Top k eigenpairs of a symmetric positive semi-definite matrix by subspace iteration with
/// Rayleigh–Ritz (oversampled so that the k-th pair converges at the rate λ_{k+p}/λ_k).
void subspaceEigen(const Matrix& c, int k, Matrix& vectors, Vector& values) {
    const Eigen::Index d = c.rows();
    const Eigen::Index m = std::min<Eigen::Index>(d, k + kOversampling);
    // A fixed start (no RNG: the result must not depend on a seed): rows of a Hadamard-like
    // pattern, which no eigenvector of real image data is orthogonal to.
    Matrix q(d, m);
    for (Eigen::Index i = 0; i < d; ++i)
        for (Eigen::Index j = 0; j < m; ++j) q(i, j) = std::cos(0.5 + double((i + 1) * (j + 1)) * 0.7548776662);
    for (int sweep = 0; sweep < kSubspaceSweeps; ++sweep) {
        Eigen::HouseholderQR<Matrix> qr(c * q);
        q = qr.householderQ() * Matrix::Identity(d, m);
    }
    const Matrix small = q.transpose() * c * q;
    Eigen::SelfAdjointEigenSolver<Matrix> es(small);
    vectors = q * es.eigenvectors().rowwise().reverse().leftCols(k);
    values = es.eigenvalues().reverse().head(k);
}

Result<PrincipalComponents> pcaFrom(std::size_t n, int d, const RowReader& read, const PcaOptions& options) {
    if (const std::string p = options.validate(); !p.empty()) return Error{p};
    if (d <= 0) return Error{"PCA: the images have no pixels"};
    if (n < 2) return Error{"PCA needs at least two images (got " + std::to_string(n) + ")"};
    if (options.components > d)
        return Error{"PCA: " + std::to_string(options.components) + " components asked of " + std::to_string(d) +
                     "-dimensional data"};
    const std::vector<std::size_t> rows = stridedRows(n, std::max<std::size_t>(options.maxImages, 2));
    PrincipalComponents pc;
    const Matrix c = covariance(rows, d, read, pc.mean);
    if (!c.allFinite() || !pc.mean.allFinite()) return Error{"PCA: the images contain NaN or infinite values"};
    pc.imageCount = rows.size();
    pc.totalVariance = c.trace();
    const int k = options.components;
    Matrix vectors;
    Vector values;
    if (d <= options.exactDimLimit) {
        Eigen::SelfAdjointEigenSolver<Matrix> es(c);
        if (es.info() != Eigen::Success) return Error{"PCA: the eigensolver did not converge"};
        // Eigen returns ascending eigenvalues; the largest are the last columns.
        vectors = es.eigenvectors().rowwise().reverse().leftCols(k);
        values = es.eigenvalues().reverse().head(k);
    } else {
        subspaceEigen(c, k, vectors, values);
    }
    pc.variances = values.cwiseMax(0.0);  // round-off can leave −1e-17 where the data are flat
    pc.components = vectors.transpose();
    for (int i = 0; i < k; ++i) {
        Eigen::Index at = 0;
        pc.components.row(i).cwiseAbs().maxCoeff(&at);
        if (pc.components(i, at) < 0) pc.components.row(i) *= -1.0;
    }
    return pc;
}

}  // namespace

std::string PcaOptions::validate() const {
    if (components < 1) return "PCA: the number of components must be at least 1";
    if (components > 256) return "PCA: at most 256 components";
    if (maxImages < 2) return "PCA: maxImages must be at least 2";
    if (exactDimLimit < 0) return "PCA: exactDimLimit must be ≥ 0";
    return {};
}

Points PrincipalComponents::project(const Points& x) const {
    return (x.rowwise() - mean) * components.transpose();
}

Points PrincipalComponents::reconstruct(const Points& coordinates) const {
    Points r = coordinates * components;
    return r.rowwise() + mean;
}

double PrincipalComponents::explainedFraction(int i) const {
    if (i < 0 || i >= variances.size() || !(totalVariance > 0.0)) return 0.0;
    return variances(i) / totalVariance;
}

Result<PrincipalComponents> computePca(const Points& points, const PcaOptions& options) {
    if (!points.allFinite()) return Error{"PCA: the points contain NaN or infinite values"};
    return pcaFrom(std::size_t(points.rows()), int(points.cols()),
                   [&](const std::vector<std::size_t>& rows, Points& out) {
                       out.resize(Eigen::Index(rows.size()), points.cols());
                       for (std::size_t r = 0; r < rows.size(); ++r) out.row(Eigen::Index(r)) = points.row(Eigen::Index(rows[r]));
                   },
                   options);
}

Result<PrincipalComponents> computePca(const ImageDataset& data, const PcaOptions& options) {
    const int d = data.dim();
    return pcaFrom(data.size(), d,
                   [&](const std::vector<std::size_t>& rows, Points& out) {
                       out.resize(Eigen::Index(rows.size()), d);
                       for (std::size_t r = 0; r < rows.size(); ++r)
                           out.row(Eigen::Index(r)) = Eigen::Map<const Eigen::RowVectorXf>(data.image(rows[r]), d).cast<double>();
                   },
                   options);
}

}  // namespace flowlab::core
