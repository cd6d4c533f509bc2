#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "images/image_data.hpp"
#include "interpolant/interpolant.hpp"
#include "io/json.hpp"
#include "net/model_info.hpp"
#include "net/train_options.hpp"
#include "net/unet_options.hpp"

namespace flowlab::core {

/// A metadata header plus named float32 arrays, in one file written atomically:
///   "FLOWLAB-TENSORS 1\n", "<format>\n", the FNV-1a 64-bit checksum (hex) of everything after
///   its line and "\n", the byte length of the JSON header and "\n", the JSON header (the caller's
///   metadata under "meta" and the array table), then the arrays as little-endian float32.
/// The checksum covers the metadata and the arrays, so no byte of a model goes unchecked.
/// Image models and the classifier use it; `format` names which ("flowlab-image-model", …).
struct TensorFile {
    JsonValue meta;
    std::vector<std::pair<std::string, std::vector<float>>> arrays;

    /// The array called `name`, or nullptr.
    const std::vector<float>* find(const std::string& name) const;
};

Status writeTensorFile(const std::string& path, const std::string& format, const TensorFile& file);
/// Refuses, with the reason, a file that is not a FlowLab tensor file of this `format`, a newer
/// version, a truncated or corrupt one (checksum), and non-finite numbers.
Result<TensorFile> readTensorFile(const std::string& path, const std::string& format);
Result<TensorFile> parseTensorFile(const std::string& bytes, const std::string& format, const std::string& name);

/// The data set an image model was trained on, as recorded in its file.
struct ImageDataInfo {
    ImageDataOptions source;   ///< how it was loaded (--data, --size, …): --resume reloads it
    std::string description;   ///< ImageDataset::description
    int channels = 1;
    int height = 0;
    int width = 0;
    std::vector<std::string> classNames;  ///< empty when unlabelled
    long long images = 0;      ///< training images

    int classCount() const { return static_cast<int>(classNames.size()); }
};

/// Everything about a trained image model except its weights.
struct ImageModelInfo {
    ImageDataInfo data;
    InterpolantOptions interpolant;
    TrainTarget field = TrainTarget::Velocity;
    ObjectiveKind objective = ObjectiveKind::Quadratic;  ///< resolved (never Auto)
    OutputParameterization output = OutputParameterization::Direct;
    UNetOptions network;
    /// The optimiser, schedule, batch, steps, seed and time range of the run (its `network`
    /// member describes no network here: the U-Net is `network` above).
    TrainerOptions trainer;
    double classDropout = 0.0;  ///< probability of training a label as ∅ (classifier-free guidance)
    bool dequantize = true;     ///< uniform dequantisation noise on the training pixels (docs/maths.md §10)
    std::string device = "cpu"; ///< where it was trained
    TrainingState state;

    /// "learned b, U-Net 32×(1,2,2), fm-ot, shapes 16×16, step 2000".
    std::string describe() const;
};

JsonValue imageModelInfoToJson(const ImageModelInfo& info);
Result<ImageModelInfo> imageModelInfoFromJson(const JsonValue& json);

/// An image model file: its description and flat U-Net weights (FlatModule order).
struct UNetCheckpoint {
    ImageModelInfo info;
    std::vector<float> weights;     ///< inference weights (the EMA when info.state.weightsAreEma)
    // Training state; empty in an inference-only file.
    std::vector<float> rawWeights;  ///< the optimiser's weights when `weights` is their EMA
    std::vector<float> adamM;
    std::vector<float> adamV;

    bool hasTrainingState() const { return !adamM.empty(); }
};

/// The format name of image model files.
inline constexpr const char* kImageModelFormat = "flowlab-image-model";

Status writeUNetCheckpoint(const std::string& path, const UNetCheckpoint& data);
/// Refuses a foreign, corrupt or inconsistent file with the reason (array sizes are checked
/// against each other here and against the architecture when the network is built).
Result<UNetCheckpoint> readUNetCheckpoint(const std::string& path);

}  // namespace flowlab::core
