// Issue 16, "every input refused honestly": the hostile inputs that once ended with a wrong
// result, a bad message, debris or memory exhaustion (the corpus is tests/corpus/hostile/), each
// now refused with a clear one-line error (exit 2) or handled correctly.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <zlib.h>

#include "cli_runner.hpp"
#include "image/image_decoder.hpp"
#include "io/checksum.hpp"
#include "io/csv.hpp"
#include "io/json.hpp"
#include "net/checkpoint.hpp"
#include "scene/scene.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::runCli;

std::string corpus(const std::string& rel) { return std::string(FLOWLAB_SOURCE_DIR) + "/tests/corpus/hostile/" + rel; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The number of lines of `text` (a trailing newline ends the last one).
int lineCount(const std::string& text) {
    int n = 0;
    for (char c : text) n += c == '\n';
    return n + (!text.empty() && text.back() != '\n');
}

class Hostile : public ::testing::Test {
protected:
    test::TempDir m_dir;
    std::string file(const std::string& name) const { return m_dir.file(name); }

    /// A small model of the default scene (b), trained once per test that needs it.
    std::string smallModel() const {
        const std::string path = file("small.flm");
        if (!fs::exists(path)) {
            const CliRun r = runCli({"train", "--steps", "10", "--width", "8", "--depth", "1", "--threads", "1",
                                     "--progress-every", "10", "--out", path},
                                    m_dir);
            EXPECT_EQ(r.status, 0) << r.err;
        }
        return path;
    }
};

// --- images -----------------------------------------------------------------------------

TEST_F(Hostile, pngWithTooFewRows_isRefusedAsTruncated) {
    auto r = core::decodeImageFile(corpus("images/truncated-rows.png"));
    ASSERT_FALSE(r.ok()) << "32 of 64 rows accepted (the rest black)";
    EXPECT_TRUE(contains(r.message(), "32 of 64 rows")) << r.message();
}

TEST_F(Hostile, pngWithBadFilterByte_saysSo) {
    auto r = core::decodeImageFile(corpus("images/bad-filter.png"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.message(), "row 5 of 16 has filter type 7")) << r.message();
}

TEST_F(Hostile, palettePngWithoutPlte_saysSo) {
    auto r = core::decodeImageFile(corpus("images/palette-no-plte.png"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.message(), "without a PLTE chunk")) << r.message();
}

/// A grey PNG of `side` × `side` pixels, all 128 (compresses to about 100 kB at 10 000²).
std::string greyPng(std::uint32_t side) {
    auto be = [](std::uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    auto chunk = [&](const std::string& type, const std::string& data) {
        const std::string td = type + data;
        return be(std::uint32_t(data.size())) + td +
               be(std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(td.data()), uInt(td.size()))));
    };
    std::string row(side + 1, char(128));
    row[0] = 0;
    z_stream z{};
    deflateInit(&z, 9);
    std::string idat, buf(1 << 16, '\0');
    for (std::uint32_t r = 0; r <= side; ++r) {
        z.next_in = reinterpret_cast<Bytef*>(row.data());
        z.avail_in = r < side ? uInt(row.size()) : 0;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf.data());
            z.avail_out = uInt(buf.size());
            deflate(&z, r < side ? Z_NO_FLUSH : Z_FINISH);
            idat.append(buf.data(), buf.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    const std::string ihdr = be(side) + be(side) + std::string{8, 0, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", "");
}

TEST_F(Hostile, pngAtTheDocumentedPixelLimit_loads) {
    test::writeText(file("10k.png"), greyPng(10000));  // 10⁸ pixels: kMaxImagePixels exactly
    auto r = core::decodeImageFile(file("10k.png"));
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->sourceWidth, 10000);
    EXPECT_TRUE(r->downsampled);
    EXPECT_NEAR(r->intensityAt(r->width / 2, r->height / 2), 128.0 / 255.0, 1e-9);
}

TEST_F(Hostile, invertedAllWhiteImage_isAnEmptyDrawing) {
    test::writeText(file("p.csv"), "x,y\n0,0\n");
    const CliRun r = runCli({"field", "--t", "0.5", "--what", "b", "--points", file("p.csv"), "--target",
                             "image:" + corpus("images/all-white.png") + "?invert&contrast=0.01"},
                            m_dir);
    EXPECT_EQ(r.status, 2) << r.out.substr(0, 200);
    EXPECT_TRUE(contains(r.err, "the drawing is empty")) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_F(Hostile, imageSizeOption_namesTheRangeAndTheValue) {
    test::writeText(file("p.csv"), "x,y\n0,0\n");
    const CliRun r = runCli({"field", "--t", "0.5", "--what", "b", "--points", file("p.csv"), "--target",
                             "image:" + corpus("images/all-white.png") + "?size=1e9"},
                            m_dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "1e+09")) << r.err;
    EXPECT_FALSE(contains(r.err, "must be positive")) << r.err;
}

// --- messages ---------------------------------------------------------------------------

TEST_F(Hostile, hugeToken_isCutInTheMessage) {
    const std::string huge(100000, '7');
    const CliRun r = runCli({"sample", "--n", huge + "x", "--out", file("s.csv")}, m_dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_LT(r.err.size(), 300u) << r.err.substr(0, 300);
    EXPECT_TRUE(contains(r.err, "100001 characters")) << r.err.substr(0, 300);
    // A huge CSV cell likewise.
    test::writeText(file("cell.csv"), "x,y\n" + huge + "z,0\n");
    const CliRun c = runCli({"field", "--t", "0.5", "--what", "b", "--points", file("cell.csv")}, m_dir);
    EXPECT_EQ(c.status, 2);
    EXPECT_LT(c.err.size(), 300u) << c.err.substr(0, 300);
}

TEST_F(Hostile, rangeMessage_printsValueAndBoundSoTheyDiffer) {
    test::writeText(file("g.json"), R"({"format": "flowlab-scene", "version": 1, "base": {"spec": "gaussian"},
        "target": {"spec": "moons"}, "interpolant": {"gamma": "brownian", "gammaA": 1e-13}})");
    auto s = core::loadSceneFile(file("g.json"));
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "gammaA = 1e-13 is outside [1e-12, 1e+06]")) << s.message();
}

TEST_F(Hostile, csvByteOrderMark_isNotPartOfTheColumnName) {
    auto t = core::readCsvFile(corpus("csv/bom.csv"));
    ASSERT_TRUE(t.ok()) << t.message();
    ASSERT_FALSE(t->header.empty());
    EXPECT_EQ(t->header[0], "x");
    const CliRun r = runCli({"metrics", "--a", corpus("csv/bom.csv"), "--b", corpus("csv/plain.csv")}, m_dir);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "energy_distance")) << r.out;
}

// --- output streams ---------------------------------------------------------------------

TEST_F(Hostile, metricsToAFullDevice_fails) {
    const std::string err = file("err.txt");
    const std::string cmd = std::string("'") + FLOWLAB_CLI_PATH + "' metrics --a '" + corpus("csv/plain.csv") + "' --b '" +
                            corpus("csv/bom.csv") + "' >/dev/full 2>'" + err + "'";
    const int st = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 2);
    EXPECT_TRUE(contains(test::readText(err), "cannot write to standard output")) << test::readText(err);
}

TEST_F(Hostile, emptyOut_isRefusedByFieldAndNll) {
    test::writeText(file("p.csv"), "x,y\n0,0\n");
    for (const char* cmd : {"field", "nll"}) {
        std::vector<std::string> args = {cmd, "--points", file("p.csv"), "--out", ""};
        if (std::string(cmd) == "field") args.insert(args.end(), {"--t", "0.5", "--what", "b"});
        const CliRun r = runCli(args, m_dir);
        EXPECT_EQ(r.status, 2) << cmd;
        EXPECT_TRUE(r.out.empty()) << cmd << " wrote to stdout: " << r.out;
        EXPECT_TRUE(contains(r.err, "'--out' has an empty value")) << r.err;
    }
}

// --- large inputs -----------------------------------------------------------------------

TEST_F(Hostile, metricsOnLargeSets_subsamplesSaysSoAndRepeats) {
    std::string a = "x,y\n", b = "x,y\n";
    for (int i = 0; i < 600; ++i) {
        a += std::to_string(i % 17 * 0.1) + "," + std::to_string(i % 5 * 0.3) + "\n";
        b += std::to_string(i % 13 * 0.1) + "," + std::to_string(i % 7 * 0.2) + "\n";
    }
    test::writeText(file("a.csv"), a);
    test::writeText(file("b.csv"), b);
    const std::vector<std::string> base = {"metrics", "--a", file("a.csv"), "--b", file("b.csv")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> v = base;
        v.insert(v.end(), extra.begin(), extra.end());
        return v;
    };
    const CliRun cut = runCli(with({"--max-rows", "100"}), m_dir);
    ASSERT_EQ(cut.status, 0) << cut.err;
    EXPECT_TRUE(contains(cut.err, "--a has 600 rows; using a random subset of 100 (seed 0")) << cut.err;
    EXPECT_EQ(runCli(with({"--max-rows", "100"}), m_dir).out, cut.out);  // seeded
    const CliRun exact = runCli(with({"--max-rows", "0"}), m_dir);
    ASSERT_EQ(exact.status, 0) << exact.err;
    EXPECT_FALSE(contains(exact.err, "subset")) << exact.err;
    EXPECT_NE(exact.out, cut.out);
    // The default leaves sets of up to 20 000 rows whole.
    EXPECT_EQ(runCli(base, m_dir).out, exact.out);
}

TEST_F(Hostile, nllOnManyPoints_printsProgress) {
    std::string pts = "x,y\n";
    for (int i = 0; i < 100000; ++i) pts += std::to_string((i % 200) * 0.01 - 1) + "," + std::to_string((i / 200 % 200) * 0.01 - 1) + "\n";
    test::writeText(file("many.csv"), pts);
    const CliRun r = runCli({"nll", "--points", file("many.csv"), "--solver", "euler", "--steps", "2", "--out",
                             file("nll.csv")},
                            m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "nll over 100000 points: 50%")) << r.err;
    EXPECT_TRUE(contains(r.err, "nll over 100000 points: 100%")) << r.err;
}

TEST_F(Hostile, trainBeyondTheMachinesMemory_isRefusedBeforeStarting) {
    const CliRun r = runCli({"train", "--width", "4096", "--depth", "32", "--batch", "1000000", "--out", file("big.flm")},
                            m_dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "this run needs about")) << r.err;
    EXPECT_TRUE(contains(r.err, "TB of memory")) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_FALSE(fs::exists(file("big.flm")));
}

// --- training ---------------------------------------------------------------------------

TEST_F(Hostile, divergingTraining_failsAndNeverSavesAsTrained) {
    const std::string out = file("diverged.flm");
    const CliRun r = runCli({"train", "--lr", "10", "--clip", "0", "--schedule", "constant", "--warmup", "0",
                             "--steps", "400", "--width", "32", "--depth", "2", "--threads", "1", "--out", out},
                            m_dir);
    EXPECT_EQ(r.status, 2) << r.out.substr(r.out.size() > 600 ? r.out.size() - 600 : 0);
    EXPECT_TRUE(contains(r.err, "diverge") || contains(r.err, "NaN") || contains(r.err, "non-finite")) << r.err;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_FALSE(fs::exists(out)) << "a diverged run was saved as the model";
    EXPECT_FALSE(contains(r.out, "model saved")) << r.out;
    // Whatever was kept beside it is a healthy model of a finished step, never the step-0 weights.
    if (fs::exists(out + ".last-good")) {
        auto kept = core::readCheckpoint(out + ".last-good");
        ASSERT_TRUE(kept.ok()) << kept.message();
        EXPECT_GT(kept->info.state.step, 0);
    }
}

// --- model files ------------------------------------------------------------------------

TEST_F(Hostile, fnv1a64_isTheStandardHash) {
    EXPECT_EQ(core::fnv1a64("", 0), 14695981039346656037ull);
    EXPECT_EQ(core::fnv1a64("a", 1), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(core::fnv1a64("foobar", 6), 0x85944171f73967e8ull);
}

TEST_F(Hostile, editedModelDescription_isRefused) {
    const std::string bytes = test::readText(smallModel());
    const std::size_t at = bytes.find("\"silu\"");
    ASSERT_NE(at, std::string::npos);
    std::string edited = bytes;
    edited.replace(at, 6, "\"relu\"");
    auto r = core::parseCheckpoint(edited, "edited.flm");
    ASSERT_FALSE(r.ok()) << "silu → relu loaded silently";
    EXPECT_TRUE(contains(r.message(), "checksum")) << r.message();
    // The trailer is the standard FNV-1a of everything before it.
    const std::string body = bytes.substr(0, bytes.size() - 25);
    EXPECT_EQ(bytes.substr(body.size()), "FNV1A64 " + core::hex64(core::fnv1a64(body.data(), body.size())) + "\n");
}

TEST_F(Hostile, formatOneModel_loadsWhenItsOldChecksumMatches) {
    // A version-1 file: the same header and weights, with the weights-only checksum of the old
    // rule (offset basis 1469598103934665603) inside the JSON and no trailer.
    const std::string v2 = test::readText(smallModel());
    const std::size_t line1 = v2.find('\n'), line2 = v2.find('\n', line1 + 1);
    const std::size_t jsonLen = std::stoull(v2.substr(line1 + 1, line2 - line1 - 1));
    std::string json = v2.substr(line2 + 1, jsonLen);
    const std::string binary = v2.substr(line2 + 1 + jsonLen, v2.size() - 25 - (line2 + 1 + jsonLen));
    auto header = core::parseJson(json);
    ASSERT_TRUE(header.ok());
    header->set("version", 1);
    header->set("checksum_fnv1a64", core::hex64(core::fnv1a64(binary.data(), binary.size(), 1469598103934665603ull)));
    json = header->dump(1);
    const std::string v1 = "FLOWLAB-MODEL 1\n" + std::to_string(json.size()) + "\n" + json + binary;
    auto r = core::parseCheckpoint(v1, "old.flm");
    ASSERT_TRUE(r.ok()) << r.message();
    std::string damaged = v1;
    damaged[damaged.size() - 5] = static_cast<char>(damaged[damaged.size() - 5] ^ 0x20);
    auto d = core::parseCheckpoint(damaged, "old.flm");
    ASSERT_FALSE(d.ok());
    EXPECT_TRUE(contains(d.message(), "checksum")) << d.message();
}

// --- debris -----------------------------------------------------------------------------

/// A PID that belonged to a process that has ended.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int st = 0;
    ::waitpid(child, &st, 0);
    return child;
}

TEST_F(Hostile, staleTemporariesOfDeadProcesses_areRemovedAtTheNextWrite) {
    const std::string dead = std::to_string(deadPid());
    const std::string live = std::to_string(::getpid());
    test::writeText(file("s.csv.tmp-" + dead + "-123"), "half a file");
    fs::create_directory(file(".frames.flowlab-part-" + dead + "-77"));
    test::writeText(file(".frames.flowlab-part-" + dead + "-77/frame-0001.png"), "x");
    test::writeText(file("s.csv.tmp-" + live + "-456"), "being written by a live process");
    test::writeText(file("notes.tmp-abc"), "not ours");
    const CliRun r = runCli({"sample", "--n", "10", "--steps", "2", "--out", file("s.csv")}, m_dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(fs::exists(file("s.csv.tmp-" + dead + "-123")));
    EXPECT_FALSE(fs::exists(file(".frames.flowlab-part-" + dead + "-77")));
    EXPECT_TRUE(fs::exists(file("s.csv.tmp-" + live + "-456")));
    EXPECT_TRUE(fs::exists(file("notes.tmp-abc")));
    EXPECT_TRUE(fs::exists(file("s.csv")));
}

TEST_F(Hostile, renderKilledWhileWriting_leavesNoTemporary) {
    const std::string out = file("killed.gif");
    const pid_t child = ::fork();
    if (child == 0) {
        ::execl(FLOWLAB_CLI_PATH, FLOWLAB_CLI_PATH, "render", "--out", out.c_str(), "--size", "640x360", "--fps", "20",
                "--seconds", "60", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Wait until the hidden temporary exists, then kill the export.
    bool started = false;
    for (int i = 0; i < 600 && !started; ++i) {
        for (const auto& e : fs::directory_iterator(m_dir.path()))
            if (e.path().filename().string().find(".flowlab-part-") != std::string::npos) started = true;
        if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(child, SIGTERM);
    int st = 0;
    ::waitpid(child, &st, 0);
    ASSERT_TRUE(started) << "the render never created its temporary";
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    for (const auto& e : fs::directory_iterator(m_dir.path()))
        EXPECT_EQ(e.path().filename().string().find(".flowlab-part-"), std::string::npos) << e.path();
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace flowlab
