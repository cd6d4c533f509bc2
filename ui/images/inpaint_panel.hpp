#pragma once

#include <QString>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

#include "field/field_source.hpp"
#include "images/image_dataset.hpp"
#include "view/image_tiles.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"
#include "view/theme.hpp"
#include "worker/job_queue.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace flowlab::ui {

class ImageStrip;
class MaskCanvas;

/// Inpainting by replacement (issue 12; core::inpaint, docs/maths.md §11): choose a test image,
/// paint the hole with the mouse, run the SDE (or an ODE) on a worker thread and watch several
/// fills of the hole appear, step by step. The known pixels are kept exactly. A new run
/// supersedes the running one; Stop cancels it through its atomic flag; a failure (or an
/// exception) is shown on the panel and reported by failed().
///
/// Wiring: setField(field, interpolant, label) whenever the scene's field changes (exact or
/// learned: any FieldSource providing b and s); setTestImages(test split).
class InpaintPanel : public QWidget {
    Q_OBJECT
public:
    explicit InpaintPanel(QWidget* parent = nullptr);
    ~InpaintPanel() override;

    /// The field the fills are sampled from (shared, immutable; evaluated on the worker).
    void setField(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant, const QString& label);
    /// The images one can choose from (the test split: images the model never saw).
    void setTestImages(std::shared_ptr<const core::ImageDataset> images);
    void setTheme(const Theme& theme);
    /// Seed of the noise (the same seed repeats a run exactly).
    void setSeed(std::uint64_t seed) { m_seed = seed; }

    /// Shows test image `index` (clamped) under the mask.
    void selectImage(int index);
    int selectedImage() const;
    /// Sets a centred square hole of `fraction` of the side (the "centre" preset).
    void holeCentre(double fraction = 0.5);
    /// Starts a run with the panel's settings (ignored, with a notice, while nothing can run).
    void start();
    /// Cancels the running fill.
    void cancel();
    bool isRunning() const { return m_running; }

    MaskCanvas* canvas() const { return m_canvas; }
    /// The latest state of the fills (one row per fill; the final result after finished()).
    const core::Points& fills() const { return m_fills; }
    /// The time of that state.
    double fillTime() const { return m_fillTime; }
    /// The chosen test image (1 × d) and the known-pixel mask (1 = known) of the last run.
    Eigen::RowVectorXd knownImage() const;
    Eigen::RowVectorXd knownMask() const;
    QString statusText() const;

signals:
    /// A run reached t (after a shown frame).
    void progressed(double t);
    /// A run ended; fills() holds the result.
    void finished();
    void failed(const QString& message);

    // Worker → GUI (queued; carry the run's generation so a superseded run's frames are dropped).
    void frameFromWorker(quint64 generation, double t, std::shared_ptr<const core::Points> state, bool last, int nfe);
    void failureFromWorker(quint64 generation, const QString& message);

private:
    void onFrame(quint64 generation, double t, std::shared_ptr<const core::Points> state, bool last, int nfe);
    void onFailure(quint64 generation, const QString& message);
    void refreshImage();
    void setRunning(bool running);
    core::SamplerOptions samplerOptions() const;

    std::shared_ptr<const core::FieldSource> m_field;
    std::optional<core::Interpolant> m_interpolant;
    QString m_fieldLabel;
    std::shared_ptr<const core::ImageDataset> m_images;
    ImageShape m_shape;
    std::uint64_t m_seed = 1;
    quint64 m_generation = 0;
    bool m_running = false;
    core::Points m_fills;
    double m_fillTime = 0.0;
    Eigen::RowVectorXd m_runKnown, m_runMask;

    MaskCanvas* m_canvas = nullptr;
    ImageStrip* m_strip = nullptr;
    QSpinBox* m_index = nullptr;
    QLabel* m_imageLabel = nullptr;
    QSpinBox* m_brush = nullptr;
    QSpinBox* m_count = nullptr;
    QComboBox* m_solver = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_epsilon = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_status = nullptr;
    JobQueue m_queue;
};

}  // namespace flowlab::ui
