#include "scene/image_scene.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/resource_paths.hpp"
#include "field/empirical_field.hpp"
#include "field/guided_field.hpp"
#include "field/unet_field.hpp"
#include "images/image_data.hpp"
#include "sampler/image_sampling.hpp"
#include "scene/scene_seeds.hpp"

namespace flowlab::core {
namespace {

namespace fs = std::filesystem;

bool sameData(const SceneImages& a, const SceneImages& b) {
    return a.data == b.data && a.size == b.size && a.exactImages == b.exactImages;
}

bool sameField(const PreparedImageScene& p, const SceneSettings& s) {
    return sameData(p.images, s.images()) && p.images.models == s.models && p.images.classLabel == s.classLabel &&
           p.images.guidance == s.guidance && p.method.interpolant == s.interpolant && p.method.fieldMode == s.fieldMode;
}

std::string dataHome() {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return x;
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/share";
    return {};
}

}  // namespace

Result<std::shared_ptr<const FieldSource>> exactImageField(const ImageDataset& train, const Interpolant& interpolant,
                                                           int classLabel, double guidance, int threads, int maxImages) {
    if (classLabel >= 0 && classLabel >= train.classCount())
        return Error{"class " + std::to_string(classLabel) + " is not a class of " + train.description +
                     (train.classCount() > 0 ? " (0 … " + std::to_string(train.classCount() - 1) + ")" : " (it has no labels)")};
    EmpiricalFieldOptions fo;
    fo.threads = threads;
    fo.maxImages = maxImages;
    auto uncond = EmpiricalField::create(train, interpolant, fo);
    if (!uncond) return uncond.error();
    std::shared_ptr<const FieldSource> field = std::make_shared<const EmpiricalField>(std::move(*uncond));
    if (classLabel < 0) return field;
    fo.classLabel = classLabel;
    auto cond = EmpiricalField::create(train, interpolant, fo);
    if (!cond) return cond.error();
    std::shared_ptr<const FieldSource> conditional = std::make_shared<const EmpiricalField>(std::move(*cond));
    if (guidance == 1.0) return conditional;
    auto guided = GuidedField::create(field, conditional, guidance);
    if (!guided) return guided.error();
    return std::shared_ptr<const FieldSource>(std::make_shared<const GuidedField>(std::move(*guided)));
}

Result<ImageSplits> loadSceneImages(const SceneImages& im, int maxTrain, std::string& notice, ImageDataOptions* used,
                                    const std::string& fashionMnistDir) {
    ImageDataOptions o;
    o.fashionMnistDir = fashionMnistDir;
    o.spec = im.data;
    o.size = im.size;
    o.maxTrain = maxTrain;
    o.maxTest = kSceneTestImages;
    if (auto p = o.validate(); !p.empty()) return Error{"images.data: " + p};
    auto data = loadImageData(o);
    if (!data && im.data == "fashion-mnist") {
        // The shipped Fashion-MNIST scene must still open without the package: show the shapes.
        notice = "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): showing the shapes instead";
        o.spec = "shapes";
        o.size = 0;
        data = loadImageData(o);
    }
    if (data && used) *used = o;
    return data;
}

std::vector<std::string> imageModelCandidates(const std::string& name, const std::string& sceneFolder) {
    if (name.empty()) return {};
    if (fs::path(name).is_absolute()) return {name};
    std::vector<std::string> out;
    if (!sceneFolder.empty()) out.push_back((fs::path(sceneFolder) / name).string());
    if (const std::string dir = dataDir(); !dir.empty()) out.push_back((fs::path(dir) / "models" / name).string());
    if (const std::string home = dataHome(); !home.empty()) out.push_back((fs::path(home) / "flowlab/models" / name).string());
    out.push_back(name);
    return out;
}

std::string findImageModel(const std::vector<std::string>& names, const std::string& sceneFolder) {
    std::error_code ec;
    for (const auto& name : names)
        for (const auto& path : imageModelCandidates(name, sceneFolder))
            if (fs::is_regular_file(path, ec)) return path;
    return {};
}

std::string PreparedImageScene::notice() const {
    if (dataNotice.empty()) return fieldNotice;
    if (fieldNotice.empty()) return dataNotice;
    return dataNotice + "; " + fieldNotice;
}

Result<PreparedImageScene> prepareImageScene(const SceneSettings& scene, const std::string& sceneFolder, int threads,
                                             const PreparedImageScene* previous) {
    if (!scene.isImages()) return Error{"not an image scene"};
    if (auto p = scene.validate(); !p.empty()) return Error{p};
    if (scene.direction != Direction::Generate) return Error{"an image scene generates (t from 0 to 1): encoding is not offered"};
    if (previous && previous->sceneFolder == sceneFolder && sameField(*previous, scene)) {
        PreparedImageScene same = *previous;
        same.method = scene.method();
        return same;
    }
    auto interp = Interpolant::create(scene.interpolant);
    if (!interp) return interp.error();

    PreparedImageScene p{scene.images(), scene.method(), sceneFolder, nullptr, {}, nullptr, *interp, false, {}, {}};
    if (previous && previous->sceneFolder == sceneFolder && sameData(previous->images, scene.images())) {
        p.data = previous->data;
        p.dataNotice = previous->dataNotice;
    } else {
        auto data = loadSceneImages(scene.images(), scene.exactImages, p.dataNotice);
        if (!data) return Error{data.message()};
        if (data->train.size() == 0) return Error{"the image data set has no training images"};
        p.data = std::make_shared<const ImageSplits>(std::move(*data));
    }
    const ImageDataset& train = p.data->train;
    if (double(scene.sampleCount()) * double(scene.steps + 1) * double(train.dim()) > kMaxImageRunValues)
        return Error{"a " + std::to_string(scene.rows) + "×" + std::to_string(scene.columns) + " grid of " +
                     train.description + " on " + std::to_string(scene.steps) +
                     " steps keeps too many states: choose fewer steps or a smaller grid"};
    const int classLabel = scene.classLabel < train.classCount() ? scene.classLabel : -1;
    if (scene.classLabel >= 0 && classLabel < 0)
        p.fieldNotice = "class " + std::to_string(scene.classLabel) + " is not a class of " + train.description +
                        ": unconditional";

    if (scene.fieldMode == FieldMode::Learned) {
        const std::string model = findImageModel(scene.models, sceneFolder);
        // The exact field a fallback shows is that of independent pairs: say so under a coupling.
        const std::string exactName = scene.coupling.isCoupled()
                                          ? "exact field of independent pairs (the " + scene.coupling.spec() +
                                                " coupling has none; it memorises)"
                                          : "exact field (it memorises)";
        if (model.empty()) {
            p.fieldNotice = scene.models.empty()
                                ? exactName + ": the scene names no trained model"
                                : exactName + ": no model " + scene.models.front() +
                                      " found (flowlab-cli images train makes one)";
        } else {
            auto net = UNetField::load(model, classLabel, classLabel >= 0 ? scene.guidance : 0.0);
            if (!net) {
                p.fieldNotice = model + ": " + net.message() + ": the exact field instead";
            } else if (net->dim() != train.dim()) {
                p.fieldNotice = model + " takes images of " + std::to_string(net->dim()) + " values, " +
                                train.description + " has " + std::to_string(train.dim()) + ": the exact field instead";
            } else {
                p.interpolant = net->interpolant();
                if (!(net->interpolant().options() == scene.interpolant))
                    p.fieldNotice = "the network was trained with the " + toString(net->interpolant().options().family) +
                                    " interpolant, which it uses";
                else if (net->info().trainer.coupling != scene.coupling)
                    p.fieldNotice = "the network was trained with the " + net->info().trainer.coupling.spec() +
                                    " coupling, not the scene's " + scene.coupling.spec();
                p.field = std::make_shared<const UNetField>(std::move(*net));
                p.learned = true;
                p.modelPath = model;
            }
        }
    }
    if (!p.field) {
        auto field = exactImageField(train, p.interpolant, classLabel, scene.guidance, threads, scene.exactImages);
        if (!field) return field.error();
        p.field = std::move(*field);
    }
    return p;
}

Points imageSceneStart(const PreparedImageScene& prepared, const SceneSettings& scene) {
    Rng rng(SceneSeeds::start(scene.seed));
    return gaussianStart(prepared.interpolant, prepared.dim(), scene.sampleCount(), rng);
}

Result<SampleResult> simulateImageScene(const PreparedImageScene& prepared, const SceneSettings& scene,
                                        const ProgressFn& progress) {
    SamplerOptions o = scene.samplerOptions();
    o.t0 = 0.0;
    o.t1 = 1.0;
    o.recordTrajectory = true;
    if (auto p = o.validate(prepared.interpolant); !p.empty()) return Error{p};
    if (!prepared.field->canProvide(o.requiredFields()))
        return Error{"the field (" + prepared.field->label() +
                     ") gives no score s, which this SDE sampler needs: choose an ODE solver or a model trained for s or η"};
    Rng noise(SceneSeeds::noise(scene.seed));
    return sample(*prepared.field, prepared.interpolant, imageSceneStart(prepared, scene), o, noise, progress);
}

}  // namespace flowlab::core
