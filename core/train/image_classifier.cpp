#include "train/image_classifier.hpp"

#include <algorithm>
#include <cmath>

#include "net/unet.hpp"
#include "net/unet_checkpoint.hpp"
#include "train/fused_adam.hpp"
#include "train/threading.hpp"

namespace flowlab::core {

namespace {

constexpr const char* kClassifierFormat = "flowlab-image-classifier";
constexpr Eigen::Index kChunkImages = 512;

// The network of ImageClassifierOptions' comment.
class ClassifierNetImpl : public FlatModule {
public:
    ClassifierNetImpl(int channels, int classes, const ImageClassifierOptions& o) {
        Rng rng(o.seed);
        const int b = o.baseChannels;
        m_conv1 = addConv("conv1", channels, b, 3, 1, rng);
        m_conv2 = addConv("conv2", b, b, 3, 1, rng);
        m_conv3 = addConv("conv3", b, 2 * b, 3, 1, rng);
        m_features = addLinear("features", 2 * b, o.featureWidth, rng);
        m_logits = addLinear("logits", o.featureWidth, classes, rng);
        finishParameters();
    }
    at::Tensor features(const at::Tensor& x) const {
        at::Tensor h = at::relu(m_conv2(at::relu(m_conv1(x))));
        h = at::avg_pool2d(h, {2, 2}, {2, 2}, {0, 0}, /*ceil_mode=*/true);
        h = at::avg_pool2d(at::relu(m_conv3(h)), {2, 2}, {2, 2}, {0, 0}, /*ceil_mode=*/true);
        return at::relu(m_features(h.mean({2, 3})));
    }
    at::Tensor logits(const at::Tensor& features) const { return m_logits(features); }

private:
    ConvLayer m_conv1, m_conv2, m_conv3;
    LinearLayer m_features, m_logits;
};
TORCH_MODULE(ClassifierNet);

JsonValue optionsToJson(const ImageClassifierOptions& o) {
    JsonValue j;
    j.set("base_channels", o.baseChannels);
    j.set("feature_width", o.featureWidth);
    j.set("steps", o.steps);
    j.set("batch_size", o.batchSize);
    j.set("learning_rate", o.learningRate);
    j.set("seed", std::to_string(o.seed));
    return j;
}

}  // namespace

std::string ImageClassifierOptions::validate() const {
    if (baseChannels < 1 || baseChannels > 256) return "classifier base channels must be in [1, 256]";
    if (featureWidth < 2 || featureWidth > 2048) return "classifier feature width must be in [2, 2048]";
    if (steps < 1 || steps > 10000000) return "classifier steps must be in [1, 1e7]";
    if (batchSize < 1 || batchSize > 100000) return "classifier batch size must be in [1, 100000]";
    if (!(learningRate > 0.0 && learningRate <= 1.0)) return "classifier learning rate must be in (0, 1]";
    if (threads < 0 || threads > 1024) return "threads must be in [0, 1024]";
    if (progressEvery < 1) return "progress interval must be ≥ 1 step";
    return {};
}

struct ImageClassifier::Impl {
    ImageClassifierOptions options;
    int channels = 1, height = 0, width = 0;
    std::vector<std::string> classNames;
    std::string description;
    ClassifierNet net{nullptr};

    at::Tensor images(const Points& x, Eigen::Index r0, Eigen::Index rows) const {
        return at::from_blob(const_cast<double*>(x.data() + r0 * x.cols()), {rows, channels, height, width}, at::kDouble)
            .to(at::kFloat);
    }
    Status checkShape(const Points& x) const {
        if (x.cols() != static_cast<Eigen::Index>(channels) * height * width)
            return Error{"images have " + std::to_string(x.cols()) + " values; the classifier needs " +
                         std::to_string(channels * height * width)};
        if (!x.allFinite()) return Error{"the images hold NaN or infinity"};
        return Status::success();
    }
};

ImageClassifier::ImageClassifier(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
ImageClassifier::ImageClassifier(ImageClassifier&&) noexcept = default;
ImageClassifier& ImageClassifier::operator=(ImageClassifier&&) noexcept = default;
ImageClassifier::~ImageClassifier() = default;

Points imagePoints(const ImageDataset& data) {
    Points p(static_cast<Eigen::Index>(data.size()), data.dim());
    for (Eigen::Index i = 0; i < p.size(); ++i) p.data()[i] = data.pixels[static_cast<std::size_t>(i)];
    return p;
}

Result<ImageClassifier> ImageClassifier::train(const ImageDataset& data, const ImageClassifierOptions& options,
                                               const ClassifierCallback& callback) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (!data.hasLabels() || data.labels.size() != data.size()) return Error{"the classifier needs labelled images"};
    if (data.classCount() < 2) return Error{"the classifier needs at least two classes"};
    for (int label : data.labels)
        if (label < 0 || label >= data.classCount()) return Error{"the data set holds a label outside its classes"};
    const int previousTorch = torchThreads(), previousBlas = blasThreads();
    struct Restore {
        int torch, blas;
        ~Restore() {
            setTorchThreads(torch);
            if (blas > 0) setBlasThreads(blas);
        }
    } restore{previousTorch, previousBlas};
    const int threads = options.threads > 0 ? options.threads : defaultWorkers();
    setTorchThreads(threads);
    setBlasThreads(threads);
    try {
        auto impl = std::make_shared<Impl>();
        impl->options = options;
        impl->channels = data.channels;
        impl->height = data.height;
        impl->width = data.width;
        impl->classNames = data.classNames;
        impl->description = data.description;
        impl->net = ClassifierNet(data.channels, data.classCount(), options);
        at::Tensor flat = impl->net->flat();
        at::Tensor grad = at::zeros_like(flat), m = at::zeros_like(flat), v = at::zeros_like(flat);
        impl->net->bindGradients(grad);
        TrainerOptions adam;  // Adam's defaults, a short warm-up, no EMA
        adam.learningRate = options.learningRate;
        adam.emaDecay = 0.0;
        const int warmup = std::max(1, options.steps / 20);
        Rng rng(options.seed ^ 0x5DEECE66Dull);
        const int n = options.batchSize, d = data.dim();
        std::vector<float> x(static_cast<std::size_t>(n) * d);
        std::vector<std::int64_t> labels(static_cast<std::size_t>(n));
        for (int s = 1; s <= options.steps; ++s) {
            for (int i = 0; i < n; ++i) {
                const std::size_t k = static_cast<std::size_t>(rng.index(data.size()));
                std::copy(data.image(k), data.image(k) + d, x.data() + static_cast<std::size_t>(i) * d);
                labels[static_cast<std::size_t>(i)] = data.labels[k];
            }
            const at::Tensor xt = at::from_blob(x.data(), {n, data.channels, data.height, data.width}, at::kFloat);
            const at::Tensor lt = at::from_blob(labels.data(), {n}, at::kLong);
            grad.zero_();
            at::AutoGradMode enable(true);
            const at::Tensor logits = impl->net->logits(impl->net->features(xt));
            const at::Tensor loss = at::nll_loss(at::log_softmax(logits, 1), lt);
            loss.backward();
            const double value = loss.item<double>();
            if (!std::isfinite(value)) return Error{"classifier training diverged at step " + std::to_string(s)};
            const double lr = options.learningRate * std::min(1.0, static_cast<double>(s) / warmup);
            const FusedAdamStep f = adamStepFor(adam, 1.0, lr, s);
            fusedAdamUpdate(f, flat.numel(), flat.data_ptr<float>(), grad.data_ptr<float>(), m.data_ptr<float>(),
                            v.data_ptr<float>(), nullptr);
            if (callback && (s % options.progressEvery == 0 || s == options.steps)) {
                ClassifierProgress p;
                p.step = s;
                p.totalSteps = options.steps;
                p.loss = value;
                p.batchAccuracy = (logits.argmax(1) == lt).to(at::kDouble).mean().item<double>();
                if (!callback(p)) break;
            }
        }
        impl->net->eval();
        return ImageClassifier(std::move(impl));
    } catch (const std::exception& e) {
        return Error{std::string("classifier training failed: ") + e.what()};
    }
}

Result<std::vector<int>> ImageClassifier::predict(const Points& images) const {
    if (Status st = m_impl->checkShape(images); !st) return Error{st.message()};
    try {
        at::NoGradGuard noGrad;
        std::vector<int> out;
        out.reserve(static_cast<std::size_t>(images.rows()));
        for (Eigen::Index r0 = 0; r0 < images.rows(); r0 += kChunkImages) {
            const Eigen::Index rows = std::min(kChunkImages, images.rows() - r0);
            const at::Tensor best =
                m_impl->net->logits(m_impl->net->features(m_impl->images(images, r0, rows))).argmax(1).contiguous();
            for (Eigen::Index i = 0; i < rows; ++i) out.push_back(static_cast<int>(best.data_ptr<std::int64_t>()[i]));
        }
        return out;
    } catch (const std::exception& e) {
        return Error{std::string("classifier: ") + e.what()};
    }
}

Result<Points> ImageClassifier::features(const Points& images) const {
    if (Status st = m_impl->checkShape(images); !st) return Error{st.message()};
    try {
        at::NoGradGuard noGrad;
        Points out(images.rows(), m_impl->options.featureWidth);
        for (Eigen::Index r0 = 0; r0 < images.rows(); r0 += kChunkImages) {
            const Eigen::Index rows = std::min(kChunkImages, images.rows() - r0);
            const at::Tensor f = m_impl->net->features(m_impl->images(images, r0, rows)).to(at::kDouble).contiguous();
            std::copy(f.data_ptr<double>(), f.data_ptr<double>() + f.numel(), out.data() + r0 * out.cols());
        }
        return out;
    } catch (const std::exception& e) {
        return Error{std::string("classifier: ") + e.what()};
    }
}

Result<double> ImageClassifier::accuracy(const ImageDataset& data) const {
    if (!data.hasLabels() || data.labels.size() != data.size() || data.size() == 0)
        return Error{"accuracy needs labelled images"};
    auto predicted = predict(imagePoints(data));
    if (!predicted) return predicted.error();
    std::size_t right = 0;
    for (std::size_t i = 0; i < data.size(); ++i) right += (*predicted)[i] == data.labels[i] ? 1 : 0;
    return static_cast<double>(right) / static_cast<double>(data.size());
}

Status ImageClassifier::save(const std::string& path) const {
    TensorFile file;
    file.meta.set("options", optionsToJson(m_impl->options));
    file.meta.set("channels", m_impl->channels);
    file.meta.set("height", m_impl->height);
    file.meta.set("width", m_impl->width);
    JsonValue names = JsonValue(JsonValue::Array{});
    for (const auto& n : m_impl->classNames) names.push(n);
    file.meta.set("class_names", names);
    file.meta.set("description", m_impl->description);
    const at::Tensor& flat = m_impl->net->flat();
    file.arrays.emplace_back("weights", std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()));
    return writeTensorFile(path, kClassifierFormat, file);
}

Result<ImageClassifier> ImageClassifier::load(const std::string& path) {
    auto file = readTensorFile(path, kClassifierFormat);
    if (!file) return file.error();
    auto refuse = [&](const std::string& why) { return Error{path + ": " + why}; };
    const JsonValue& meta = file->meta;
    const JsonValue* o = meta.find("options");
    if (!o || !o->isObject()) return refuse("missing classifier options");
    auto integer = [](const JsonValue& j, const char* key, int lo, int hi, int& dst) {
        const JsonValue* v = j.find(key);
        if (!v || !v->isNumber() || v->asNumber() != std::floor(v->asNumber()) || v->asNumber() < lo || v->asNumber() > hi)
            return false;
        dst = static_cast<int>(v->asNumber());
        return true;
    };
    auto impl = std::make_shared<Impl>();
    ImageClassifierOptions& opt = impl->options;
    if (!integer(*o, "base_channels", 1, 256, opt.baseChannels) || !integer(*o, "feature_width", 2, 2048, opt.featureWidth) ||
        !integer(meta, "channels", 1, 3, impl->channels) || !integer(meta, "height", 1, 4096, impl->height) ||
        !integer(meta, "width", 1, 4096, impl->width))
        return refuse("damaged classifier description");
    const JsonValue* names = meta.find("class_names");
    const JsonValue* description = meta.find("description");
    if (!names || !names->isArray() || names->asArray().size() < 2 || !description || !description->isString())
        return refuse("damaged classifier description (classes)");
    for (const auto& n : names->asArray()) {
        if (!n.isString()) return refuse("damaged class name");
        impl->classNames.push_back(n.asString());
    }
    impl->description = description->asString();
    const std::vector<float>* weights = file->find("weights");
    if (!weights) return refuse("the weights are missing");
    try {
        impl->net = ClassifierNet(impl->channels, static_cast<int>(impl->classNames.size()), opt);
        if (static_cast<std::int64_t>(weights->size()) != impl->net->parameterCount())
            return refuse("the weights do not match the classifier's architecture");
        impl->net->load(weights->data(), static_cast<std::int64_t>(weights->size()));
        impl->net->eval();
    } catch (const std::exception& e) {
        return refuse(std::string("cannot build the classifier: ") + e.what());
    }
    return ImageClassifier(std::move(impl));
}

int ImageClassifier::channels() const { return m_impl->channels; }
int ImageClassifier::height() const { return m_impl->height; }
int ImageClassifier::width() const { return m_impl->width; }
int ImageClassifier::classCount() const { return static_cast<int>(m_impl->classNames.size()); }
const std::vector<std::string>& ImageClassifier::classNames() const { return m_impl->classNames; }
const std::string& ImageClassifier::dataDescription() const { return m_impl->description; }

}  // namespace flowlab::core
