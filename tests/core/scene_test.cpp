// Scene files (issue 5): round trip, and refusal of malformed or hostile files without a crash.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "density/presets.hpp"
#include "io/file_io.hpp"
#include "scene/density_spec.hpp"
#include "scene/scene.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

fs::path tempDir() {
    const fs::path d = fs::temp_directory_path() / ("flowlab_scene_test_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

core::Scene richScene() {
    core::Scene s;
    s.title = "round trip ✓ \"quoted\"";
    s.base = core::DensitySource::fromSpec("moons");
    s.base.maxComponents = 32;
    core::Raster r = core::Raster::zeros(5, 3, -2.5, 2.5, -1.5, 1.5);
    r.at(1, 1) = 0.1 + 1e-17;
    r.at(4, 2) = 1.0 / 3.0;
    s.target = core::DensitySource::fromRaster(r);
    s.target.conversion.maxComponents = 7;
    s.target.name = "Drawing 2";
    // Every parameter away from its default, so a field the file forgets shows.
    core::InterpolantOptions& io = s.method.interpolant;
    io.family = core::InterpolantFamily::Trig;
    io.gamma = core::GammaKind::ABrownian;
    io.gammaA = 0.3;
    io.sigmaMin = 0.02;
    io.vpBetaMin = 0.25;
    io.vpBetaMax = 12.5;
    io.veSigmaMin = 0.03;
    io.veSigmaMax = 7.0;
    s.method.fieldMode = core::FieldMode::Learned;
    s.method.solver = core::SolverKind::StochasticHeun;
    s.method.epsilon = 0.7;
    s.method.epsilonKind = core::EpsilonKind::Taper;
    s.method.epsilonTaper = 0.1;
    s.method.langevinSteps = 2;
    s.method.snr = 0.2;
    s.run.steps = 321;
    s.run.particles = 1234;
    s.run.seed = 99;
    s.run.direction = core::Direction::Encode;
    s.camera.centerX = 0.25;
    s.camera.halfHeight = 3.5;
    s.view.set("theme", "dark");
    s.view.set("layers", core::JsonValue::Array{"particles", "heatmap"});
    return s;
}

TEST(Scene, saveThenLoad_isIdentical) {
    const fs::path file = tempDir() / "round.json";
    const core::Scene s = richScene();
    ASSERT_TRUE(core::saveSceneFile(s, file.string()).ok());
    auto loaded = core::loadSceneFile(file.string());
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    // Serialising the loaded scene gives the same text: every field survived exactly.
    EXPECT_EQ(core::sceneToJson(*loaded).dump(), core::sceneToJson(s).dump());
    EXPECT_EQ(loaded->target.raster.values, s.target.raster.values);
    EXPECT_EQ(loaded->run.steps, 321);
    // Each part of the scene model compares equal: nothing of the method or the run is lost.
    EXPECT_TRUE(loaded->method == s.method);
    EXPECT_TRUE(loaded->run == s.run);
    EXPECT_EQ(loaded->method.interpolant.vpBetaMax, 12.5);
    EXPECT_EQ(loaded->method.interpolant.veSigmaMin, 0.03);
    EXPECT_EQ(loaded->folder, file.parent_path().string());
    // The densities part is the window's SceneDensities: it compares equal as a whole too.
    EXPECT_TRUE(loaded->densities() == s.densities());
    EXPECT_EQ(loaded->target.name, "Drawing 2");
    EXPECT_TRUE(loaded->settings() == s.settings());
}

// The one density model's equality sees every part that changes the density or its caption,
// and nothing else (the conversion's error-estimate sample count does not change the mixture).
TEST(Scene, densitySourceEquality_seesEveryPartThatMatters) {
    const core::Scene s = richScene();
    const core::DensitySource raster = s.target;
    EXPECT_TRUE(raster == s.target);
    auto changed = [&](auto edit) {
        core::DensitySource d = raster;
        edit(d);
        return d != raster;
    };
    EXPECT_TRUE(changed([](core::DensitySource& d) { d.raster.values[3] += 1e-15; }));
    EXPECT_TRUE(changed([](core::DensitySource& d) { d.raster.xMax += 0.5; }));
    EXPECT_TRUE(changed([](core::DensitySource& d) { d.conversion.maxComponents = 8; }));
    EXPECT_TRUE(changed([](core::DensitySource& d) { d.conversion.threshold = 0.1; }));
    EXPECT_TRUE(changed([](core::DensitySource& d) { d.name = "Drawing 3"; }));
    EXPECT_FALSE(changed([](core::DensitySource& d) { d.conversion.errorSamples = 7; }));
    core::DensitySource mixture = core::DensitySource::fromMixture(core::makePreset("8gaussians").value());
    core::DensitySource other = core::DensitySource::fromMixture(core::makePreset("8gaussians").value());
    EXPECT_TRUE(mixture == other);
    other.maxComponents = 4;
    EXPECT_TRUE(mixture != other);
    EXPECT_TRUE(mixture != core::DensitySource::fromMixture(core::makePreset("rings").value()));
    EXPECT_TRUE(core::DensitySource::fromSpec("moons") != core::DensitySource::fromSpec("rings"));
    EXPECT_TRUE(core::DensitySource::fromSpec("moons") != mixture);
    // A Scene's settings() and setSettings() carry every part of the model.
    core::Scene t;
    t.setSettings(s.settings());
    EXPECT_TRUE(t.settings() == s.settings());
    EXPECT_TRUE(t.densities() == s.densities());
}

TEST(Scene, shippedScenes_allLoadAndResolve) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(FLOWLAB_SOURCE_DIR) / "resources/scenes")) {
        if (entry.path().extension() != ".json") continue;
        ++count;
        auto s = core::loadSceneFile(entry.path().string());
        ASSERT_TRUE(s.ok()) << entry.path() << ": " << s.message();
        EXPECT_FALSE(s->title.empty()) << entry.path();
        if (s->kind == core::SceneKind::Images) continue;  // image_scene_test opens those
        auto r = core::resolveScene(*s);
        ASSERT_TRUE(r.ok()) << entry.path() << ": " << r.message();
        EXPECT_FALSE(s->title.empty()) << entry.path();
    }
    EXPECT_GE(count, 6);
}

TEST(Scene, sceneSpec_picksBaseOrTarget) {
    const fs::path file = tempDir() / "spec.json";
    core::Scene s;
    s.base = core::DensitySource::fromSpec("rings");
    s.target = core::DensitySource::fromSpec("spirals");
    ASSERT_TRUE(core::saveSceneFile(s, file.string()).ok());
    auto b = core::resolveDensitySpec("scene:" + file.string() + "#base");
    auto t = core::resolveDensitySpec("scene:" + file.string() + "#target");
    ASSERT_TRUE(b.ok() && t.ok());
    EXPECT_EQ(b->size(), 192u);
    EXPECT_EQ(t->size(), 256u);
    EXPECT_FALSE(core::resolveDensitySpec("scene:" + file.string() + "#middle").ok());
    EXPECT_FALSE(core::resolveDensitySpec("scene:" + file.string()).ok());
}

/// Each case: a scene text that must be refused, and a word the message must contain.
struct BadCase {
    const char* text;
    const char* mentions;
};

TEST(Scene, malformedFiles_areRefusedNamingTheProblem) {
    const BadCase cases[] = {
        {"", "end of input"},
        {"{", "truncated"},
        {"[]", "object"},
        {R"({"format":"flowlab-scene","version":2,"base":"gaussian","target":"moons"})", "version"},
        {R"({"format":"other","version":1})", "format"},
        {R"({"format":"flowlab-scene","version":1,"target":"moons"})", "base"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian"})", "target"},
        {R"({"format":"flowlab-scene","version":1,"base":{"spec":"gaussian","mixture":{}},"target":"moons"})", "exactly one"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","interpolant":{"family":"warp"}})", "warp"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","sampler":{"steps":1e300}})", "steps"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","sampler":{"particles":-5}})", "particles"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","sampler":{"epsilon":{"value":-1}}})", "value"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"mixture":{"dim":2,"components":[{"weight":-1,"mean":[0,0]}]}}})", "weight"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"mixture":{"dim":2,"components":[{"weight":1,"mean":[0]}]}}})", "mean"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"mixture":{"dim":2,"components":[{"weight":1,"mean":[0,0],"cov":[[1,2],[2,1]]}]}}})", "positive"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"raster":{"width":2,"height":2,"values":[1,2,3]}}})", "values"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"raster":{"width":100000,"height":2,"values":[]}}})", "width"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","camera":{"halfHeight":0}})", "halfHeight"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","view":[1]})", "view"},
        {R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":"moons","sampler":{"steps":NaN}})", "NaN"},
    };
    for (const auto& c : cases) {
        auto json = core::parseJson(c.text);
        if (!json.ok()) {
            EXPECT_NE(json.message().find(c.mentions), std::string::npos) << c.text << " → " << json.message();
            continue;
        }
        auto s = core::sceneFromJson(*json);
        ASSERT_FALSE(s.ok()) << c.text;
        EXPECT_NE(s.message().find(c.mentions), std::string::npos) << c.text << " → " << s.message();
    }
}

TEST(Scene, hugeNumbersAndHugeMixtures_areRefused) {
    EXPECT_FALSE(core::parseJson("[1e999]").ok());
    std::string many = R"({"format":"flowlab-scene","version":1,"base":"gaussian","target":{"mixture":{"dim":2,"components":[)";
    for (int i = 0; i < 1000000; ++i) many += (i ? ",{\"mean\":[0,0]}" : "{\"mean\":[0,0]}");
    many += "]}}}";
    auto json = core::parseJson(many);
    ASSERT_TRUE(json.ok());
    auto s = core::sceneFromJson(*json);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("too many"), std::string::npos) << s.message();
    std::string deep(100000, '[');
    EXPECT_FALSE(core::parseJson(deep).ok());
}

TEST(Scene, mutatedFiles_neverCrashAndAreEitherValidOrRefused) {
    // Fuzz-style: byte mutations of a valid scene must parse to a valid scene or be refused.
    const std::string valid = core::sceneToJson(richScene()).dump();
    core::Rng rng(2024);
    const char alphabet[] = "{}[]\":,-+.eE0123456789aznul \n\\";
    int refused = 0, accepted = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string text = valid;
        const int edits = 1 + static_cast<int>(rng.index(4));
        for (int e = 0; e < edits; ++e) {
            const std::size_t pos = rng.index(text.size());
            switch (rng.index(3)) {
                case 0: text[pos] = alphabet[rng.index(sizeof alphabet - 1)]; break;
                case 1: text.erase(pos, 1 + rng.index(8)); break;
                default: text.insert(pos, 1, alphabet[rng.index(sizeof alphabet - 1)]); break;
            }
        }
        if (rng.index(10) == 0) text.resize(rng.index(text.size()));  // truncation
        auto json = core::parseJson(text);
        if (!json.ok()) {
            ++refused;
            EXPECT_FALSE(json.message().empty());
            continue;
        }
        auto s = core::sceneFromJson(*json);
        if (s.ok()) {
            ++accepted;
            EXPECT_TRUE(s->validate().empty());
        } else {
            ++refused;
            EXPECT_FALSE(s.message().empty());
        }
    }
    EXPECT_GT(refused, 0);
    EXPECT_GT(accepted, 0);
}

TEST(Scene, failedSave_leavesThePreviousFile) {
    const fs::path file = tempDir() / "keep.json";
    core::Scene good;
    ASSERT_TRUE(core::saveSceneFile(good, file.string()).ok());
    const std::string before = *core::readTextFile(file.string(), 1 << 20);
    core::Scene bad;
    bad.run.particles = -1;  // invalid: refused before anything is written
    EXPECT_FALSE(core::saveSceneFile(bad, file.string()).ok());
    EXPECT_EQ(*core::readTextFile(file.string(), 1 << 20), before);
    EXPECT_FALSE(core::saveSceneFile(good, "/nonexistent-folder/x.json").ok());
    EXPECT_FALSE(fs::exists("/nonexistent-folder/x.json"));
}

}  // namespace
}  // namespace flowlab
