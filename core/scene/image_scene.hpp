#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "images/image_data.hpp"
#include "images/image_dataset.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"
#include "scene/scene_settings.hpp"

namespace flowlab::core {

/// The exact field of an image set (docs/maths.md §10), optionally conditioned: class k ≥ 0
/// restricts it to that class's images, and a guidance w ≠ 1 mixes the unconditional and the
/// class field (GuidedField). At most `maxImages` images. The one builder of the window's image
/// scenes and the CLI's `images` commands.
Result<std::shared_ptr<const FieldSource>> exactImageField(const ImageDataset& train, const Interpolant& interpolant,
                                                           int classLabel, double guidance, int threads, int maxImages);

/// Test images an image scene keeps for the tools beside the grid (inpainting, nearest images,
/// the classifier Fréchet distance): loading is cheap, every one of them costs memory only.
inline constexpr int kSceneTestImages = 500;

/// Loads the data of an image scene: its train split capped at `maxTrain` (0 = all) and
/// kSceneTestImages test images. Fashion-MNIST missing → the shapes, said in `notice`. `used`
/// (optional) receives the options that were loaded, e.g. for a model file to record. The one
/// loader of the window's grid and of the U-Net it trains. `fashionMnistDir` is where
/// Fashion-MNIST is read from (the package's folder unless a test says otherwise).
Result<ImageSplits> loadSceneImages(const SceneImages& images, int maxTrain, std::string& notice,
                                    ImageDataOptions* used = nullptr, const std::string& fashionMnistDir = kFashionMnistDir);

/// Where a U-Net named in a scene is looked for: an absolute name as it is; a relative one beside
/// the scene (`sceneFolder`), in the data folder's models/, in $XDG_DATA_HOME/flowlab/models (or
/// ~/.local/share/flowlab/models), then in the current folder.
std::vector<std::string> imageModelCandidates(const std::string& name, const std::string& sceneFolder);
/// The first existing file among the candidates of `names`, or "" when there is none.
std::string findImageModel(const std::vector<std::string>& names, const std::string& sceneFolder);

/// An image scene made ready to sample: the data (train split capped at exactImages), the field
/// in effect with its interpolant, and what fell back to what, in words.
struct PreparedImageScene {
    SceneImages images;                       ///< what the data and field were built from
    SceneMethod method;
    std::string sceneFolder;
    std::shared_ptr<const ImageSplits> data;  ///< train: the images of the exact field; test: held out
    std::string dataNotice;                   ///< e.g. Fashion-MNIST missing → shapes (empty: as asked)
    std::shared_ptr<const FieldSource> field; ///< what the samples follow
    Interpolant interpolant;                  ///< the field's (a network's own for a learned field)
    bool learned = false;                     ///< field is a U-Net (modelPath)
    std::string modelPath;
    std::string fieldNotice;                  ///< e.g. no model found → exact field (empty: as asked)

    int channels() const { return data->train.channels; }
    int height() const { return data->train.height; }
    int width() const { return data->train.width; }
    int dim() const { return data->train.dim(); }
    /// Both notices, joined (empty when everything is as the scene asks).
    std::string notice() const;
};

/// Values kept per image scene run at most (samples × recorded states × pixels): the window keeps
/// every state of every sample, so that scrubbing t replays them without recomputing.
inline constexpr double kMaxImageRunValues = 25e6;

/// Loads the data (Fashion-MNIST missing → the shapes, with a notice naming the package), builds
/// the field: the learned U-Net of the first model file found when the method asks for it (none,
/// or one that does not fit the data → the exact field, with a notice), else the exact field of
/// the first exactImages training images, with the scene's class and guidance. Reuses the data
/// and the field of `previous` when what they depend on is unchanged. Fails only when the data
/// cannot be read at all or the settings are invalid.
Result<PreparedImageScene> prepareImageScene(const SceneSettings& scene, const std::string& sceneFolder, int threads,
                                             const PreparedImageScene* previous = nullptr);

/// The grid's samples from the base N(0, I): rows·columns images started from
/// SceneSeeds::start(seed) (so the t = 0 noise does not depend on the method) and integrated with
/// the scene's sampler, noise from SceneSeeds::noise(seed); every state recorded.
Result<SampleResult> simulateImageScene(const PreparedImageScene& prepared, const SceneSettings& scene,
                                        const ProgressFn& progress = {});

/// The start of that run alone (the samples at t = 0).
Points imageSceneStart(const PreparedImageScene& prepared, const SceneSettings& scene);

}  // namespace flowlab::core
