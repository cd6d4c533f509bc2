#pragma once

#include <Eigen/Core>

namespace flowlab::core {

/// A set of N points in d dimensions: one point per row (row-major, so a point is contiguous and
/// a CSV row maps to a matrix row).
using Points = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;

}  // namespace flowlab::core
