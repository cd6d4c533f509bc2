#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::test {

/// The preset with this name (aborts the test binary on a typo: a programmer error).
core::GaussianMixture preset(const std::string& name);

/// Exact field for base → target with the given interpolant options (aborts when refused).
core::ExactField exactField(const std::string& base, const std::string& target,
                            const core::InterpolantOptions& options, int threads = 0);
core::ExactField exactField(core::GaussianMixture base, core::GaussianMixture target,
                            const core::InterpolantOptions& options, int threads = 0);

core::InterpolantOptions interpolantOptions(core::InterpolantFamily family,
                                            core::GammaKind gamma = core::GammaKind::Zero);

/// The interpolant built from valid options (aborts when refused).
core::Interpolant interpolant(const core::InterpolantOptions& options);

/// One interpolant configuration with a name usable in GoogleTest parameter names.
struct InterpolantCase {
    std::string name;
    core::InterpolantOptions options;
    bool oneSided() const;
};

/// Every family of docs/maths.md §2 and, for linear and trig, every γ (a-brownian with a = 2):
/// 17 configurations.
std::vector<InterpolantCase> allInterpolantCases();

/// A 2D mixture with three full-covariance components (correlated, elongated and rank-one).
core::GaussianMixture fullCovarianceMixture2d();

/// A mixture of four isotropic components in `dim` dimensions with variances 0.1, 0.5, 0 (a
/// point mass; `thirdVariance` when given) and 1, unequal weights and seeded means in [−3, 3]^dim.
core::GaussianMixture isotropicMixture(int dim, std::uint64_t seed, double thirdVariance = 0.0);

/// A data set as a mixture: `points` become equally weighted zero-covariance components.
core::GaussianMixture pointMasses(const core::Points& points);

/// Four well-separated 2D data points (±2, 0), (0, ±2).
core::Points separatedDataPoints2d();

/// Least-squares slope of log y against log x.
double logLogSlope(const std::vector<double>& x, const std::vector<double>& y);

/// Sample mean and its standard error (sd / √n) of a list of replicate values.
struct MeanAndError {
    double mean = 0.0;
    double standardError = 0.0;
    double sd = 0.0;
};
MeanAndError meanAndError(const std::vector<double>& values);

/// Largest row-wise Euclidean distance between two equally shaped point sets.
double maxRowDistance(const core::Points& a, const core::Points& b);

/// A fresh empty folder under the system's temporary folder (a unique mkdtemp name), removed
/// with its content on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    /// path() + "/" + name.
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    /// Names of the entries in the folder (hidden ones too), sorted.
    std::vector<std::string> entries() const;

private:
    std::string m_path;
};

/// Writes text to a file (test set-up; aborts on failure).
void writeText(const std::string& path, const std::string& text);
/// Reads a whole file (empty when absent).
std::string readText(const std::string& path);

}  // namespace flowlab::test
