#include "field/exact_pair_table.hpp"

#include <Eigen/LU>

#include <cmath>

namespace flowlab::core {
namespace {
constexpr double kLog2Pi = 1.8378770664093454836;
}  // namespace

Vector pairMeanDot(const InterpolantCoeffs& c, const Vector& mu0, const Vector& mu1) {
    Vector m = c.betaDot * mu1;
    if (!mu0.isZero(0.0)) m += c.alphaDot * mu0;
    return m;
}

PairTable2d pairTable2d(const InterpolantCoeffs& c, const GaussianMixture& base, const GaussianMixture& target,
                        double varianceFloor, const ComponentCoupling& coupling) {
    const Matrix I2 = Matrix::Identity(2, 2);
    PairTable2d T;
    for (std::size_t i = 0; i < base.size(); ++i) {
        for (std::size_t j = 0; j < target.size(); ++j) {
            const auto& b0 = base.component(i);
            const auto& b1 = target.component(j);
            const double w = coupling.weight(i, j, b0.weight, b1.weight);
            if (w <= 0.0) continue;
            const Vector m = c.alpha * b0.mean + c.beta * b1.mean;
            const Vector md = pairMeanDot(c, b0.mean, b1.mean);
            Matrix S = c.alpha * c.alpha * b0.cov + c.beta * c.beta * b1.cov + c.gamma * c.gamma * I2;
            const Matrix Sd = 2.0 * (c.alphaAlphaDot * b0.cov + c.beta * c.betaDot * b1.cov +
                                     c.gammaGammaDot * I2);
            double det = S.determinant();
            if (!(det > 0.0) || !std::isfinite(det)) {
                S += varianceFloor * I2;
                det = S.determinant();
            }
            const Matrix P = S.inverse();
            const Matrix A = 0.5 * Sd * P;
            T.mx.push_back(m[0]);
            T.my.push_back(m[1]);
            T.mdx.push_back(md[0]);
            T.mdy.push_back(md[1]);
            T.p11.push_back(P(0, 0));
            T.p12.push_back(0.5 * (P(0, 1) + P(1, 0)));
            T.p22.push_back(P(1, 1));
            T.a11.push_back(A(0, 0));
            T.a12.push_back(A(0, 1));
            T.a21.push_back(A(1, 0));
            T.a22.push_back(A(1, 1));
            T.trA.push_back(A.trace());
            T.logConst.push_back(std::log(w) - kLog2Pi - 0.5 * std::log(det));
            T.baseIndex.push_back(i);
            T.targetIndex.push_back(j);
        }
    }
    return T;
}

}  // namespace flowlab::core
