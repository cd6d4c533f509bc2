#include "panel/image_scene_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "panel/spin_box.hpp"

namespace flowlab::ui {
namespace {

QSpinBox* makeSpin(int lo, int hi, const QString& tip, QWidget* parent) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setToolTip(tip);
    s->setKeyboardTracking(false);
    return s;
}

}  // namespace

ImageScenePanel::ImageScenePanel(QWidget* parent) : SettingsPanel(parent) {
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("sceneKind"));
    m_kind->addItem(tr("2D densities"), int(core::SceneKind::Densities));
    m_kind->addItem(tr("Images"), int(core::SceneKind::Images));
    m_kind->setToolTip(tr("What the window shows: particles carried between two 2D densities, or images in pixel\n"
                          "space (each image a point of R^d) carried from noise N(0, I) to a data set —\n"
                          "the same interpolants, fields and samplers, on the same timeline."));
    m_imageControls = new QWidget(this);
    auto* form = new QFormLayout(m_imageControls);
    form->setContentsMargins(0, 0, 0, 0);
    m_data = new QComboBox(m_imageControls);
    m_data->setEditable(true);
    m_data->addItems({QStringLiteral("shapes"), QStringLiteral("fashion-mnist")});
    m_data->setToolTip(tr("The image data set: shapes (discs, squares, rings and bars FlowLab draws, 16×16),\n"
                          "fashion-mnist (Debian's dataset-fashion-mnist, 28×28; missing → the shapes, said on screen),\n"
                          "folder:DIR (pictures resized to the size) or idx:IMAGES[,LABELS]."));
    m_size = makeSpin(0, 32, tr("Side of the square images after resizing (area average, e.g. 28 → 14);\n"
                                "0 keeps the data set's own. Smaller images sample faster."), m_imageControls);
    m_size->setSpecialValueText(tr("own"));
    m_exactImages = makeSpin(1, core::SceneImages::kMaxExactImages,
                             tr("Training images the exact (memorising) field is built from: each field evaluation\n"
                                "costs images × pixels per sample, so fewer re-simulate faster. The exact field's\n"
                                "samples are copies of these images."), m_imageControls);
    m_model = new QLineEdit(m_imageControls);
    m_model->setPlaceholderText(tr("no model: exact field"));
    m_model->setToolTip(tr("The U-Net file (from flowlab-cli images train) the learned field uses (Interpolant and\n"
                           "field dock → field: learned). Missing or unfit for the data → the exact field, said on screen."));
    auto* browse = new QToolButton(m_imageControls);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a U-Net file."));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("U-Net model"), QString(),
                                                          tr("FlowLab models (*.flowlab);;All files (*)"));
        if (path.isEmpty()) return;
        m_model->setText(path);
        notify();
    });
    auto* modelRow = new QHBoxLayout();
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browse);
    m_class = makeSpin(-1, 999, tr("Sample one class only: the exact field of that class's images, or the network's\n"
                                   "class embedding. “none”: every class."), m_imageControls);
    m_class->setSpecialValueText(tr("none"));
    m_guidance = makeDoubleSpin(0.0, 100.0, 0.5, 1.0,
                                tr("Classifier-free guidance w with a class: b_w = (1 − w) b(·|∅) + w b(·|y).\n"
                                   "0 unconditional, 1 conditional, > 1 guided (sharper, less diverse)."), m_imageControls);
    m_rows = makeSpin(1, core::SceneImages::kMaxGridSide, tr("Rows of the grid of samples."), m_imageControls);
    m_columns = makeSpin(1, core::SceneImages::kMaxGridSide, tr("Columns of the grid of samples (samples = rows × columns)."),
                         m_imageControls);
    auto* grid = new QHBoxLayout();
    grid->addWidget(m_rows);
    grid->addWidget(m_columns);
    form->addRow(tr("Data"), m_data);
    form->addRow(tr("Size"), m_size);
    form->addRow(tr("Exact field images"), m_exactImages);
    form->addRow(tr("Model"), modelRow);
    form->addRow(tr("Class"), m_class);
    form->addRow(tr("Guidance w"), m_guidance);
    form->addRow(tr("Grid rows × columns"), grid);

    auto* layout = new QVBoxLayout(this);
    auto* top = new QFormLayout();
    top->addRow(tr("Scene kind"), m_kind);
    layout->addLayout(top);
    layout->addWidget(m_imageControls);
    layout->addStretch(1);

    connect(m_kind, qOverload<int>(&QComboBox::activated), this, [this] {
        showKind();
        notify();
    });
    connect(m_data, qOverload<int>(&QComboBox::activated), this, [this] { notify(); });
    connect(m_model, &QLineEdit::editingFinished, this, [this] { notify(); });
    for (QSpinBox* s : {m_size, m_exactImages, m_class, m_rows, m_columns})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, [this] { notify(); });
    connect(m_guidance, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] { notify(); });
    showKind();
}

void ImageScenePanel::showKind() {
    m_imageControls->setVisible(m_kind->currentData().toInt() == int(core::SceneKind::Images));
}

void ImageScenePanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    const core::SceneSettings& sc = s.scene;
    m_kind->setCurrentIndex(m_kind->findData(int(sc.kind)));
    const QString data = QString::fromStdString(sc.data);
    if (m_data->findText(data) < 0) m_data->addItem(data);
    m_data->setCurrentText(data);
    m_size->setValue(sc.size);
    m_exactImages->setValue(sc.exactImages);
    m_model->setText(sc.models.empty() ? QString() : QString::fromStdString(sc.models.front()));
    m_class->setValue(sc.classLabel);
    m_guidance->setValue(sc.guidance);
    m_rows->setValue(sc.rows);
    m_columns->setValue(sc.columns);
    showKind();
}

void ImageScenePanel::store(ExplorerSettings& s) const {
    core::SceneSettings& sc = s.scene;
    const auto kind = core::SceneKind(m_kind->currentData().toInt());
    // Images only generate: the timeline's direction is Generate there.
    if (kind == core::SceneKind::Images && !sc.isImages()) sc.direction = Direction::Generate;
    sc.kind = kind;
    sc.data = m_data->currentText().trimmed().toStdString();
    sc.size = m_size->value();
    sc.exactImages = m_exactImages->value();
    const std::string model = m_model->text().trimmed().toStdString();
    // The first listed model is the one shown; the others of a scene file stay behind it.
    if (model.empty()) {
        sc.models.clear();
    } else if (sc.models.empty() || sc.models.front() != model) {
        sc.models.insert(sc.models.begin(), model);
        if (sc.models.size() > 4) sc.models.resize(4);
    }
    sc.classLabel = m_class->value();
    sc.guidance = m_guidance->value();
    sc.rows = m_rows->value();
    sc.columns = m_columns->value();
}

}  // namespace flowlab::ui
