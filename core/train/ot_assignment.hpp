#pragma once

#include <string>
#include <vector>

#include "common/types.hpp"

namespace flowlab::core {

/// A solution of the linear assignment problem min_π Σ_i C(i, π(i)) over permutations, with the
/// dual potentials that certify it (u_i + v_j ≤ C(i, j) everywhere, with equality on the pairs).
struct Assignment {
    std::vector<int> columnOf;  ///< π: row i is paired with column columnOf[i]
    std::vector<double> u;      ///< row potentials
    std::vector<double> v;      ///< column potentials
    double cost = 0.0;          ///< Σ_i C(i, π(i))
};

/// The squared Euclidean cost C(i, j) = ‖a_i − b_j‖² of two equally sized point sets.
Matrix squaredDistanceCost(const Points& a, const Points& b);

/// Exact minimum-cost assignment of a square cost matrix by the Hungarian method with
/// potentials (Jonker–Volgenant shortest augmenting paths), O(n³): 512 × 512 in a few
/// hundredths of a second. The cost must be finite.
Assignment solveAssignment(const Matrix& cost);

/// Checks that `a` is an optimal assignment of `cost` by LP duality: π is a permutation, the
/// potentials are dual feasible and complementary slackness holds on π, each to `tolerance`
/// times the largest |C(i, j)|. Then no permutation is cheaper by more than n · tolerance ·
/// max|C|. Empty when optimal, else what fails.
std::string checkAssignmentOptimality(const Matrix& cost, const Assignment& a, double tolerance = 1e-9);

}  // namespace flowlab::core
