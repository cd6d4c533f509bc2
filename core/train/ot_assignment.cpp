#include "train/ot_assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowlab::core {

Matrix squaredDistanceCost(const Points& a, const Points& b) {
    const Eigen::Index n = a.rows(), m = b.rows();
    Matrix c(n, m);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < m; ++j) c(i, j) = (a.row(i) - b.row(j)).squaredNorm();
    return c;
}

Assignment solveAssignment(const Matrix& cost) {
    const int n = static_cast<int>(cost.rows());
    const double inf = std::numeric_limits<double>::infinity();
    // 1-based with a virtual column 0 that holds the row being inserted (the classic layout).
    std::vector<double> u(static_cast<std::size_t>(n) + 1, 0.0), v(static_cast<std::size_t>(n) + 1, 0.0);
    std::vector<int> rowOfColumn(static_cast<std::size_t>(n) + 1, 0), way(static_cast<std::size_t>(n) + 1, 0);
    std::vector<double> minv(static_cast<std::size_t>(n) + 1);
    std::vector<char> used(static_cast<std::size_t>(n) + 1);
    // Row-major copy: the inner loop runs along one row of the cost.
    std::vector<double> rows(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) rows[static_cast<std::size_t>(i) * n + j] = cost(i, j);
    // Column reduction (Jonker–Volgenant's start): v_j = min_i C(i, j) keeps the duals feasible
    // and gives most rows a zero-reduced-cost free column, so their search ends at once.
    for (int j = 1; j <= n; ++j) v[static_cast<std::size_t>(j)] = cost.col(j - 1).minCoeff();
    for (int i = 1; i <= n; ++i) {
        rowOfColumn[0] = i;
        int j0 = 0;
        std::fill(minv.begin(), minv.end(), inf);
        std::fill(used.begin(), used.end(), 0);
        // Dijkstra on reduced costs from row i until a free column is reached.
        do {
            used[static_cast<std::size_t>(j0)] = 1;
            const int i0 = rowOfColumn[static_cast<std::size_t>(j0)];
            const double* row = rows.data() + static_cast<std::size_t>(i0 - 1) * n - 1;  // row[j], j = 1..n
            const double ui0 = u[static_cast<std::size_t>(i0)];
            double delta = inf;
            int j1 = 0;
            for (int j = 1; j <= n; ++j) {
                const auto jj = static_cast<std::size_t>(j);
                if (used[jj]) continue;
                const double cur = row[j] - ui0 - v[jj];
                if (cur < minv[jj]) {
                    minv[jj] = cur;
                    way[jj] = j0;
                }
                if (minv[jj] < delta) {
                    delta = minv[jj];
                    j1 = j;
                }
            }
            for (int j = 0; j <= n; ++j) {
                const auto jj = static_cast<std::size_t>(j);
                if (used[jj]) {
                    u[static_cast<std::size_t>(rowOfColumn[jj])] += delta;
                    v[jj] -= delta;
                } else {
                    minv[jj] -= delta;
                }
            }
            j0 = j1;
        } while (rowOfColumn[static_cast<std::size_t>(j0)] != 0);
        // Augment along the path back to the virtual column.
        do {
            const int j1 = way[static_cast<std::size_t>(j0)];
            rowOfColumn[static_cast<std::size_t>(j0)] = rowOfColumn[static_cast<std::size_t>(j1)];
            j0 = j1;
        } while (j0 != 0);
    }
    Assignment a;
    a.columnOf.assign(static_cast<std::size_t>(n), -1);
    a.u.assign(u.begin() + 1, u.end());
    a.v.assign(v.begin() + 1, v.end());
    for (int j = 1; j <= n; ++j) a.columnOf[static_cast<std::size_t>(rowOfColumn[static_cast<std::size_t>(j)] - 1)] = j - 1;
    for (int i = 0; i < n; ++i) a.cost += cost(i, a.columnOf[static_cast<std::size_t>(i)]);
    return a;
}

std::string checkAssignmentOptimality(const Matrix& cost, const Assignment& a, double tolerance) {
    const auto n = static_cast<std::size_t>(cost.rows());
    if (cost.rows() != cost.cols()) return "the cost matrix is not square";
    if (a.columnOf.size() != n || a.u.size() != n || a.v.size() != n) return "the assignment has the wrong size";
    std::vector<char> seen(n, 0);
    for (int j : a.columnOf) {
        if (j < 0 || static_cast<std::size_t>(j) >= n || seen[static_cast<std::size_t>(j)])
            return "the assignment is not a permutation";
        seen[static_cast<std::size_t>(j)] = 1;
    }
    const double tol = tolerance * std::max(1.0, cost.cwiseAbs().maxCoeff());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double slack = cost(Eigen::Index(i), Eigen::Index(j)) - a.u[i] - a.v[j];
            if (slack < -tol)
                return "dual infeasible at (" + std::to_string(i) + ", " + std::to_string(j) + "): reduced cost " +
                       std::to_string(slack);
        }
        const auto j = static_cast<std::size_t>(a.columnOf[i]);
        const double slack = cost(Eigen::Index(i), Eigen::Index(j)) - a.u[i] - a.v[j];
        if (std::abs(slack) > tol)
            return "complementary slackness fails on pair (" + std::to_string(i) + ", " + std::to_string(j) +
                   "): reduced cost " + std::to_string(slack);
    }
    return {};
}

}  // namespace flowlab::core
