#pragma once

#include <QPointF>
#include <QRectF>
#include <QWidget>

#include <vector>

#include "images/image_dataset.hpp"
#include "images/pca.hpp"
#include "view/pca_picture.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {

/// The 2D picture of an image scene (issue 12): the samples projected on the first two principal
/// components of the data, flowing with t from the noise at the origin to the data cloud, over
/// the training images drawn as faint points; class colours from the theme's palette, a legend,
/// and the share of variance on each axis. It shows a PcaPicture (which the PCA export draws
/// too) at the widget's size and time; text at least kMinViewTextPixels high.
///
/// Wiring: setComponents(core::computePca(train)) once per data set; setTrainingImages(train);
/// setTrajectory(result.times, result.trajectory) after each simulation; setTime(t) from the
/// timeline; sampleClicked(i) → the inspector.
class PcaView : public QWidget {
    Q_OBJECT
public:
    explicit PcaView(QWidget* parent = nullptr);

    /// The principal components (at least two) that define the plane.
    void setComponents(core::PrincipalComponents components);
    /// Projects the training images (up to `maxPoints`, evenly strided) as faint points coloured
    /// by class; class names feed the legend.
    void setTrainingImages(const core::ImageDataset& train, int maxPoints = 6000);
    /// The recorded states of the samples (SampleResult::times/trajectory), projected once here.
    void setTrajectory(const std::vector<double>& times, const std::vector<core::Points>& trajectory);
    /// A class per sample (the conditioning class, or the class of the nearest training image);
    /// empty: every sample in the theme's particle colour.
    void setSampleClasses(std::vector<int> classes);
    /// The time shown (between stored states the projections are interpolated linearly, which
    /// is the projection of the linearly interpolated images).
    void setTime(double t);
    void setTheme(const Theme& theme);
    /// Ringed sample (−1: none), e.g. the one in the inspector.
    void setSelectedSample(int index);

    double time() const { return m_t; }
    int selectedSample() const { return m_selected; }
    int sampleCount() const { return m_picture.sampleCount(); }
    /// The projected position of sample i at the current time (PC1, PC2).
    QPointF samplePosition(int i) const { return m_picture.samplePosition(i, m_t); }
    /// The data-space rectangle shown (PC1 × PC2).
    QRectF dataRect() const { return m_picture.dataRect(); }
    /// The widget position of a data-space point.
    QPointF toWidget(const QPointF& data) const;
    /// What is drawn.
    const PcaPicture& picture() const { return m_picture; }

    QSize sizeHint() const override { return {900, 700}; }
    QSize minimumSizeHint() const override { return {320, 180}; }  // fits the bottom dock unscrolled

signals:
    /// The user clicked near sample `index` (it is now the selected one).
    void sampleClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    PcaPicture m_picture;
    double m_t = 0.0;
    int m_selected = -1;
    Theme m_theme = Theme::dark();
};

}  // namespace flowlab::ui
