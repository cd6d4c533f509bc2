#pragma once

#include <QRect>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "view/image_tiles.hpp"
#include "metrics/sample_inspection.hpp"
#include "view/theme.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::ui {

/// The inspector of one clicked sample (issue 12): x_t, the denoiser's estimate E[x1 | x_t], the
/// noise estimate E[x0 | x_t] and the velocity b(t, x_t) side by side with captions; below them
/// the filmstrip of the sample's whole trajectory (the current t marked) and its nearest
/// training image with the distance. Everything is drawn nearest-neighbour, at the largest whole
/// upscaling that fits. It only shows values handed to it (by copy): the caller computes them
/// with core::inspectSample and core::makeFilmstrip, on a worker when the field is a network.
///
/// Wiring: on a click in the grid (and when t moves) call inspect(field, interpolant, train, t,
/// x_t), which computes the inspection on the inspector's own worker (a network's evaluation
/// never blocks the GUI; a newer request supersedes an older one), or compute it yourself and
/// call setInspection(); on a new trajectory call setFilmstrip().
class ImageInspector : public QWidget {
    Q_OBJECT
public:
    explicit ImageInspector(QWidget* parent = nullptr);
    ~ImageInspector() override;

    /// The image layout; inspections of another dimension are refused (shown as a notice).
    void setShape(const ImageShape& shape);
    /// Class names for the nearest image's caption (empty: the label number is shown).
    void setClassNames(const QStringList& names);
    void setTheme(const Theme& theme);
    /// Which sample of the grid is inspected, for the title ("sample 12").
    void setSampleIndex(int index);
    /// Shows one inspection (t, x_t, the estimates, the nearest images).
    void setInspection(core::SampleInspection inspection);
    /// Computes core::inspectSample(field, interpolant, t, x, train) on the worker and shows it
    /// when it arrives (inspected()); a failure becomes the notice and failed(). The field and
    /// the images are shared, immutable; x is copied.
    void inspect(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant,
                 std::shared_ptr<const core::ImageDataset> train, double t, Eigen::RowVectorXd x);
    /// True while a requested inspection is being computed.
    bool isInspecting() const { return m_pending; }
    /// The frames of the whole trajectory of the inspected sample.
    void setFilmstrip(core::Filmstrip filmstrip);
    /// Shows a one-line notice instead of the pictures (a failed inspection; nothing selected).
    void showNotice(const QString& text);
    /// Drops the inspection and the filmstrip.
    void clear();

    bool hasInspection() const { return m_inspection.has_value(); }
    const std::optional<core::SampleInspection>& inspection() const { return m_inspection; }
    const core::Filmstrip& filmstrip() const { return m_filmstrip; }
    /// The captions currently drawn under the four tiles (for tests and screen readers).
    QStringList captions() const;
    /// Where the last paint drew the filmstrip's frames (empty: no filmstrip shown).
    const std::vector<QRect>& filmstripTiles() const { return m_stripTiles; }

    QSize sizeHint() const override { return {960, 640}; }
    QSize minimumSizeHint() const override { return {360, 180}; }  // the bottom dock: one wide row

signals:
    /// A requested inspection arrived and is shown.
    void inspected();
    void failed(const QString& message);

    // Worker → GUI (queued, with the request's generation).
    void resultFromWorker(quint64 generation, std::shared_ptr<const flowlab::core::SampleInspection> inspection);
    void failureFromWorker(quint64 generation, const QString& message);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Region {
        QRect rect;
        QString tip;
    };

    ImageShape m_shape;
    QStringList m_classNames;
    Theme m_theme = Theme::dark();
    int m_sampleIndex = -1;
    std::optional<core::SampleInspection> m_inspection;
    core::Filmstrip m_filmstrip;
    QString m_notice = tr("Click a sample in the grid to inspect it.");
    std::vector<Region> m_regions;  // filled by paintEvent, read by the tooltip handler
    std::vector<QRect> m_stripTiles;  // filled by paintEvent
    quint64 m_generation = 0;
    bool m_pending = false;
    JobQueue m_queue;  // last: joined first on destruction
};

}  // namespace flowlab::ui
