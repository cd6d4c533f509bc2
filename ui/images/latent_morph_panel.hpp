#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

#include "field/field_source.hpp"
#include "images/image_dataset.hpp"
#include "view/image_tiles.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/image_sampling.hpp"
#include "view/theme.hpp"
#include "worker/job_queue.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flowlab::ui {

class ImageStrip;

/// Latent interpolation (issue 12; core::interpolateLatents, docs/maths.md §11): pick two images,
/// encode both by the backward probability-flow ODE, interpolate the latents spherically and
/// decode every frame by the forward ODE — all on a worker thread; a slider then morphs between
/// the two images through the decoded frames, and the strip below shows them all. The images
/// are placed at β(t_data) y on the path (t_data = 0.8 for the exact field, whose flow collapses
/// onto the training images near t = 1; 1 for a network) and shown divided by β again.
///
/// Wiring: setField(field, interpolant, label, exact) whenever the scene's field changes;
/// setImages(a split of the data). compute() runs with the panel's settings.
class LatentMorphPanel : public QWidget {
    Q_OBJECT
public:
    explicit LatentMorphPanel(QWidget* parent = nullptr);
    ~LatentMorphPanel() override;

    /// `exact` chooses the default data time (0.8 for the memorising exact field, 1 otherwise).
    void setField(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant, const QString& label,
                  bool exact);
    void setImages(std::shared_ptr<const core::ImageDataset> images);
    void setTheme(const Theme& theme);

    /// Chooses the two images (indices into the set, clamped).
    void setPair(int first, int second);
    /// Number of frames, both ends included (2 … 33).
    void setFrameCount(int frames);
    /// Encodes, interpolates and decodes on the worker; a new call supersedes a running one.
    void compute();
    void cancel();
    bool isRunning() const { return m_running; }

    QSlider* slider() const { return m_slider; }
    /// The decoded frames (one row per frame, in the image scale [−1, 1]); empty before a run.
    const core::Points& frames() const { return m_frames; }
    /// The frame the slider shows.
    Eigen::RowVectorXd currentFrame() const;
    /// The two chosen images of the last run.
    Eigen::RowVectorXd firstImage() const { return m_first; }
    Eigen::RowVectorXd secondImage() const { return m_second; }
    QString statusText() const;

signals:
    void computed();
    void failed(const QString& message);

    // Worker → GUI (queued, with the run's generation).
    void resultFromWorker(quint64 generation, std::shared_ptr<const core::LatentInterpolation> result, double beta);
    void failureFromWorker(quint64 generation, const QString& message);
    void progressFromWorker(quint64 generation, double fraction);

private:
    void onResult(quint64 generation, std::shared_ptr<const core::LatentInterpolation> result, double beta);
    void onFailure(quint64 generation, const QString& message);
    void showFrame();
    void refreshLabels();
    void setRunning(bool running);
    Eigen::RowVectorXd imageAt(int index) const;

    std::shared_ptr<const core::FieldSource> m_field;
    std::optional<core::Interpolant> m_interpolant;
    QString m_fieldLabel;
    std::shared_ptr<const core::ImageDataset> m_images;
    ImageShape m_shape;
    quint64 m_generation = 0;
    bool m_running = false;
    core::Points m_frames, m_latents;
    Eigen::RowVectorXd m_first, m_second;

    ImageStrip* m_ends = nullptr;   // A · current frame · B
    ImageStrip* m_strip = nullptr;  // every frame
    QSpinBox* m_a = nullptr;
    QSpinBox* m_b = nullptr;
    QLabel* m_pairLabel = nullptr;
    QSpinBox* m_count = nullptr;
    QDoubleSpinBox* m_tData = nullptr;
    QComboBox* m_solver = nullptr;
    QSpinBox* m_steps = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_fraction = nullptr;
    QLabel* m_status = nullptr;
    Theme m_theme = Theme::dark();
    JobQueue m_queue;
};

}  // namespace flowlab::ui
