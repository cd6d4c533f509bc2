// Image scenes (issue 12): the image part of the one scene model, its file form, and the pipeline
// that prepares and simulates it (procedural shapes: fast, no package needed).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "images/memorisation.hpp"
#include "scene/image_scene.hpp"
#include "scene/scene.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

core::SceneSettings shapesScene() {
    core::SceneSettings s;
    s.kind = core::SceneKind::Images;
    s.data = "shapes";
    s.size = 8;            // 64 pixels: fast
    s.exactImages = 200;
    s.rows = 3;
    s.columns = 4;
    s.solver = core::SolverKind::Heun;
    s.steps = 40;
    s.seed = 5;
    return s;
}

fs::path tempFile(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("flowlab_image_scene_test_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d / name;
}

TEST(ImageScene, fileRoundTrip_keepsEveryImageSetting) {
    core::Scene s;
    s.title = "images";
    s.kind = core::SceneKind::Images;
    s.images.data = "shapes";
    s.images.size = 12;
    s.images.exactImages = 321;
    s.images.models = {"a.flowlab", "/abs/b.flowlab"};
    s.images.classLabel = 2;
    s.images.guidance = 3.5;
    s.images.rows = 4;
    s.images.columns = 6;
    s.method.solver = core::SolverKind::EulerMaruyama;
    s.method.epsilon = 0.5;
    s.run.seed = 77;
    const fs::path file = tempFile("round.json");
    ASSERT_TRUE(core::saveSceneFile(s, file.string()).ok());
    auto loaded = core::loadSceneFile(file.string());
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    EXPECT_EQ(loaded->kind, core::SceneKind::Images);
    EXPECT_TRUE(loaded->images == s.images);
    EXPECT_TRUE(loaded->method == s.method);
    EXPECT_EQ(loaded->run.seed, 77u);
    EXPECT_EQ(core::sceneToJson(*loaded).dump(), core::sceneToJson(s).dump());
}

TEST(ImageScene, oldFilesWithoutKind_areDensityScenes) {
    auto old = core::sceneFromJson(*core::parseJson(R"({"format": "flowlab-scene", "version": 1,
        "base": {"spec": "gaussian"}, "target": {"spec": "moons"}})"));
    ASSERT_TRUE(old.ok()) << old.message();
    EXPECT_EQ(old->kind, core::SceneKind::Densities);
}

TEST(ImageScene, badImageParts_areRefusedNamingTheKey) {
    const auto refuse = [](const std::string& images, const std::string& needle) {
        auto r = core::sceneFromJson(*core::parseJson(R"({"format": "flowlab-scene", "version": 1, "kind": "images", )" +
                                                      images + "}"));
        ASSERT_FALSE(r.ok()) << images;
        EXPECT_NE(r.message().find(needle), std::string::npos) << r.message();
    };
    refuse(R"("images": {"data": "shapes", "grid": [0, 8]})", "images.grid");
    refuse(R"("images": {"data": "shapes", "grid": [8]})", "images.grid");
    refuse(R"("images": {"data": "shapes", "guidance": -1})", "images.guidance");
    refuse(R"("images": {"data": "shapes", "exactImages": 0})", "images.exactImages");
    refuse(R"("images": {"size": 14})", "images.data");
    refuse(R"("images": {"data": "shapes", "models": [3]})", "images.models");
    refuse(R"("x": 1)", "\"images\"");
    auto kind = core::sceneFromJson(*core::parseJson(R"({"format": "flowlab-scene", "version": 1, "kind": "photos"})"));
    ASSERT_FALSE(kind.ok());
    EXPECT_NE(kind.message().find("photos"), std::string::npos);
}

TEST(ImageScene, shippedImageScenes_prepareEvenWithoutTheirModels) {
    for (const char* name : {"shapes.json", "fashion-mnist.json"}) {
        auto s = core::loadSceneFile((fs::path(FLOWLAB_SOURCE_DIR) / "resources/scenes" / name).string());
        ASSERT_TRUE(s.ok()) << name << ": " << s.message();
        ASSERT_EQ(s->kind, core::SceneKind::Images) << name;
        core::SceneSettings settings;
        settings.kind = s->kind;
        settings.images() = s->images;
        settings.method() = s->method;
        settings.run() = s->run;
        settings.exactImages = 50;  // keep the test quick; the data and field paths are the same
        auto p = core::prepareImageScene(settings, s->folder, 1);
        ASSERT_TRUE(p.ok()) << name << ": " << p.message();
        EXPECT_TRUE(p->field != nullptr);
        // Without a trained model the learned scene says it fell back to the exact field.
        if (settings.fieldMode == core::FieldMode::Learned && !p->learned) {
            EXPECT_NE(p->notice().find("exact field"), std::string::npos) << p->notice();
        }
    }
}

TEST(ImageScene, missingFashionMnist_fallsBackToShapesNamingThePackage) {
    // A data set that cannot be read at all is an error; Fashion-MNIST alone falls back. The
    // package's folder is replaced by a missing one, so this runs whether or not it is installed.
    core::SceneSettings s = shapesScene();
    s.data = "folder:/no/such/folder";
    EXPECT_FALSE(core::prepareImageScene(s, {}, 1).ok());
    s.data = "fashion-mnist";
    s.size = 0;
    std::string notice;
    core::ImageDataOptions used;
    auto data = core::loadSceneImages(s.images(), 50, notice, &used, "/no/such/fashion-mnist");
    ASSERT_TRUE(data.ok()) << data.message();
    EXPECT_NE(notice.find("apt-get install dataset-fashion-mnist"), std::string::npos) << notice;
    EXPECT_NE(data->train.description.find("shapes"), std::string::npos);
    EXPECT_EQ(used.spec, "shapes");
    // With the package's folder, the notice appears exactly when the package is absent.
    std::string installedNotice;
    auto installed = core::loadSceneImages(s.images(), 50, installedNotice);
    ASSERT_TRUE(installed.ok()) << installed.message();
    const bool present = std::filesystem::exists(std::string(core::kFashionMnistDir) + "/train-images-idx3-ubyte.gz");
    EXPECT_EQ(installedNotice.empty(), present);
}

TEST(ImageScene, exactFieldAtT1_reproducesTrainingImages) {
    core::SceneSettings s = shapesScene();
    s.solver = core::SolverKind::Rk4;  // its last stage at t = 1 errs least (EmpiricalFieldOptions)
    s.steps = 100;
    auto p = core::prepareImageScene(s, {}, 1);
    ASSERT_TRUE(p.ok()) << p.message();
    auto r = core::simulateImageScene(*p, s);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(int(r->trajectory.size()), s.steps + 1);
    ASSERT_EQ(r->end.rows(), s.sampleCount());
    auto report = core::memorisationReport(r->end, p->data->train, &p->data->test);
    ASSERT_TRUE(report.ok());
    // Every sample ends on a training image (an unseen test image is far from all of them);
    // at t = 0 none is anywhere near one.
    EXPECT_GE(report->copyFraction, 0.99) << "median distance " << report->medianDistance;
    EXPECT_LT(report->medianDistance, 0.05 * report->testMedianDistance);
    auto start = core::memorisationReport(r->trajectory.front(), p->data->train);
    EXPECT_EQ(start->copyFraction, 0.0);
}

TEST(ImageScene, startNoise_dependsOnTheSeedOnly) {
    core::SceneSettings a = shapesScene();
    core::SceneSettings b = a;
    b.solver = core::SolverKind::EulerMaruyama;
    b.epsilon = 1.0;
    b.epsilonKind = core::EpsilonKind::Taper;  // ε → 0 where σ(t) → 0 (no γ at t = 1)
    b.steps = 20;
    auto pa = core::prepareImageScene(a, {}, 1);
    ASSERT_TRUE(pa.ok());
    auto pb = core::prepareImageScene(b, {}, 1, &*pa);
    ASSERT_TRUE(pb.ok());
    EXPECT_EQ(pa->data, pb->data) << "the data are reused when only the method changes";
    auto ra = core::simulateImageScene(*pa, a);
    auto rb = core::simulateImageScene(*pb, b);
    ASSERT_TRUE(ra.ok()) << ra.message();
    ASSERT_TRUE(rb.ok()) << "SDE run: " << rb.message();
    EXPECT_EQ(ra->trajectory.front(), rb->trajectory.front()) << "common random numbers at t = 0";
    EXPECT_GT((ra->end - rb->end).norm(), 1e-3) << "the method still changes the samples";
    core::SceneSettings c = a;
    c.seed = a.seed + 1;
    EXPECT_GT((core::imageSceneStart(*pa, c) - ra->trajectory.front()).norm(), 1.0);
}

TEST(ImageScene, hugeRuns_areRefusedBeforeAnyWork) {
    core::SceneSettings s = shapesScene();
    s.size = 32;
    s.rows = s.columns = 16;
    s.steps = 2000;
    auto p = core::prepareImageScene(s, {}, 1);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("fewer steps"), std::string::npos) << p.message();
}

TEST(ImageScene, missingModel_fallsBackToTheExactFieldAndSaysSo) {
    core::SceneSettings s = shapesScene();
    s.fieldMode = core::FieldMode::Learned;
    s.models = {"no-such-model.flowlab"};
    auto p = core::prepareImageScene(s, {}, 1);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->learned);
    EXPECT_NE(p->fieldNotice.find("no-such-model.flowlab"), std::string::npos) << p->fieldNotice;
    // A model file that is not a model is named too.
    const fs::path junk = tempFile("junk.flowlab");
    std::ofstream(junk) << "not a model";
    s.models = {junk.string()};
    auto q = core::prepareImageScene(s, {}, 1);
    ASSERT_TRUE(q.ok()) << q.message();
    EXPECT_FALSE(q->learned);
    EXPECT_NE(q->fieldNotice.find(junk.string()), std::string::npos) << q->fieldNotice;
}

// Under a coupling the exact field does not exist; with no network yet the scene shows the exact
// field of independent pairs and says so instead of passing it off as the coupled one. And a
// scene cannot pair images by mixture components.
TEST(ImageScene, coupledSceneWithoutANetwork_saysItsExactFieldIsTheIndependentOne) {
    core::SceneSettings s = shapesScene();
    s.fieldMode = core::FieldMode::Learned;
    s.coupling = *core::parseCoupling("ot");
    ASSERT_EQ(s.validate(), "");
    auto p = core::prepareImageScene(s, {}, 1);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->learned);
    EXPECT_NE(p->fieldNotice.find("exact field of independent pairs (the ot coupling has none"), std::string::npos)
        << p->fieldNotice;
    s.coupling = {};
    auto q = core::prepareImageScene(s, {}, 1);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->fieldNotice.find("independent pairs"), std::string::npos) << q->fieldNotice;
    s.coupling = *core::parseCoupling("components-ot");
    EXPECT_NE(s.validate().find("an image scene pairs images"), std::string::npos) << s.validate();
}

}  // namespace
}  // namespace flowlab
