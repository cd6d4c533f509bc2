// The mixture JSON format: exact round trips, normalisation on load, and refusal of malformed
// or hostile files with a message (never a crash).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "common/rng.hpp"
#include "density/mixture_json.hpp"
#include "density/presets.hpp"
#include "io/json.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

using core::GaussianComponent;
using core::GaussianMixture;
using core::Matrix;
using core::Vector;

/// A 2D mixture whose numbers use all 53 bits: random weights, means and full covariances.
GaussianMixture randomMixture2d(std::uint64_t seed, int components) {
    core::Rng rng(seed);
    std::vector<GaussianComponent> comps;
    for (int k = 0; k < components; ++k) {
        GaussianComponent c;
        c.weight = 0.05 + rng.uniform();
        c.mean = Vector(2);
        c.mean << 20.0 * rng.uniform() - 10.0, 1e-3 * rng.normal();
        Matrix a(2, 2);
        a << rng.normal(), rng.normal(), rng.normal(), rng.normal();
        c.cov = a * a.transpose();
        if (k == 0) c.cov.setZero();  // a point mass too
        comps.push_back(std::move(c));
    }
    return std::move(GaussianMixture::create(2, std::move(comps))).value();
}

void expectBitIdentical(const GaussianMixture& a, const GaussianMixture& b) {
    ASSERT_EQ(a.dim(), b.dim());
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a.component(k).weight, b.component(k).weight) << "component " << k;
        EXPECT_EQ(a.component(k).mean, b.component(k).mean) << "component " << k;
        EXPECT_EQ(a.component(k).cov, b.component(k).cov) << "component " << k;
    }
}

core::Result<GaussianMixture> fromText(const std::string& text) {
    auto json = core::parseJson(text);
    if (!json) return json.error();
    return core::mixtureFromJson(*json);
}

TEST(MixtureJson, saveThenLoad_isBitIdentical) {
    test::TempDir dir;
    std::vector<GaussianMixture> mixtures = {randomMixture2d(1, 7), randomMixture2d(2, 40), test::isotropicMixture(3, 4),
                                             test::isotropicMixture(7, 5)};
    for (const auto& name : core::presetNames()) mixtures.push_back(test::preset(name));
    for (std::size_t i = 0; i < mixtures.size(); ++i) {
        const std::string path = dir.file("m" + std::to_string(i) + ".json");
        ASSERT_TRUE(core::saveMixtureFile(mixtures[i], path).ok());
        const auto loaded = core::loadMixtureFile(path);
        ASSERT_TRUE(loaded.ok()) << loaded.message();
        expectBitIdentical(mixtures[i], *loaded);
        // And in memory, through the text.
        const auto again = fromText(core::mixtureToJson(mixtures[i]).dump());
        ASSERT_TRUE(again.ok());
        expectBitIdentical(mixtures[i], *again);
    }
}

TEST(MixtureJson, weightsAreNormalisedOnLoadAndDefaultsApply) {
    const auto m = fromText(R"({"dim":2,"components":[
        {"weight":1,"mean":[0,0],"cov":[[1,0],[0,1]]},
        {"weight":3,"mean":[1,2],"cov":0.5},
        {"weight":0,"mean":[5,5]}]})");
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_DOUBLE_EQ(m->component(0).weight, 0.25);
    EXPECT_DOUBLE_EQ(m->component(1).weight, 0.75);
    EXPECT_EQ(m->component(2).weight, 0.0);
    EXPECT_EQ(m->component(1).cov, 0.5 * Matrix::Identity(2, 2));  // a number means c·I
    EXPECT_EQ(m->component(2).cov, Matrix::Zero(2, 2));             // absent means a point mass
    const auto equal = fromText(R"({"dim":1,"components":[{"mean":[0]},{"mean":[1]}]})");
    ASSERT_TRUE(equal.ok());
    EXPECT_DOUBLE_EQ(equal->component(0).weight, 0.5);  // absent weights are equal
}

struct BadCase {
    std::string name;
    std::string text;
    std::string expect;  ///< a fragment the message must contain
};

TEST(MixtureJson, malformedDocumentsAreRefusedWithAMessage) {
    const std::string ok = R"({"weight":1,"mean":[0,0],"cov":[[1,0],[0,1]]})";
    const std::vector<BadCase> cases = {
        {"NaN literal", R"({"dim":2,"components":[{"weight":NaN,"mean":[0,0]}]})", "must be finite"},
        {"Infinity literal", R"({"dim":2,"components":[{"mean":[Infinity,0]}]})", "must be finite"},
        {"negative Infinity", R"({"dim":2,"components":[{"mean":[-Infinity,0]}]})", "malformed number"},
        {"overflowing number", R"({"dim":2,"components":[{"mean":[1e999,0]}]})", "out of range"},
        {"negative weight", R"({"dim":2,"components":[{"weight":-1,"mean":[0,0]}]})", "weight"},
        {"string weight", R"({"dim":2,"components":[{"weight":"1","mean":[0,0]}]})", "weight must be a number"},
        {"all weights zero", R"({"dim":2,"components":[{"weight":0,"mean":[0,0]}]})", "positive"},
        {"mean too short", R"({"dim":2,"components":[{"mean":[0]}]})", "expected 2"},
        {"mean not numbers", R"({"dim":2,"components":[{"mean":[0,"x"]}]})", "only numbers"},
        {"cov wrong shape", R"({"dim":2,"components":[{"mean":[0,0],"cov":[[1,0]]}]})", "cov"},
        {"cov row too long", R"({"dim":2,"components":[{"mean":[0,0],"cov":[[1,0,0],[0,1,0]]}]})", "cov row"},
        {"cov not PSD", R"({"dim":2,"components":[{"mean":[0,0],"cov":[[1,2],[2,1]]}]})", "positive semi-definite"},
        {"cov not symmetric", R"({"dim":2,"components":[{"mean":[0,0],"cov":[[1,0.5],[0,1]]}]})", "symmetric"},
        {"negative variance", R"({"dim":2,"components":[{"mean":[0,0],"cov":-1}]})", "positive semi-definite"},
        {"anisotropic in 3D", R"({"dim":3,"components":[{"mean":[0,0,0],"cov":[[1,0,0],[0,2,0],[0,0,1]]}]})", "isotropic"},
        {"missing dim", R"({"components":[)" + ok + "]}", "dim"},
        {"fractional dim", R"({"dim":2.5,"components":[)" + ok + "]}", "whole number"},
        {"zero dim", R"({"dim":0,"components":[)" + ok + "]}", "whole number"},
        {"huge dim", R"({"dim":1e9,"components":[)" + ok + "]}", "whole number"},
        {"missing components", R"({"dim":2})", "components"},
        {"components not an array", R"({"dim":2,"components":{"a":1}})", "components"},
        {"empty components", R"({"dim":2,"components":[]})", "empty"},
        {"component not an object", R"({"dim":2,"components":[[0,0]]})", "must be an object"},
        {"missing mean", R"({"dim":2,"components":[{"weight":1}]})", "mean"},
        {"root is an array", R"([1,2,3])", "JSON object"},
        {"trailing text", R"({"dim":2,"components":[)" + ok + "]} x", "after the JSON value"},
        {"empty text", "", "unexpected end"},
        {"bad escape", R"({"dim":2,"components":[)" + ok + R"(],"note":"\q"})", "bad escape"},
    };
    for (const auto& c : cases) {
        const auto m = fromText(c.text);
        ASSERT_FALSE(m.ok()) << c.name;
        EXPECT_NE(m.message().find(c.expect), std::string::npos) << c.name << ": " << m.message();
    }
}

TEST(MixtureJson, everyTruncationOfAValidFileIsRefused) {
    const std::string full = core::mixtureToJson(randomMixture2d(3, 3)).dump();
    ASSERT_TRUE(fromText(full).ok());
    // Cutting anywhere before the closing brace leaves an incomplete document (a cut after the
    // brace only drops the final newline).
    const std::size_t lastBrace = full.rfind('}');
    for (std::size_t n = 0; n <= lastBrace; ++n) {
        const auto m = fromText(full.substr(0, n));
        ASSERT_FALSE(m.ok()) << "prefix of " << n << " bytes was accepted";
        EXPECT_FALSE(m.message().empty());
    }
}

TEST(MixtureJson, deepNestingIsRefusedNotAStackOverflow) {
    for (const std::string& open : {std::string("["), std::string("{\"a\":")}) {
        std::string text;
        for (int i = 0; i < 200000; ++i) text += open;
        const auto m = fromText(text);
        ASSERT_FALSE(m.ok());
        EXPECT_NE(m.message().find("nesting"), std::string::npos) << m.message();
    }
}

TEST(MixtureJson, aMillionComponentsAreRefused) {
    std::string text = R"({"dim":2,"components":[)";
    const std::string comp = R"({"mean":[0,0]},)";
    text.reserve(text.size() + comp.size() * 1000000);
    for (int i = 0; i < 1000000; ++i) text += comp;
    text.back() = ']';
    text += '}';
    const auto m = fromText(text);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.message().find("too many components"), std::string::npos) << m.message();
}

TEST(MixtureJson, fileErrorsNameTheFile) {
    test::TempDir dir;
    const auto missing = core::loadMixtureFile(dir.file("absent.json"));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.message().find("absent.json"), std::string::npos) << missing.message();
    const auto folder = core::loadMixtureFile(dir.path());
    ASSERT_FALSE(folder.ok());
    EXPECT_NE(folder.message().find("folder"), std::string::npos) << folder.message();
    test::writeText(dir.file("bad.json"), "{\"dim\":2,\n\"components\":[{\"mean\":[0,0]}");
    const auto bad = core::loadMixtureFile(dir.file("bad.json"));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("bad.json"), std::string::npos) << bad.message();
    EXPECT_NE(bad.message().find("line 2"), std::string::npos) << bad.message();
}

TEST(MixtureJson, saveIsAtomic) {
    test::TempDir dir;
    const std::string path = dir.file("m.json");
    ASSERT_TRUE(core::saveMixtureFile(test::preset("moons"), path).ok());
    ASSERT_TRUE(core::saveMixtureFile(test::preset("8gaussians"), path).ok());  // replaces
    expectBitIdentical(*core::loadMixtureFile(path), test::preset("8gaussians"));
    // A folder that does not exist: an error, and nothing is created.
    const std::string unwritable = dir.file("no-such-folder/m.json");
    const auto st = core::saveMixtureFile(test::preset("moons"), unwritable);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("m.json"), std::string::npos) << st.message();
    // Only the one file remains: no temporary left behind.
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        ++files;
        EXPECT_EQ(e.path().filename(), "m.json");
    }
    EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace flowlab
