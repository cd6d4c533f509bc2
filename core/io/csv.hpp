#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// A numeric table with a header, as FlowLab's CLI reads and writes it.
struct CsvTable {
    std::vector<std::string> header;
    Points values;  ///< one row per data line
};

/// Parses CSV text: a header line, then rows of finite numbers with as many columns. Blank lines
/// are skipped. Errors name the line ("line 7: 'abc' is not a number").
Result<CsvTable> parseCsv(const std::string& text);

/// Reads a CSV file ("-" reads standard input); refuses files over 1 GiB.
Result<CsvTable> readCsvFile(const std::string& path);

/// Reads points: a CSV whose header names d coordinate columns (x,y in 2D, or x0..x{d−1}).
/// Extra columns are an error so that a mix-up is noticed.
Result<Points> readPointsCsv(const std::string& path, int expectedDim);

/// Formats a table with full double precision (17 significant digits).
std::string formatCsv(const std::vector<std::string>& header, const Points& values);

/// Column names for points of dimension d: {"x","y"} in 2D, else x0, x1, ...
std::vector<std::string> coordinateNames(int dim);

}  // namespace flowlab::core
