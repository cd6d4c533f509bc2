#include "panel/image_import_dialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "panel/spin_box.hpp"

namespace flowlab::ui {
namespace {

constexpr int kPreviewSide = 256;
constexpr int kDebounceMs = 150;

}  // namespace

ImageImportDialog::ImageImportDialog(const ImageImport& initial, QWidget* parent) : QDialog(parent), m_initial(initial) {
    setWindowTitle(tr("Image as a density — %1").arg(QFileInfo(initial.path).fileName()));
    const core::ImageDensityOptions& o = initial.options;

    m_role = new QComboBox(this);
    m_role->addItem(tr("target ρ₁"), int(DensityRole::Target));
    m_role->addItem(tr("base ρ₀"), int(DensityRole::Base));
    m_role->setCurrentIndex(initial.role == DensityRole::Base ? 1 : 0);
    m_role->setToolTip(tr("Which density the image replaces."));
    m_weight = new QComboBox(this);
    m_weight->addItem(tr("intensity × alpha"), int(core::ImageDensityOptions::Weight::IntensityTimesAlpha));
    m_weight->addItem(tr("intensity"), int(core::ImageDensityOptions::Weight::Intensity));
    m_weight->addItem(tr("alpha"), int(core::ImageDensityOptions::Weight::Alpha));
    m_weight->setCurrentIndex(m_weight->findData(int(o.weight)));
    m_weight->setToolTip(tr("What gives a pixel its weight: its brightness, its opacity, or both."));
    m_invert = new QCheckBox(tr("invert (dark = mass)"), this);
    m_invert->setChecked(o.invert);
    m_invert->setToolTip(tr("Use 1 − intensity: dark strokes on white paper carry the mass."));
    m_contrast = makeDoubleSpin(0.1, 10.0, 0.1, o.contrast, tr("Exponent on the weight: > 1 sharpens bright regions, < 1 softens."), this);
    m_threshold = makeDoubleSpin(0.0, 0.99, 0.05, o.threshold, tr("Weights below this (after contrast) become 0."), this);
    m_centerX = makeDoubleSpin(-50.0, 50.0, 0.25, o.centerX, tr("Centre of the picture in the plane (x)."), this);
    m_centerY = makeDoubleSpin(-50.0, 50.0, 0.25, o.centerY, tr("Centre of the picture in the plane (y)."), this);
    m_size = makeDoubleSpin(0.1, 50.0, 0.25, o.halfExtent, tr("Half the longer side of the picture, in plane units."), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Replace"), m_role);
    form->addRow(tr("Weight"), m_weight);
    form->addRow(QString(), m_invert);
    form->addRow(tr("Contrast"), m_contrast);
    form->addRow(tr("Threshold"), m_threshold);
    form->addRow(tr("Centre x"), m_centerX);
    form->addRow(tr("Centre y"), m_centerY);
    form->addRow(tr("Half size"), m_size);

    m_preview = new QLabel(this);
    m_preview->setFixedSize(kPreviewSide, kPreviewSide);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setToolTip(tr("The density raster the image becomes (white = most mass)."));
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_info->setToolTip(tr("Gaussian components in use and the energy distance between the raster and the mixture."));

    auto* top = new QHBoxLayout;
    top->addLayout(form);
    top->addWidget(m_preview);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Use the image as the chosen density."));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_info);
    layout->addWidget(m_buttons);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ImageImportDialog::refreshPreview);
    for (QDoubleSpinBox* s : {m_contrast, m_threshold, m_centerX, m_centerY, m_size})
        connect(s, &QDoubleSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_weight, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_invert, &QCheckBox::toggled, m_debounce, qOverload<>(&QTimer::start));
    refreshPreview();
}

ImageImport ImageImportDialog::import() const {
    ImageImport i = m_initial;
    i.role = DensityRole(m_role->currentData().toInt());
    i.options.weight = core::ImageDensityOptions::Weight(m_weight->currentData().toInt());
    i.options.invert = m_invert->isChecked();
    i.options.contrast = m_contrast->value();
    i.options.threshold = m_threshold->value();
    i.options.centerX = m_centerX->value();
    i.options.centerY = m_centerY->value();
    i.options.halfExtent = m_size->value();
    return i;
}

void ImageImportDialog::refreshPreview() {
    auto preview = previewImage(import());
    m_previewOk = preview.ok();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_previewOk);
    if (!preview) {
        m_preview->setPixmap({});
        m_preview->setText(tr("no density"));
        m_info->setText(tr("⚠ %1").arg(QString::fromStdString(preview.message())));
        return;
    }
    m_preview->setPixmap(QPixmap::fromImage(preview->raster.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio)));
    QString text = tr("%1 Gaussian components (from %2 non-empty cells) · approximation error %3")
                       .arg(preview->components)
                       .arg(preview->nonEmptyCells)
                       .arg(preview->approximationError, 0, 'f', 4);
    if (preview->downsampled)
        text += tr("\nThe %1×%2 image was downsampled to the density raster.").arg(preview->sourceWidth).arg(preview->sourceHeight);
    m_info->setText(text);
}

}  // namespace flowlab::ui
