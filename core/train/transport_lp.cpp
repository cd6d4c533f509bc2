#include "train/transport_lp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace flowlab::core {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Masses below this (of a total of 1) are rounding left-overs, not supply, demand or flow: they
// would otherwise start augmenting paths that move nothing.
constexpr double kMassEpsilon = 1e-14;

}  // namespace

Result<TransportPlan> solveTransport(const Matrix& cost, const Vector& a, const Vector& b) {
    const Eigen::Index n = cost.rows(), m = cost.cols();
    if (n < 1 || m < 1 || a.size() != n || b.size() != m)
        return Error{"transport: the weights do not match the cost matrix's " + std::to_string(n) + " × " +
                     std::to_string(m)};
    if (!cost.allFinite()) return Error{"transport: the cost matrix has a non-finite entry"};
    if (!a.allFinite() || !b.allFinite() || a.minCoeff() < 0.0 || b.minCoeff() < 0.0)
        return Error{"transport: weights must be finite and non-negative"};
    const double sa = a.sum(), sb = b.sum();
    if (!(sa > 0.0) || !(sb > 0.0) || std::abs(sa - sb) > 1e-9 * std::max(sa, sb))
        return Error{"transport: the two sides carry different mass"};
    Vector supply = a / sa, demand = b / sb;
    Matrix flow = Matrix::Zero(n, m);
    // Potentials of rows, columns and the sink; reduced costs C_ij + pr_i − pc_j ≥ 0 on forward
    // edges and −C_ij − pr_i + pc_j ≥ 0 on the reverse edges of positive flow. Rows with supply
    // keep potential 0 (the distance from the super source is 0 to each), so one Dijkstra from
    // all of them at once is a shortest-path search from that source.
    Vector pr = Vector::Zero(n), pc = Vector::Zero(m);
    double pt = 0.0;
    const auto rowsN = static_cast<std::size_t>(n), colsN = static_cast<std::size_t>(m);
    std::vector<double> dr(rowsN), dc(colsN);
    std::vector<Eigen::Index> prevOfCol(colsN), prevOfRow(rowsN);
    std::vector<char> doneR(rowsN), doneC(colsN);
    TransportPlan out;
    const int maxAugmentations = 50 * int(n + m) + 1000;
    for (;;) {
        bool any = false;
        for (Eigen::Index i = 0; i < n; ++i) any = any || supply[i] > kMassEpsilon;
        if (!any) break;
        if (++out.augmentations > maxAugmentations) return Error{"transport: no convergence (degenerate costs?)"};
        std::fill(doneR.begin(), doneR.end(), 0);
        std::fill(doneC.begin(), doneC.end(), 0);
        for (Eigen::Index i = 0; i < n; ++i) {
            dr[std::size_t(i)] = supply[i] > kMassEpsilon ? 0.0 : kInf;
            prevOfRow[std::size_t(i)] = -1;
        }
        std::fill(dc.begin(), dc.end(), kInf);
        double dt = kInf;
        Eigen::Index last = -1;  // the column whose edge to the sink closes the path
        for (;;) {
            // Pop the closest unfinished node (rows, columns, or the sink).
            double best = kInf;
            Eigen::Index bi = -1, bj = -1;
            for (Eigen::Index i = 0; i < n; ++i)
                if (!doneR[std::size_t(i)] && dr[std::size_t(i)] < best) best = dr[std::size_t(i)], bi = i, bj = -1;
            for (Eigen::Index j = 0; j < m; ++j)
                if (!doneC[std::size_t(j)] && dc[std::size_t(j)] < best) best = dc[std::size_t(j)], bj = j, bi = -1;
            if (dt <= best) break;  // the sink is closest: the path is found
            if (bi < 0 && bj < 0) break;
            if (bi >= 0) {
                doneR[std::size_t(bi)] = 1;
                for (Eigen::Index j = 0; j < m; ++j) {
                    const double d = best + std::max(0.0, cost(bi, j) + pr[bi] - pc[j]);
                    if (!doneC[std::size_t(j)] && d < dc[std::size_t(j)]) {
                        dc[std::size_t(j)] = d;
                        prevOfCol[std::size_t(j)] = bi;
                    }
                }
            } else {
                doneC[std::size_t(bj)] = 1;
                if (demand[bj] > kMassEpsilon) {
                    const double d = best + std::max(0.0, pc[bj] - pt);
                    if (d < dt) dt = d, last = bj;
                }
                for (Eigen::Index i = 0; i < n; ++i) {
                    if (doneR[std::size_t(i)] || !(flow(i, bj) > kMassEpsilon)) continue;
                    const double d = best + std::max(0.0, -cost(i, bj) - pr[i] + pc[bj]);
                    if (d < dr[std::size_t(i)]) {
                        dr[std::size_t(i)] = d;
                        prevOfRow[std::size_t(i)] = bj;
                    }
                }
            }
        }
        if (last < 0) {
            // The demand is used up: what supply is left is the rounding of the two totals.
            if (supply.sum() < 1e-9) break;
            return Error{"transport: no augmenting path (internal error)"};
        }
        // The bottleneck: the source row's supply, the last column's demand, and every reverse edge.
        double delta = demand[last];
        Eigen::Index j = last, i = prevOfCol[std::size_t(j)];
        for (;;) {
            const Eigen::Index back = prevOfRow[std::size_t(i)];
            if (back < 0) break;
            delta = std::min(delta, flow(i, back));
            j = back;
            i = prevOfCol[std::size_t(j)];
        }
        delta = std::min(delta, supply[i]);
        supply[i] -= delta;
        demand[last] -= delta;
        j = last;
        i = prevOfCol[std::size_t(j)];
        for (;;) {
            flow(i, j) += delta;
            const Eigen::Index back = prevOfRow[std::size_t(i)];
            if (back < 0) break;
            flow(i, back) -= delta;
            if (flow(i, back) <= kMassEpsilon) flow(i, back) = 0.0;
            j = back;
            i = prevOfCol[std::size_t(j)];
        }
        // Johnson's update with distances capped at the sink's keeps every reduced cost ≥ 0.
        for (Eigen::Index r = 0; r < n; ++r) pr[r] += std::min(dr[std::size_t(r)], dt);
        for (Eigen::Index c = 0; c < m; ++c) pc[c] += std::min(dc[std::size_t(c)], dt);
        pt += dt;
    }
    out.plan = flow;
    // C_ij + pr_i − pc_j ≥ 0 with equality on the flow: u = −pr, v = pc are the dual potentials.
    out.u = -pr;
    out.v = pc;
    out.cost = (cost.array() * flow.array()).sum();
    return out;
}

std::string checkTransportOptimality(const Matrix& cost, const Vector& a, const Vector& b, const TransportPlan& p,
                                     double tolerance) {
    const Eigen::Index n = cost.rows(), m = cost.cols();
    if (p.plan.rows() != n || p.plan.cols() != m || p.u.size() != n || p.v.size() != m)
        return "the plan or its potentials have the wrong size";
    const double scale = std::max(1.0, cost.cwiseAbs().maxCoeff());
    const double tol = tolerance * scale;
    const Vector an = a / a.sum(), bn = b / b.sum();
    if (p.plan.minCoeff() < 0.0) return "the plan has a negative entry";
    if ((p.plan.rowwise().sum() - an).cwiseAbs().maxCoeff() > tolerance) return "a row marginal is off";
    if ((p.plan.colwise().sum().transpose() - bn).cwiseAbs().maxCoeff() > tolerance) return "a column marginal is off";
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < m; ++j) {
            const double slack = cost(i, j) - p.u[i] - p.v[j];
            if (slack < -tol) return "dual infeasible at (" + std::to_string(i) + ", " + std::to_string(j) + ")";
            if (p.plan(i, j) > 0.0 && slack > tol)
                return "complementary slackness fails at (" + std::to_string(i) + ", " + std::to_string(j) + ")";
        }
    }
    const double primal = (cost.array() * p.plan.array()).sum();
    const double dual = an.dot(p.u) + bn.dot(p.v);
    if (std::abs(primal - dual) > tol) return "the primal and dual values differ";
    return {};
}

}  // namespace flowlab::core
