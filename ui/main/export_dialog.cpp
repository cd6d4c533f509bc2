#include "main/export_dialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <iterator>

#include "export/video_export_job.hpp"

namespace flowlab::ui {
namespace {

struct FormatChoice {
    const char* label;
    const char* suffix;  // "/" for a folder
};
const FormatChoice kFormats[] = {
    {"MP4 (H.264)", ".mp4"}, {"WebM (VP9)", ".webm"}, {"GIF", ".gif"}, {"PNG sequence (folder)", "/"}, {"PNG still", ".png"},
    {"SVG still (vector)", ".svg"},
};
constexpr int kPngStillFormat = 4;  // kFormats' "PNG still"
const QSize kResolutions[] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
// The "What" choices beyond the current panel (0) and the compare layout (1).
constexpr int kWhatFilmstrip = 2;
constexpr int kWhatPca = 3;

QString withSuffix(QString path, const QString& suffix) {
    while (path.endsWith('/')) path.chop(1);
    const QFileInfo info(path);
    QString stem = info.suffix().isEmpty() ? path : path.left(path.size() - info.suffix().size() - 1);
    return stem + suffix;
}

}  // namespace

ExportDialog::ExportDialog(const ExplorerSettings& settings, QWidget* parent) : QDialog(parent), m_settings(settings) {
    setWindowTitle(tr("Export video"));
    auto* form = new QFormLayout;

    m_path = new QLineEdit(QStringLiteral("flowlab.mp4"));
    m_path->setToolTip(tr("Where to write the video (a folder ending in / for a PNG sequence)"));
    auto* browseButton = new QPushButton(tr("Browse…"));
    browseButton->setToolTip(tr("Choose the output file"));
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path);
    pathRow->addWidget(browseButton);
    form->addRow(tr("File"), pathRow);

    m_format = new QComboBox;
    for (const auto& f : kFormats) m_format->addItem(tr(f.label));
    m_format->setToolTip(tr("MP4 plays in browsers and PowerPoint; WebM is smaller; GIF for slides without video; "
                            "PNG sequence or still for editing"));
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    form->addRow(tr("Format"), m_format);

    m_resolution = new QComboBox;
    m_resolution->addItems({tr("720p (1280×720)"), tr("1080p (1920×1080)"), tr("4K (3840×2160)"), tr("Custom")});
    m_resolution->setToolTip(tr("Frame size; the picture is redrawn at this size, not scaled"));
    m_width = new QSpinBox;
    m_height = new QSpinBox;
    for (QSpinBox* s : {m_width, m_height}) {
        s->setRange(16, 8192);
        s->setSingleStep(2);
    }
    m_width->setToolTip(tr("Width in pixels (even for MP4 and WebM)"));
    m_height->setToolTip(tr("Height in pixels (even for MP4 and WebM)"));
    m_width->setValue(1280);
    m_height->setValue(720);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_resolution);
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(m_height);
    connect(m_resolution, &QComboBox::currentIndexChanged, this, &ExportDialog::resolutionChanged);
    form->addRow(tr("Resolution"), sizeRow);

    m_fps = new QComboBox;
    m_fps->addItems({QStringLiteral("24"), QStringLiteral("30"), QStringLiteral("60")});
    m_fps->setCurrentIndex(1);
    m_fps->setToolTip(tr("Frames per second (GIF: at most 50, so 60 is not offered with GIF)"));
    form->addRow(tr("Frame rate"), m_fps);

    m_seconds = new QDoubleSpinBox;
    m_seconds->setRange(0.1, 3600);
    m_seconds->setValue(m_settings.playback.secondsPerSweep);
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setToolTip(tr("Length of the sweep through t (there and back with Bounce), holds excluded"));
    form->addRow(tr("Duration"), m_seconds);

    m_tStart = new QDoubleSpinBox;
    m_tEnd = new QDoubleSpinBox;
    for (QDoubleSpinBox* s : {m_tStart, m_tEnd}) {
        s->setRange(0, 1);
        s->setDecimals(3);
        s->setSingleStep(0.05);
    }
    m_tEnd->setValue(1);
    m_tStart->setToolTip(tr("Lowest t shown"));
    m_tEnd->setToolTip(tr("Highest t shown"));
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_tStart);
    rangeRow->addWidget(m_tEnd);
    form->addRow(tr("t range"), rangeRow);

    m_direction = new QComboBox;
    m_direction->addItems({tr("Generate (base → target)"), tr("Encode (target → base)")});
    m_direction->setCurrentIndex(m_settings.scene.direction == Direction::Encode ? 1 : 0);
    m_direction->setToolTip(tr("Generate sweeps t upwards from the base; encode sweeps t downwards from the target"));
    form->addRow(tr("Direction"), m_direction);

    m_holdStart = new QSpinBox;
    m_holdEnd = new QSpinBox;
    for (QSpinBox* s : {m_holdStart, m_holdEnd}) s->setRange(0, 10000);
    m_holdStart->setToolTip(tr("Frames the first picture is held before the sweep"));
    m_holdEnd->setToolTip(tr("Frames the last picture is held after the sweep"));
    auto* holdRow = new QHBoxLayout;
    holdRow->addWidget(m_holdStart);
    holdRow->addWidget(m_holdEnd);
    form->addRow(tr("Hold frames (start, end)"), holdRow);

    m_bounce = new QCheckBox(tr("Bounce"));
    m_bounce->setChecked(m_settings.playback.loopMode == LoopMode::Bounce);
    m_bounce->setToolTip(tr("Sweep there and back, ending where it started (loops seamlessly)"));
    form->addRow(QString(), m_bounce);

    m_title = new QCheckBox(tr("Title"));
    m_title->setObjectName(QStringLiteral("overlayTitle"));
    m_title->setToolTip(tr("Draw the densities (base → target) and the method, top left"));
    m_time = new QCheckBox(tr("t counter"));
    m_time->setObjectName(QStringLiteral("overlayTime"));
    m_time->setToolTip(tr("Draw the t readout with its progress bar, top right"));
    m_formula = new QCheckBox(tr("Formula"));
    m_formula->setObjectName(QStringLiteral("overlayFormula"));
    m_formula->setToolTip(tr("Draw the interpolant's formula under the title"));
    m_legend = new QCheckBox(tr("Legend"));
    m_legend->setObjectName(QStringLiteral("overlayLegend"));
    m_legend->setToolTip(tr("Draw the legend of what is shown, bottom left"));
    auto* overlayRow = new QHBoxLayout;
    for (QCheckBox* c : {m_title, m_time, m_formula, m_legend}) {
        c->setChecked(m_settings.view.layers.legend);
        overlayRow->addWidget(c);
    }
    form->addRow(tr("Overlays"), overlayRow);

    m_what = new QComboBox;
    m_what->setObjectName(QStringLiteral("exportWhat"));
    m_what->addItems({tr("Current panel"), tr("Whole compare layout"), tr("Inspector filmstrip (a still)"), tr("PCA view")});
    m_what->setToolTip(tr("Export the current panel alone, or every panel of the compare layout side by side on "
                          "one clock (needs a compare layout in the window).\n"
                          "Image scenes also: the inspector's filmstrip of one sample (a PNG still), or the PCA view\n"
                          "(the samples on the data's first two principal components, moving with t)."));
    form->insertRow(0, tr("What"), m_what);  // first: it decides what the rest applies to
    m_sample = new QSpinBox;
    m_sample->setObjectName(QStringLiteral("exportSample"));
    m_sample->setRange(0, std::max(0, m_settings.scene.sampleCount() - 1));
    m_sample->setToolTip(tr("The sample of the grid whose filmstrip is exported (counted row by row from 0; the\n"
                            "window proposes the one in the inspector)"));
    form->insertRow(1, tr("Filmstrip sample"), m_sample);
    connect(m_what, &QComboBox::currentIndexChanged, this, &ExportDialog::whatChanged);
    setComparePanels({});

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Render and write the video"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without exporting"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resolutionChanged();
}

QString ExportDialog::path() const { return m_path->text(); }

void ExportDialog::setPath(const QString& path) { m_path->setText(path); }

VideoRenderOptions ExportDialog::options() const {
    VideoRenderOptions o;
    o.size = QSize(m_width->value(), m_height->value());
    o.timeline.fps = m_fps->currentText().toDouble();
    o.timeline.seconds = m_seconds->value();
    o.timeline.tStart = m_tStart->value();
    o.timeline.tEnd = m_tEnd->value();
    o.timeline.holdStartFrames = m_holdStart->value();
    o.timeline.holdEndFrames = m_holdEnd->value();
    o.timeline.bounce = m_bounce->isChecked();
    o.overlays.title = m_title->isChecked();
    o.overlays.time = m_time->isChecked();
    o.overlays.formula = m_formula->isChecked();
    o.overlays.legend = m_legend->isChecked();
    o.imageView = imageView();
    o.imageSample = m_sample->value();
    return o;
}

ImageView ExportDialog::imageView() const {
    if (!m_settings.scene.isImages()) return ImageView::Grid;
    return m_what->currentIndex() == kWhatFilmstrip ? ImageView::Filmstrip
           : m_what->currentIndex() == kWhatPca     ? ImageView::Pca
                                                    : ImageView::Grid;
}

void ExportDialog::setImageSample(int sample) {
    if (sample >= 0) m_sample->setValue(sample);
}

void ExportDialog::setWhat(ImageView view) {
    if (!m_settings.scene.isImages()) return;
    m_what->setCurrentIndex(view == ImageView::Filmstrip ? kWhatFilmstrip : view == ImageView::Pca ? kWhatPca : 0);
}

void ExportDialog::whatChanged() {
    const bool filmstrip = imageView() == ImageView::Filmstrip;
    m_sample->setEnabled(filmstrip);
    // The filmstrip is a still: only the PNG still format holds it.
    for (int i = 0; i < int(std::size(kFormats)); ++i)
        m_format->setItemData(i, !filmstrip || QLatin1String(kFormats[i].suffix) == QLatin1String(".png") ? 33 : 0,
                              Qt::UserRole - 1);
    if (filmstrip) m_format->setCurrentIndex(kPngStillFormat);
}

ExplorerSettings ExportDialog::settings() const {
    ExplorerSettings s = m_settings;
    s.scene.direction = m_direction->currentIndex() == 1 ? Direction::Encode : Direction::Generate;
    // The overlay layer is on when any part of it is; options().overlays picks the parts.
    s.view.layers.legend = m_title->isChecked() || m_time->isChecked() || m_formula->isChecked() || m_legend->isChecked();
    return s;
}

void ExportDialog::setComparePanels(std::vector<ComparePanel> panels) {
    m_panels = std::move(panels);
    const bool available = !m_panels.empty();
    // Item 1 ("whole compare layout") is enabled only with a layout to export.
    m_what->setItemData(1, available ? 33 : 0, Qt::UserRole - 1);
    // The filmstrip and the PCA view exist in image scenes only.
    const bool images = m_settings.scene.isImages();
    m_what->setItemData(kWhatFilmstrip, images ? 33 : 0, Qt::UserRole - 1);
    m_what->setItemData(kWhatPca, images ? 33 : 0, Qt::UserRole - 1);
    m_what->setCurrentIndex(available ? 1 : 0);
    m_what->setEnabled(available || images);
    whatChanged();
}

bool ExportDialog::exportsCompareLayout() const { return !m_panels.empty() && m_what->currentIndex() == 1; }

std::vector<ComparePanel> ExportDialog::comparePanels() const {
    if (!exportsCompareLayout()) return {};
    std::vector<ComparePanel> panels = m_panels;
    const Direction direction = settings().scene.direction;
    for (auto& p : panels) p.scene.direction = direction;
    return panels;
}

void ExportDialog::formatChanged() {
    const FormatChoice& f = kFormats[m_format->currentIndex()];
    m_path->setText(withSuffix(m_path->text(), QString::fromLatin1(f.suffix)));
    const bool gif = QString::fromLatin1(f.suffix) == QLatin1String(".gif");
    if (gif && m_fps->currentIndex() == 2) m_fps->setCurrentIndex(1);
    m_fps->setItemData(2, gif ? 0 : 33, Qt::UserRole - 1);  // disables "60" for GIF
}

void ExportDialog::resolutionChanged() {
    const int i = m_resolution->currentIndex();
    const bool custom = i >= int(std::size(kResolutions));
    m_width->setEnabled(custom);
    m_height->setEnabled(custom);
    if (!custom) {
        m_width->setValue(kResolutions[i].width());
        m_height->setValue(kResolutions[i].height());
    }
}

void ExportDialog::browse() {
    const QString p = QFileDialog::getSaveFileName(this, tr("Export video"), m_path->text());
    if (!p.isEmpty()) m_path->setText(withSuffix(p, QString::fromLatin1(kFormats[m_format->currentIndex()].suffix)));
}

void runVideoExport(QWidget* parent, const ExplorerSettings& settings, const std::vector<ComparePanel>& panels,
                    std::shared_ptr<const core::FieldSource> field, const std::function<void(VideoRenderOptions&)>& adjust,
                    int imageSample) {
    ExportDialog dialog(settings, parent);
    dialog.setComparePanels(panels);
    dialog.setImageSample(imageSample);
    if (dialog.exec() != QDialog::Accepted) return;
    VideoRenderOptions options = dialog.options();
    options.field = std::move(field);
    if (adjust) adjust(options);
    auto* job = new VideoExportJob(dialog.settings(), options, dialog.path(), parent);
    job->setComparePanels(dialog.comparePanels());
    auto* progress = new QProgressDialog(QObject::tr("Exporting %1…").arg(dialog.path()), QObject::tr("Cancel"), 0, 100, parent);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    QObject::connect(progress, &QProgressDialog::canceled, job, &VideoExportJob::cancel);
    QObject::connect(job, &VideoExportJob::progress, progress, [progress](int stage, int done, int total) {
        if (stage == int(VideoRenderStage::Rendering))
            progress->setLabelText(QObject::tr("Rendering frame %1 of %2").arg(done + 1).arg(total));
        else
            progress->setLabelText(stage == int(VideoRenderStage::Preparing) ? QObject::tr("Simulating…")
                                                                            : QObject::tr("Finishing…"));
        progress->setValue(total > 0 ? 100 * done / total : 0);
    });
    QObject::connect(job, &VideoExportJob::finished, parent, [job, progress, parent](bool ok, const QString& message) {
        progress->deleteLater();
        job->deleteLater();
        if (ok)
            QMessageBox::information(parent, QObject::tr("Export finished"), message);
        else
            QMessageBox::warning(parent, QObject::tr("Export failed"),
                                 QObject::tr("Nothing was written: %1").arg(message));
    });
    job->start();
}

}  // namespace flowlab::ui
