#include "state/image_frames.hpp"

#include <QFileInfo>
#include <QObject>

#include "field/unet_field.hpp"
#include "state/scene_description.hpp"

namespace flowlab::ui {

std::shared_ptr<const core::FieldSource> conditionedImageField(std::shared_ptr<const core::FieldSource> field,
                                                               const SceneSettings& scene) {
    const auto* net = dynamic_cast<const core::UNetField*>(field.get());
    if (!net) return field;
    const bool knows = scene.classLabel >= 0 && scene.classLabel < net->info().network.classCount;
    const int cls = knows ? scene.classLabel : -1;
    const double w = knows ? scene.guidance : 0.0;
    if (net->classLabel() == cls && net->guidance() == w) return field;
    auto c = net->withConditioning(cls, w);
    return c ? std::make_shared<const core::UNetField>(std::move(*c)) : field;
}

FrameText describeImageScene(const SceneSettings& sc, const core::PreparedImageScene* p) {
    FrameText text = describeScene(sc, ArrowField::Velocity);
    const int n = sc.sampleCount();
    const QString data = p ? QString::fromStdString(p->data->train.description) : QString::fromStdString(sc.data);
    text.baseName = QObject::tr("%1 · %2 samples").arg(data).arg(n);
    text.targetName.clear();
    if (!p) return text;
    // Say which field the pictures follow (the fallback included), never what was asked for.
    QString field = QString::fromStdString(p->field->label());
    if (p->learned && !p->modelPath.empty())
        field += QObject::tr(" (%1)").arg(QFileInfo(QString::fromStdString(p->modelPath)).fileName());
    else if (p->learned)
        field += QObject::tr(" (trained in this window)");
    const int dot = text.method.indexOf(QStringLiteral(" · "));
    text.method = field + (dot >= 0 ? text.method.mid(dot) : QString());
    if (sc.classLabel >= 0 && sc.classLabel < p->data->train.classCount())
        text.method += QObject::tr(" · class %1 “%2”, w = %3")
                           .arg(sc.classLabel)
                           .arg(QString::fromStdString(p->data->train.classNames[std::size_t(sc.classLabel)]))
                           .arg(sc.guidance, 0, 'g', 3);
    text.notice = QString::fromStdString(p->notice());
    return text;
}

FrameData imageFrame(const FrameData& base, const SceneSettings& scene, const LayerVisibility& layers,
                     std::shared_ptr<const ImageTracks> tracks, FrameText text, double t) {
    FrameData f;
    f.theme = base.theme;
    f.layers = layers;
    f.overlays = base.overlays;
    f.textScale = base.textScale;
    f.t = t;
    if (!tracks) {
        auto empty = std::make_shared<ImageTracks>();
        empty->rows = scene.rows;
        empty->columns = scene.columns;
        empty->height = empty->width = 16;
        tracks = std::move(empty);
    }
    f.images = std::move(tracks);
    f.text = std::move(text);
    return f;
}

}  // namespace flowlab::ui
