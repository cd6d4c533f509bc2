#include "io/csv.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

#include "io/file_io.hpp"
#include "io/message_text.hpp"

namespace flowlab::core {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> splitComma(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (const char c : line) {
        if (c == ',') {
            out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(trim(cur));
    return out;
}

}  // namespace

Result<CsvTable> parseCsv(const std::string& text) {
    CsvTable table;
    // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name.
    static const std::string kBom = "\xEF\xBB\xBF";
    std::istringstream in(text.compare(0, kBom.size(), kBom) == 0 ? text.substr(kBom.size()) : text);
    std::string line;
    std::size_t lineNo = 0;
    std::vector<double> values;
    Eigen::Index rows = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (trim(line).empty()) continue;
        auto cells = splitComma(line);
        if (table.header.empty()) {
            for (auto& c : cells) {
                if (c.empty()) return Error{"line " + std::to_string(lineNo) + ": empty column name in header"};
                char* end = nullptr;
                std::strtod(c.c_str(), &end);
                if (end == c.c_str() + c.size()) {
                    return Error{"line " + std::to_string(lineNo) +
                                 ": the first line must be a header of column names (e.g. x,y), not numbers"};
                }
            }
            table.header = std::move(cells);
            continue;
        }
        if (cells.size() != table.header.size()) {
            return Error{"line " + std::to_string(lineNo) + ": " + std::to_string(cells.size()) + " columns, expected " +
                         std::to_string(table.header.size())};
        }
        for (const auto& c : cells) {
            char* end = nullptr;
            const double v = std::strtod(c.c_str(), &end);
            if (c.empty() || end != c.c_str() + c.size()) {
                return Error{"line " + std::to_string(lineNo) + ": '" + shownToken(c) + "' is not a number"};
            }
            if (!std::isfinite(v)) {
                return Error{"line " + std::to_string(lineNo) + ": '" + shownToken(c) + "' is not a finite number"};
            }
            values.push_back(v);
        }
        ++rows;
    }
    if (table.header.empty()) return Error{"the CSV is empty (expected a header line)"};
    const auto cols = static_cast<Eigen::Index>(table.header.size());
    table.values = Eigen::Map<Points>(values.data(), rows, cols);
    return table;
}

Result<CsvTable> readCsvFile(const std::string& path) {
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        auto r = readTextFile(path, std::size_t(1) << 30);
        if (!r) return r.error();
        text = std::move(r.value());
    }
    auto t = parseCsv(text);
    if (!t) return Error{path + ": " + t.message()};
    return t;
}

Result<Points> readPointsCsv(const std::string& path, int expectedDim) {
    auto t = readCsvFile(path);
    if (!t) return t.error();
    if (static_cast<int>(t->header.size()) != expectedDim) {
        return Error{path + ": expected " + std::to_string(expectedDim) + " coordinate columns, found " +
                     std::to_string(t->header.size())};
    }
    if (t->values.rows() == 0) return Error{path + ": no points (only a header)"};
    return std::move(t->values);
}

std::string formatCsv(const std::vector<std::string>& header, const Points& values) {
    std::string out;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i) out += ',';
        out += header[i];
    }
    out += '\n';
    char buf[40];
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
        for (Eigen::Index c = 0; c < values.cols(); ++c) {
            if (c) out += ',';
            std::snprintf(buf, sizeof buf, "%.17g", values(r, c));
            out += buf;
        }
        out += '\n';
    }
    return out;
}

std::vector<std::string> coordinateNames(int dim) {
    if (dim == 2) return {"x", "y"};
    std::vector<std::string> n;
    for (int i = 0; i < dim; ++i) n.push_back("x" + std::to_string(i));
    return n;
}

}  // namespace flowlab::core
