#include "images/inpaint_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <chrono>

#include "common/rng.hpp"
#include "images/image_strip.hpp"
#include "images/mask_canvas.hpp"
#include "sampler/image_sampling.hpp"

namespace flowlab::ui {
namespace {

/// Frames shown per second while a fill runs (the rest are computed but not sent).
constexpr int kFrameIntervalMs = 40;

struct SolverChoice {
    const char* label;
    core::SolverKind kind;
};
const SolverChoice kSolvers[] = {{"Euler–Maruyama (SDE)", core::SolverKind::EulerMaruyama},
                                 {"stochastic Heun (SDE)", core::SolverKind::StochasticHeun},
                                 {"Heun (ODE)", core::SolverKind::Heun},
                                 {"RK4 (ODE)", core::SolverKind::Rk4}};

}  // namespace

InpaintPanel::InpaintPanel(QWidget* parent) : QWidget(parent), m_queue(QStringLiteral("flowlab-inpaint")) {
    m_canvas = new MaskCanvas(this);
    m_strip = new ImageStrip(this);
    m_strip->setToolTip(tr("The fills of the hole, each from its own noise; the known pixels are replaced by a fresh "
                           "draw of the path after every step and by the image itself at the end"));
    m_index = new QSpinBox(this);
    m_index->setToolTip(tr("Which test image to inpaint (images the model never trained on)"));
    m_imageLabel = new QLabel(this);
    m_imageLabel->setToolTip(tr("The class of the chosen test image"));
    m_brush = new QSpinBox(this);
    m_brush->setRange(0, 8);
    m_brush->setValue(1);
    m_brush->setSuffix(tr(" px"));
    m_brush->setToolTip(tr("Radius of the mask brush in image pixels"));
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("Remove the whole mask"));
    auto* centre = new QPushButton(tr("Centre"), this);
    centre->setToolTip(tr("A square hole over the centre half of the image"));
    auto* lower = new QPushButton(tr("Lower half"), this);
    lower->setToolTip(tr("Hide the lower half of the image"));
    m_count = new QSpinBox(this);
    m_count->setRange(1, 8);
    m_count->setValue(4);
    m_count->setToolTip(tr("How many fills to draw at once, each from different noise"));
    m_solver = new QComboBox(this);
    for (const auto& s : kSolvers) m_solver->addItem(tr(s.label));
    m_solver->setToolTip(tr("Sampler of every step between replacements: an SDE adds fresh noise, which lets the "
                            "fill adapt to the known pixels"));
    m_steps = new QSpinBox(this);
    m_steps->setRange(5, 1000);
    m_steps->setValue(100);
    m_steps->setToolTip(tr("Steps from t = 0 to t = 1 (one replacement of the known pixels after each)"));
    m_epsilon = new QDoubleSpinBox(this);
    m_epsilon->setRange(0.0, 10.0);
    m_epsilon->setSingleStep(0.1);
    m_epsilon->setValue(0.5);
    m_epsilon->setToolTip(tr("Diffusion ε of the SDE, tapered to 0 near both ends of the path (ignored by the ODE solvers)"));
    m_run = new QPushButton(tr("Inpaint"), this);
    m_run->setToolTip(tr("Fill the painted hole (a new run replaces a running one)"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setToolTip(tr("Stop the running fill"));
    m_stop->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("What the panel is doing, and what went wrong if a run failed"));

    auto* maskRow = new QHBoxLayout;
    maskRow->addWidget(m_brush);
    maskRow->addWidget(clear);
    maskRow->addWidget(centre);
    maskRow->addWidget(lower);
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(m_index);
    imageRow->addWidget(m_imageLabel, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    auto* form = new QFormLayout;
    form->addRow(tr("Test image"), imageRow);
    form->addRow(tr("Mask"), maskRow);
    form->addRow(tr("Fills"), m_count);
    form->addRow(tr("Solver"), m_solver);
    form->addRow(tr("Steps"), m_steps);
    form->addRow(tr("ε"), m_epsilon);
    auto* pictures = new QHBoxLayout;
    pictures->addWidget(m_canvas, 2);
    pictures->addWidget(m_strip, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pictures, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_index, qOverload<int>(&QSpinBox::valueChanged), this, [this] { refreshImage(); });
    connect(m_brush, qOverload<int>(&QSpinBox::valueChanged), m_canvas, &MaskCanvas::setBrushRadius);
    connect(clear, &QPushButton::clicked, this, [this] { m_canvas->setHole(std::vector<bool>(m_canvas->hole().size(), false)); });
    connect(centre, &QPushButton::clicked, this, [this] { holeCentre(0.5); });
    connect(lower, &QPushButton::clicked, this, [this] {
        std::vector<bool> h(m_canvas->hole().size(), false);
        for (int r = m_shape.height / 2; r < m_shape.height; ++r)
            for (int c = 0; c < m_shape.width; ++c) h[std::size_t(r * m_shape.width + c)] = true;
        m_canvas->setHole(std::move(h));
    });
    connect(m_solver, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_epsilon->setEnabled(samplerOptions().isSde());  // the ODE solvers ignore ε
    });
    connect(m_run, &QPushButton::clicked, this, &InpaintPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &InpaintPanel::cancel);
    connect(this, &InpaintPanel::frameFromWorker, this, &InpaintPanel::onFrame, Qt::QueuedConnection);
    connect(this, &InpaintPanel::failureFromWorker, this, &InpaintPanel::onFailure, Qt::QueuedConnection);
    m_status->setText(tr("Choose a field and a test image, paint a hole, then Inpaint."));
}

InpaintPanel::~InpaintPanel() { m_queue.cancel(); }

void InpaintPanel::setField(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant,
                            const QString& label) {
    cancel();
    m_field = std::move(field);
    m_interpolant = std::move(interpolant);
    m_fieldLabel = label;
    m_status->setText(tr("Field: %1").arg(label));
}

void InpaintPanel::setTestImages(std::shared_ptr<const core::ImageDataset> images) {
    cancel();
    m_images = std::move(images);
    m_shape = m_images ? ImageShape{m_images->channels, m_images->height, m_images->width} : ImageShape{};
    m_strip->setShape(m_shape);
    m_index->setRange(0, m_images && m_images->size() > 0 ? int(m_images->size()) - 1 : 0);
    refreshImage();
}

void InpaintPanel::setTheme(const Theme& theme) {
    m_canvas->setTheme(theme);
    m_strip->setTheme(theme);
}

void InpaintPanel::selectImage(int index) { m_index->setValue(index); refreshImage(); }
int InpaintPanel::selectedImage() const { return m_index->value(); }

void InpaintPanel::refreshImage() {
    if (!m_images || m_images->size() == 0) {
        m_imageLabel->setText(tr("no test images"));
        return;
    }
    const auto i = std::size_t(m_index->value());
    const Eigen::RowVectorXd image = Eigen::Map<const Eigen::RowVectorXf>(m_images->image(i), m_images->dim()).cast<double>();
    m_canvas->setImage(image, m_shape);
    m_imageLabel->setText(imageClassName(*m_images, i));
}

void InpaintPanel::holeCentre(double fraction) {
    std::vector<bool> h(std::size_t(m_shape.height * m_shape.width), false);
    const int hh = std::max(1, int(m_shape.height * fraction)), ww = std::max(1, int(m_shape.width * fraction));
    const int r0 = (m_shape.height - hh) / 2, c0 = (m_shape.width - ww) / 2;
    for (int r = r0; r < r0 + hh; ++r)
        for (int c = c0; c < c0 + ww; ++c) h[std::size_t(r * m_shape.width + c)] = true;
    m_canvas->setHole(std::move(h));
}

core::SamplerOptions InpaintPanel::samplerOptions() const {
    core::SamplerOptions o;
    o.solver = kSolvers[std::max(0, m_solver->currentIndex())].kind;
    o.steps = m_steps->value();
    o.epsilon.kind = core::EpsilonKind::Taper;
    o.epsilon.value = o.isSde() ? m_epsilon->value() : 0.0;
    return o;
}

Eigen::RowVectorXd InpaintPanel::knownImage() const { return m_runKnown; }
Eigen::RowVectorXd InpaintPanel::knownMask() const { return m_runMask; }
QString InpaintPanel::statusText() const { return m_status->text(); }

void InpaintPanel::setRunning(bool running) {
    m_running = running;
    m_stop->setEnabled(running);
}

void InpaintPanel::start() {
    if (!m_field || !m_interpolant || !m_images || m_images->size() == 0) {
        m_status->setText(tr("Nothing to inpaint yet: the panel needs a field and test images."));
        return;
    }
    if (m_field->dim() != m_shape.dim()) {
        m_status->setText(tr("The field has %1 values per image, the test images %2.").arg(m_field->dim()).arg(m_shape.dim()));
        return;
    }
    if (m_canvas->holeCount() == 0) {
        m_status->setText(tr("Paint a hole first (left mouse button), or press Centre."));
        return;
    }
    const core::SamplerOptions options = samplerOptions();
    if (const std::string p = options.validate(*m_interpolant); !p.empty()) {
        m_status->setText(QString::fromStdString(p));
        return;
    }
    const int count = m_count->value();
    m_runKnown = Eigen::Map<const Eigen::RowVectorXf>(m_images->image(std::size_t(m_index->value())), m_shape.dim()).cast<double>();
    m_runMask = m_canvas->knownMask();
    const quint64 generation = ++m_generation;
    setRunning(true);
    m_status->setText(tr("Filling %1 pixels with %2 (%3, %4 steps)…")
                          .arg(m_canvas->holeCount()).arg(m_fieldLabel, m_solver->currentText()).arg(options.steps));
    m_queue.submit(
        [this, generation, field = m_field, interpolant = *m_interpolant, known = core::Points(m_runKnown.replicate(count, 1)),
         mask = core::Points(m_runMask.replicate(count, 1)), options, seed = m_seed](const JobQueue::CancelFlag& cancelled) {
            core::Rng rng(seed);
            const core::Points start = core::gaussianStart(interpolant, field->dim(), known.rows(), rng);
            auto last = std::chrono::steady_clock::time_point{};  // the first step is always shown
            auto observe = [&](double t, const core::Points& x) {
                if (cancelled.load()) return false;
                const auto now = std::chrono::steady_clock::now();
                if (now - last >= std::chrono::milliseconds(kFrameIntervalMs) && t < 1.0) {
                    last = now;
                    emit frameFromWorker(generation, t, std::make_shared<const core::Points>(x), false, 0);
                }
                return true;
            };
            auto r = core::inpaint(*field, interpolant, known, mask, start, options, rng, {}, observe);
            if (cancelled.load()) return;
            if (!r)
                emit failureFromWorker(generation, QString::fromStdString(r.message()));
            else
                emit frameFromWorker(generation, 1.0, std::make_shared<const core::Points>(std::move(r->end)), true, r->nfe);
        },
        [this, generation](const QString& message) { emit failureFromWorker(generation, message); });
}

void InpaintPanel::cancel() {
    m_queue.cancel();
    ++m_generation;  // whatever is still queued from the old run is dropped
    if (m_running) m_status->setText(tr("Stopped."));
    setRunning(false);
}

void InpaintPanel::onFrame(quint64 generation, double t, std::shared_ptr<const core::Points> state, bool last, int nfe) {
    if (generation != m_generation || !state) return;
    m_fills = *state;
    m_fillTime = t;
    QStringList captions;
    for (Eigen::Index i = 0; i < m_fills.rows(); ++i) captions << tr("fill %1").arg(i + 1);
    m_strip->setTitle(last ? tr("%1 fills at t = 1 (done)").arg(m_fills.rows()) : tr("fills at t = %1").arg(t, 0, 'f', 2));
    m_strip->setImages(m_fills, captions);
    emit progressed(t);
    if (last) {
        setRunning(false);
        m_status->setText(tr("Done: %1 fills, NFE %2 each, known pixels kept exactly. Field: %3")
                              .arg(m_fills.rows()).arg(nfe).arg(m_fieldLabel));
        emit finished();
    }
}

void InpaintPanel::onFailure(quint64 generation, const QString& message) {
    if (generation != m_generation) return;
    setRunning(false);
    m_status->setText(tr("Inpainting failed: %1").arg(message));
    emit failed(message);
}

}  // namespace flowlab::ui
