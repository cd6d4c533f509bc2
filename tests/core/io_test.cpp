// CSV, JSON numbers and atomic writes: what the CLI and the file formats rest on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "common/rng.hpp"
#include "io/csv.hpp"
#include "io/file_io.hpp"
#include "io/json.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::Points;

/// Doubles that stress a text round trip: random bits, tiny, huge, negative zero, integers.
std::vector<double> awkwardDoubles() {
    std::vector<double> v = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 1e-300, 4.9e-324, 1.7976931348623157e308,
                             123456789012345678.0, 1e15, 1e15 + 1.0, -2.5e-8};
    core::Rng rng(1);
    for (int i = 0; i < 200; ++i) {
        std::uint64_t bits = rng.engine()();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(d)) v.push_back(d);
    }
    return v;
}

TEST(Csv, formatThenParse_isBitIdentical) {
    const auto values = awkwardDoubles();
    Points p(static_cast<Eigen::Index>(values.size()), 1);
    for (std::size_t i = 0; i < values.size(); ++i) p(static_cast<Eigen::Index>(i), 0) = values[i];
    const auto t = core::parseCsv(core::formatCsv({"v"}, p));
    ASSERT_TRUE(t.ok()) << t.message();
    ASSERT_EQ(t->values.rows(), p.rows());
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
        EXPECT_EQ(std::signbit(t->values(i, 0)), std::signbit(p(i, 0)));
        EXPECT_EQ(t->values(i, 0), p(i, 0)) << i;
    }
}

TEST(Csv, malformedTextIsRefusedWithTheLineNumber) {
    const struct {
        std::string text, expect;
    } cases[] = {
        {"", "empty"},
        {"1,2\n3,4\n", "header"},
        {"x,y\n1,2\n3\n", "line 3: 1 columns, expected 2"},
        {"x,y\n1,2,3\n", "line 2: 3 columns"},
        {"x,y\n1,abc\n", "line 2: 'abc' is not a number"},
        {"x,y\n1,nan\n", "not a finite number"},
        {"x,y\n1,inf\n", "not a finite number"},
        {"x,y\n1,\n", "'' is not a number"},
        {"x,,y\n", "empty column name"},
        {"x,y\n1,2x\n", "'2x' is not a number"},
    };
    for (const auto& c : cases) {
        const auto t = core::parseCsv(c.text);
        ASSERT_FALSE(t.ok()) << c.text;
        EXPECT_NE(t.message().find(c.expect), std::string::npos) << t.message();
    }
    // Blank lines, spaces and Windows line ends are tolerated.
    const auto t = core::parseCsv("x, y\r\n\r\n 1 , 2\r\n\n3,4\n");
    ASSERT_TRUE(t.ok()) << t.message();
    EXPECT_EQ(t->header, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(t->values.rows(), 2);
    EXPECT_EQ(t->values(1, 1), 4.0);
}

TEST(Csv, readPointsChecksTheNumberOfColumnsAndRows) {
    test::TempDir dir;
    test::writeText(dir.file("three.csv"), "x0,x1,x2\n1,2,3\n");
    test::writeText(dir.file("header.csv"), "x,y\n");
    EXPECT_TRUE(core::readPointsCsv(dir.file("three.csv"), 3).ok());
    const auto wrong = core::readPointsCsv(dir.file("three.csv"), 2);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.message().find("expected 2 coordinate columns"), std::string::npos) << wrong.message();
    const auto empty = core::readPointsCsv(dir.file("header.csv"), 2);
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.message().find("no points"), std::string::npos) << empty.message();
    EXPECT_FALSE(core::readPointsCsv(dir.file("absent.csv"), 2).ok());
    EXPECT_EQ(core::coordinateNames(2), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(core::coordinateNames(3), (std::vector<std::string>{"x0", "x1", "x2"}));
}

TEST(Json, numbersRoundTripBitForBit) {
    core::JsonValue arr(core::JsonValue::Array{});
    const auto values = awkwardDoubles();
    for (const double d : values) arr.push(d);
    for (const int indent : {0, 2}) {
        const auto parsed = core::parseJson(arr.dump(indent));
        ASSERT_TRUE(parsed.ok()) << parsed.message();
        ASSERT_EQ(parsed->asArray().size(), values.size());
        for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(parsed->asArray()[i].asNumber(), values[i]) << i;
    }
}

TEST(Json, stringsAndStructureRoundTrip) {
    core::JsonValue root;
    root.set("text", "quote \" backslash \\ tab \t newline \n control \x01 unicode é ∇");
    root.set("flag", true);
    root.set("nothing", nullptr);
    root.set("nested", core::JsonValue(core::JsonValue::Array{1, "two", core::JsonValue::Array{}}));
    const auto parsed = core::parseJson(root.dump());
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    EXPECT_EQ(parsed->dump(), root.dump());
    EXPECT_EQ(parsed->find("text")->asString(), root.find("text")->asString());
    const auto escaped = core::parseJson(R"("\u00e9\ud83d\ude00")");
    ASSERT_TRUE(escaped.ok());
    EXPECT_EQ(escaped->asString(), "é😀");
}

TEST(Json, errorsGiveLineAndColumn) {
    const auto r = core::parseJson("{\n  \"a\": [1, 2,\n  }");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("line 3"), std::string::npos) << r.message();
    core::JsonLimits small;
    small.maxBytes = 4;
    EXPECT_FALSE(core::parseJson("[1,2,3]", small).ok());
}

TEST(FileIo, atomicWriteReplacesWholeFilesAndFailsCleanly) {
    test::TempDir dir;
    const std::string path = dir.file("out.txt");
    ASSERT_TRUE(core::writeFileAtomic(path, std::string(100000, 'a')).ok());
    ASSERT_TRUE(core::writeFileAtomic(path, "short").ok());
    EXPECT_EQ(test::readText(path), "short");
    // Into a missing folder, or "into" a regular file: errors naming the path, no file made.
    for (const std::string& bad : {dir.file("missing/out.txt"), path + "/inside.txt"}) {
        const auto st = core::writeFileAtomic(bad, "x");
        ASSERT_FALSE(st.ok()) << bad;
        EXPECT_NE(st.message().find(bad), std::string::npos) << st.message();
    }
    EXPECT_EQ(test::readText(path), "short");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1);
    // Reading refuses folders and oversized files.
    EXPECT_FALSE(core::readTextFile(dir.path(), 1000).ok());
    const auto big = core::readTextFile(path, 3);
    ASSERT_FALSE(big.ok());
    EXPECT_NE(big.message().find("too large"), std::string::npos);
}

}  // namespace
}  // namespace flowlab
