#include "images/latent_morph_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "images/image_strip.hpp"

namespace flowlab::ui {
namespace {

struct OdeChoice {
    const char* label;
    core::SolverKind kind;
};
const OdeChoice kOdeSolvers[] = {{"RK4", core::SolverKind::Rk4}, {"Heun", core::SolverKind::Heun},
                                 {"midpoint", core::SolverKind::Midpoint}, {"Euler", core::SolverKind::Euler}};
/// The exact field's data time (docs/maths.md §11): its flow is still smoothly invertible there.
constexpr double kExactDataTime = 0.8;

}  // namespace

LatentMorphPanel::LatentMorphPanel(QWidget* parent) : QWidget(parent), m_queue(QStringLiteral("flowlab-morph")) {
    m_ends = new ImageStrip(this);
    m_ends->setToolTip(tr("Left and right: the two chosen images; centre: the frame the slider selects, decoded from "
                          "the interpolated latent"));
    m_strip = new ImageStrip(this);
    m_strip->setToolTip(tr("Every decoded frame, from the first image's latent (left) to the second's (right)"));
    m_a = new QSpinBox(this);
    m_a->setToolTip(tr("Index of the first image"));
    m_b = new QSpinBox(this);
    m_b->setToolTip(tr("Index of the second image"));
    m_pairLabel = new QLabel(this);
    m_pairLabel->setToolTip(tr("The classes of the two images"));
    m_count = new QSpinBox(this);
    m_count->setRange(2, 33);
    m_count->setValue(9);
    m_count->setToolTip(tr("Frames between the two images, both ends included"));
    m_tData = new QDoubleSpinBox(this);
    m_tData->setRange(0.05, 1.0);
    m_tData->setSingleStep(0.05);
    m_tData->setDecimals(2);
    m_tData->setValue(1.0);
    m_tData->setToolTip(tr("Time at which the images sit on the path (as β(t) y) before encoding; the exact field "
                           "needs < 1, since near t = 1 its flow merges every image into one latent"));
    m_solver = new QComboBox(this);
    for (const auto& s : kOdeSolvers) m_solver->addItem(tr(s.label));
    m_solver->setToolTip(tr("ODE solver of the encoding and the decoding (a deterministic flow, so that a latent "
                            "decodes back to its image)"));
    m_steps = new QSpinBox(this);
    m_steps->setRange(5, 1000);
    m_steps->setValue(100);
    m_steps->setToolTip(tr("Steps of each of the two ODE solves"));
    m_run = new QPushButton(tr("Interpolate"), this);
    m_run->setToolTip(tr("Encode both images, interpolate their latents and decode every frame (on a worker thread)"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setToolTip(tr("Stop the running interpolation"));
    m_stop->setEnabled(false);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, 0);
    m_slider->setEnabled(false);
    m_slider->setToolTip(tr("Morph from the first image (left) to the second (right) through the ODE latent"));
    m_fraction = new QLabel(this);
    m_fraction->setToolTip(tr("The interpolation fraction f of the frame shown (0: first image, 1: second)"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("What the panel is doing, and what went wrong if a run failed"));

    auto* pair = new QHBoxLayout;
    pair->addWidget(m_a);
    pair->addWidget(m_b);
    pair->addWidget(m_pairLabel, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(m_slider, 1);
    sliderRow->addWidget(m_fraction);
    auto* form = new QFormLayout;
    form->addRow(tr("Images"), pair);
    form->addRow(tr("Frames"), m_count);
    form->addRow(tr("t_data"), m_tData);
    form->addRow(tr("Solver"), m_solver);
    form->addRow(tr("Steps"), m_steps);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_ends, 3);
    layout->addLayout(sliderRow);
    layout->addWidget(m_strip, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_a, qOverload<int>(&QSpinBox::valueChanged), this, [this] { refreshLabels(); });
    connect(m_b, qOverload<int>(&QSpinBox::valueChanged), this, [this] { refreshLabels(); });
    connect(m_slider, &QSlider::valueChanged, this, [this] { showFrame(); });
    connect(m_run, &QPushButton::clicked, this, &LatentMorphPanel::compute);
    connect(m_stop, &QPushButton::clicked, this, &LatentMorphPanel::cancel);
    connect(this, &LatentMorphPanel::resultFromWorker, this, &LatentMorphPanel::onResult, Qt::QueuedConnection);
    connect(this, &LatentMorphPanel::failureFromWorker, this, &LatentMorphPanel::onFailure, Qt::QueuedConnection);
    connect(this, &LatentMorphPanel::progressFromWorker, this, [this](quint64 generation, double f) {
        if (generation == m_generation && m_running)
            m_status->setText(tr("Encoding and decoding… %1 %").arg(int(100 * f)));
    }, Qt::QueuedConnection);
    m_status->setText(tr("Choose two images, then Interpolate."));
}

LatentMorphPanel::~LatentMorphPanel() { m_queue.cancel(); }

void LatentMorphPanel::setField(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant,
                                const QString& label, bool exact) {
    cancel();
    m_field = std::move(field);
    m_interpolant = std::move(interpolant);
    m_fieldLabel = label;
    m_tData->setValue(exact ? kExactDataTime : 1.0);
    m_status->setText(tr("Field: %1").arg(label));
}

void LatentMorphPanel::setImages(std::shared_ptr<const core::ImageDataset> images) {
    cancel();
    m_images = std::move(images);
    m_shape = m_images ? ImageShape{m_images->channels, m_images->height, m_images->width} : ImageShape{};
    m_ends->setShape(m_shape);
    m_strip->setShape(m_shape);
    const int last = m_images && m_images->size() > 0 ? int(m_images->size()) - 1 : 0;
    m_a->setRange(0, last);
    m_b->setRange(0, last);
    m_b->setValue(std::min(1, last));
    m_frames = core::Points();
    m_slider->setEnabled(false);
    refreshLabels();
}

void LatentMorphPanel::setTheme(const Theme& theme) {
    m_theme = theme;
    m_ends->setTheme(theme);
    m_strip->setTheme(theme);
}

void LatentMorphPanel::setPair(int first, int second) {
    m_a->setValue(first);
    m_b->setValue(second);
}

void LatentMorphPanel::setFrameCount(int frames) { m_count->setValue(frames); }

Eigen::RowVectorXd LatentMorphPanel::imageAt(int index) const {
    return Eigen::Map<const Eigen::RowVectorXf>(m_images->image(std::size_t(index)), m_images->dim()).cast<double>();
}

void LatentMorphPanel::refreshLabels() {
    if (!m_images || m_images->size() == 0) {
        m_pairLabel->setText(tr("no images"));
        return;
    }
    auto name = [this](int i) {
        const QString cls = imageClassName(*m_images, std::size_t(i));
        return cls.isEmpty() ? tr("image %1").arg(i) : cls;
    };
    m_pairLabel->setText(tr("%1 → %2").arg(name(m_a->value()), name(m_b->value())));
    if (m_frames.rows() == 0) {
        core::Points ends(2, m_shape.dim());
        ends.row(0) = imageAt(m_a->value());
        ends.row(1) = imageAt(m_b->value());
        m_ends->setImages(ends, {tr("first"), tr("second")});
    }
}

void LatentMorphPanel::setRunning(bool running) {
    m_running = running;
    m_stop->setEnabled(running);
}

QString LatentMorphPanel::statusText() const { return m_status->text(); }

void LatentMorphPanel::compute() {
    if (!m_field || !m_interpolant || !m_images || m_images->size() == 0) {
        m_status->setText(tr("Nothing to interpolate yet: the panel needs a field and images."));
        return;
    }
    if (m_field->dim() != m_shape.dim()) {
        m_status->setText(tr("The field has %1 values per image, the images %2.").arg(m_field->dim()).arg(m_shape.dim()));
        return;
    }
    core::SamplerOptions options;
    options.solver = kOdeSolvers[std::max(0, m_solver->currentIndex())].kind;
    options.steps = m_steps->value();
    const double tData = m_tData->value();
    const double beta = m_interpolant->coeffs(tData).beta;
    if (!(beta > 0.0)) {
        m_status->setText(tr("At t_data = %1 the path holds no image (β = 0); choose a later time.").arg(tData));
        return;
    }
    m_first = imageAt(m_a->value());
    m_second = imageAt(m_b->value());
    const quint64 generation = ++m_generation;
    setRunning(true);
    m_status->setText(tr("Encoding and decoding…"));
    m_queue.submit(
        [this, generation, field = m_field, interpolant = *m_interpolant, a = Eigen::RowVectorXd(beta * m_first),
         b = Eigen::RowVectorXd(beta * m_second), frames = m_count->value(), options, tData,
         beta](const JobQueue::CancelFlag& cancelled) {
            int lastPercent = -1;
            auto progress = [&](double f) {
                const int percent = int(100 * f);
                if (percent != lastPercent) {
                    lastPercent = percent;
                    emit progressFromWorker(generation, f);
                }
                return !cancelled.load();
            };
            auto r = core::interpolateLatents(*field, interpolant, a, b, frames, options, tData, progress);
            if (cancelled.load()) return;
            if (!r)
                emit failureFromWorker(generation, QString::fromStdString(r.message()));
            else
                emit resultFromWorker(generation, std::make_shared<const core::LatentInterpolation>(std::move(*r)), beta);
        },
        [this, generation](const QString& message) { emit failureFromWorker(generation, message); });
}

void LatentMorphPanel::cancel() {
    m_queue.cancel();
    ++m_generation;
    if (m_running) m_status->setText(tr("Stopped."));
    setRunning(false);
}

void LatentMorphPanel::onResult(quint64 generation, std::shared_ptr<const core::LatentInterpolation> result, double beta) {
    if (generation != m_generation || !result) return;
    setRunning(false);
    m_frames = result->images / beta;  // back from the path's β(t) y to the image scale
    m_latents = result->latents;
    QStringList captions;
    const int n = int(m_frames.rows());
    for (int i = 0; i < n; ++i) captions << QString::number(double(i) / (n - 1), 'f', 2);
    m_strip->setImages(m_frames, captions);
    m_slider->setRange(0, n - 1);
    m_slider->setEnabled(true);
    m_slider->setValue(0);
    showFrame();
    m_status->setText(tr("%1 frames through the latent at t = 0 (encoded from t = %2 with %3, %4 steps). Field: %5")
                          .arg(n).arg(m_tData->value()).arg(m_solver->currentText()).arg(m_steps->value()).arg(m_fieldLabel));
    emit computed();
}

void LatentMorphPanel::onFailure(quint64 generation, const QString& message) {
    if (generation != m_generation) return;
    setRunning(false);
    m_status->setText(tr("Interpolation failed: %1").arg(message));
    emit failed(message);
}

Eigen::RowVectorXd LatentMorphPanel::currentFrame() const {
    if (m_frames.rows() == 0) return {};
    return m_frames.row(std::clamp(m_slider->value(), 0, int(m_frames.rows()) - 1));
}

void LatentMorphPanel::showFrame() {
    if (m_frames.rows() == 0) return;
    const int i = std::clamp(m_slider->value(), 0, int(m_frames.rows()) - 1);
    const double f = double(i) / double(m_frames.rows() - 1);
    m_fraction->setText(tr("f = %1").arg(f, 0, 'f', 2));
    core::Points row(3, m_shape.dim());
    row.row(0) = m_first;
    row.row(1) = m_frames.row(i);
    row.row(2) = m_second;
    m_ends->setImages(row, {tr("first"), tr("frame %1 of %2 (f = %3)").arg(i + 1).arg(m_frames.rows()).arg(f, 0, 'f', 2),
                            tr("second")});
    m_ends->setHighlight(1);
    m_strip->setHighlight(i);
}

}  // namespace flowlab::ui
