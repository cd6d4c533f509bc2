#include "field/empirical_field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parallel.hpp"

namespace flowlab::core {
namespace {

constexpr double kLog2Pi = 1.8378770664093454836;
/// Weights below this fraction of the largest are dropped (their total effect on ŷ is below
/// N·1e-24·max‖y‖, far under double rounding for N ≤ 1e6).
constexpr double kNegligibleWeight = 1e-24;

// Points per block: the logits of a block are block × N doubles (5 MB at N = 10 000).
constexpr Eigen::Index kPointBlock = 64;
// Below these slice sizes a thread's share of a product is too small to pay for its start.
constexpr Eigen::Index kMinImageSlice = 256;
constexpr Eigen::Index kMinPixelSlice = 32;

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace

struct EmpiricalField::Data {
    MatrixF yf;           ///< N×d images (single precision)
    MatrixD yd;           ///< N×d images (double; only when !singlePrecision)
    Eigen::VectorXd norm2;  ///< ‖y_i‖²
    int dim = 0;
    std::string label;
};

std::string EmpiricalFieldOptions::validate() const {
    if (threads < 0 || threads > 1024) return "threads must be between 0 (all cores) and 1024";
    if (classLabel < -1) return "class must be ≥ 0 (or −1 for every class)";
    if (maxImages < 1 || maxImages > 1000000) return "the exact field takes between 1 and 1 000 000 images";
    if (!(varianceFloor > 0.0) || !std::isfinite(varianceFloor) || varianceFloor > 1e-2)
        return "variance floor must be in (0, 0.01]";
    return {};
}

EmpiricalField::EmpiricalField(std::shared_ptr<const Data> data, Interpolant interpolant, EmpiricalFieldOptions options)
    : m_data(std::move(data)), m_interpolant(std::move(interpolant)), m_options(options) {}

Result<EmpiricalField> EmpiricalField::create(const ImageDataset& dataset, Interpolant interpolant,
                                              EmpiricalFieldOptions options) {
    if (const auto p = options.validate(); !p.empty()) return Error{"exact field: " + p};
    if (dataset.dim() <= 0 || dataset.size() == 0) return Error{"exact field: the data set has no image"};
    if (options.classLabel >= 0) {
        if (!dataset.hasLabels()) return Error{"exact field: the data set has no labels, so no class can be chosen"};
        if (options.classLabel >= dataset.classCount())
            return Error{"exact field: class " + std::to_string(options.classLabel) + " does not exist (the data set has " +
                         std::to_string(dataset.classCount()) + " classes, 0 … " +
                         std::to_string(dataset.classCount() - 1) + ")"};
    }
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < dataset.size(); ++i)
        if (options.classLabel < 0 || dataset.labels[i] == options.classLabel) rows.push_back(i);
    if (rows.empty()) return Error{"exact field: no image of class " + std::to_string(options.classLabel)};
    if (rows.size() > std::size_t(options.maxImages))
        return Error{"exact field: " + std::to_string(rows.size()) + " images, at most " +
                     std::to_string(options.maxImages) + " (use --max-train)"};

    auto data = std::make_shared<Data>();
    const int d = dataset.dim();
    data->dim = d;
    data->yf.resize(static_cast<Eigen::Index>(rows.size()), d);
    for (std::size_t r = 0; r < rows.size(); ++r)
        data->yf.row(Eigen::Index(r)) = Eigen::Map<const Eigen::RowVectorXf>(dataset.image(rows[r]), d);
    if (!options.singlePrecision) data->yd = data->yf.cast<double>();
    data->norm2 = data->yf.cast<double>().rowwise().squaredNorm();
    data->label = "exact (" + std::to_string(rows.size()) + " images" +
                  (options.classLabel >= 0 ? ", class " + (dataset.classNames.empty()
                                                               ? std::to_string(options.classLabel)
                                                               : dataset.classNames[std::size_t(options.classLabel)])
                                           : std::string()) +
                  ")";
    return EmpiricalField(std::move(data), std::move(interpolant), options);
}

int EmpiricalField::dim() const { return m_data->dim; }
std::size_t EmpiricalField::imageCount() const { return static_cast<std::size_t>(m_data->yf.rows()); }
std::string EmpiricalField::label() const { return m_data->label; }

double EmpiricalField::variance(double t) const {
    const InterpolantCoeffs c = m_interpolant.coeffs(std::clamp(t, 0.0, 1.0));
    return std::max(c.alpha * c.alpha + c.gamma * c.gamma, m_options.varianceFloor);
}

double EmpiricalField::scoreLipschitz(double t) const { return 1.0 / variance(t); }

Status EmpiricalField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (!(t >= 0.0 && t <= 1.0)) return Error{"t must be in [0, 1], got " + std::to_string(t)};
    const int d = dim();
    if (x.cols() != d) {
        return Error{"points have " + std::to_string(x.cols()) + " coordinates, the field has " + std::to_string(d)};
    }
    const Eigen::Index n = x.rows();
    if (what & kVelocity) out.velocity.resize(n, d);
    if (what & kScore) out.score.resize(n, d);
    if (what & kDenoiser) out.denoiser.resize(n, d);
    if (what & kLogDensity) out.logDensity.resize(n);
    if (what & kDivergence) out.divergence.resize(n);
    if (n == 0) return Status::success();

    const InterpolantCoeffs c = m_interpolant.coeffs(std::clamp(t, 0.0, 1.0));
    const double var = std::max(c.alpha * c.alpha + c.gamma * c.gamma, m_options.varianceFloor);
    const double beta = c.beta;
    const double rate = (c.alphaAlphaDot + c.gammaGammaDot) / var;  // c of the header
    const Data& D = *m_data;
    const auto N = static_cast<Eigen::Index>(D.yf.rows());
    const double logNorm = -std::log(double(N)) - 0.5 * d * (kLog2Pi + std::log(var));

    const int threads = resolveThreads(m_options.threads);
    // Blocks of points; inside a block the two products are split over slices of the images
    // (or of the pixels), not over points: a GEMM packs its large operand, and splitting over
    // points made every thread pack all N images (a third of the time at N = 10 000, d = 784).
    // The per-point work in between is split over points.
    const Eigen::Index block = std::min<Eigen::Index>(n, kPointBlock);
    const Eigen::Index imageSlices = std::max<Eigen::Index>(1, std::min<Eigen::Index>(threads, N / kMinImageSlice));
    const Eigen::Index pixelSlices = std::max<Eigen::Index>(1, std::min<Eigen::Index>(threads, d / kMinPixelSlice));
    MatrixD L(block, N);
    MatrixF Lf(m_options.singlePrecision ? block : 0, N);
    for (Eigen::Index begin = 0; begin < n; begin += block) {
        const Eigen::Index P = std::min(block, n - begin);
        const MatrixD X = x.middleRows(begin, P);
        const MatrixF Xf = m_options.singlePrecision ? MatrixF(X.cast<float>()) : MatrixF();
        // Logits L_i = (β x·y_i − ½ β² ‖y_i‖²)/σ²: −‖x − β y_i‖²/(2σ²) up to the per-point ‖x‖².
        parallelFor(imageSlices, int(imageSlices), [&](std::int64_t s) {
            const Eigen::Index i0 = N * s / imageSlices, len = N * (s + 1) / imageSlices - i0;
            if (m_options.singlePrecision)
                Lf.topRows(P).middleCols(i0, len).noalias() = Xf * D.yf.middleRows(i0, len).transpose();
            else
                L.topRows(P).middleCols(i0, len).noalias() = X * D.yd.middleRows(i0, len).transpose();
        });

        Eigen::VectorXd meanNorm2(P), logSum(P);
        std::vector<Eigen::Index> best(static_cast<std::size_t>(P));
        std::vector<std::vector<Eigen::Index>> support(static_cast<std::size_t>(P));
        parallelFor(P, std::min<int>(threads, int(P)), [&](std::int64_t p) {
            auto row = L.row(p);
            if (m_options.singlePrecision) row = Lf.row(p).cast<double>();
            row = row * (beta / var) - (0.5 * beta * beta / var) * D.norm2.transpose();
            Eigen::Index arg = 0;
            const double top = row.maxCoeff(&arg);
            best[std::size_t(p)] = arg;
            row = (row.array() - top).exp();  // vectorised
            double sum = 0.0, norm = 0.0;
            auto& keep = support[std::size_t(p)];
            for (Eigen::Index i = 0; i < N; ++i) {
                const double w = row[i];
                if (w < kNegligibleWeight) {
                    row[i] = 0.0;
                    continue;
                }
                sum += w;
                norm += w * D.norm2[i];
                keep.push_back(i);
            }
            const double inv = 1.0 / sum;
            for (Eigen::Index i : keep) row[i] *= inv;
            meanNorm2[p] = norm * inv;
            logSum[p] = std::log(sum);
        });
        std::size_t supportTotal = 0;
        for (const auto& keep : support) supportTotal += keep.size();

        MatrixD yHat = MatrixD::Zero(P, d);
        if (supportTotal * 4 < std::size_t(P * N)) {
            // Concentrated posteriors: accumulate ŷ over the kept images only.
            parallelFor(P, std::min<int>(threads, int(P)), [&](std::int64_t p) {
                for (Eigen::Index i : support[std::size_t(p)]) yHat.row(p) += L(p, i) * D.yf.row(i).cast<double>();
            });
        } else if (m_options.singlePrecision) {
            Lf.topRows(P) = L.topRows(P).cast<float>();
            parallelFor(pixelSlices, int(pixelSlices), [&](std::int64_t s) {
                const Eigen::Index k0 = d * s / pixelSlices, len = d * (s + 1) / pixelSlices - k0;
                yHat.middleCols(k0, len) = (Lf.topRows(P) * D.yf.middleCols(k0, len)).cast<double>();
            });
        } else {
            parallelFor(pixelSlices, int(pixelSlices), [&](std::int64_t s) {
                const Eigen::Index k0 = d * s / pixelSlices, len = d * (s + 1) / pixelSlices - k0;
                yHat.middleCols(k0, len).noalias() = L.topRows(P) * D.yd.middleCols(k0, len);
            });
        }

        const MatrixD resid = X - beta * yHat;  // x − β ŷ
        if (what & kScore) out.score.middleRows(begin, P) = -resid / var;
        if (what & kDenoiser) out.denoiser.middleRows(begin, P) = (c.gamma / var) * resid;
        if (what & kVelocity) out.velocity.middleRows(begin, P) = rate * resid + c.betaDot * yHat;
        if (what & kDivergence) {
            const Eigen::VectorXd spread = meanNorm2 - yHat.rowwise().squaredNorm();
            out.divergence.segment(begin, P) =
                (d * rate + (c.betaDot - rate * beta) * (beta / var) * spread.array().max(0.0)).matrix();
        }
        if (what & kLogDensity) {
            for (Eigen::Index p = 0; p < P; ++p) {
                // The nearest image's distance in double: no cancellation of ‖x‖² against x·y.
                const double d2 = (X.row(p) - beta * D.yf.row(best[std::size_t(p)]).cast<double>()).squaredNorm();
                out.logDensity[begin + p] = -0.5 * d2 / var + logSum[p] + logNorm;
            }
        }
    }
    return Status::success();
}

}  // namespace flowlab::core
