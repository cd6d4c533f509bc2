#pragma once

#include <QFont>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QStringList>

#include <vector>

#include "common/types.hpp"
#include "images/image_dataset.hpp"
#include "images/pca.hpp"
#include "view/theme.hpp"

class QPainter;

namespace flowlab::ui {

/// The picture of the PCA view (issue 12), without a widget: the samples of a grid projected by
/// core's principal components (core::PrincipalComponents::project) on the data's first two,
/// flowing from noise into the cloud of training images (faint points, coloured by class), with
/// their paths so far, axes with the share of variance, a legend and a title. The PCA view
/// paints it and the PCA export draws its frames with it, so both show the same picture. The
/// axes are fixed from everything it will show, so the picture never rescales while t moves.
/// Painting is const and keeps no cache: several threads may paint one picture at once.
class PcaPicture {
public:
    /// The principal components (at least two) that define the plane; drops the projections.
    void setComponents(core::PrincipalComponents components);
    /// Projects the training images (up to `maxPoints`, evenly strided) as faint points coloured
    /// by class; class names feed the legend.
    void setTrainingImages(const core::ImageDataset& train, int maxPoints = 6000);
    /// The recorded states of the samples (SampleResult::times/trajectory), projected once here.
    void setTrajectory(const std::vector<double>& times, const std::vector<core::Points>& trajectory);
    /// A class per sample; empty: every sample in the theme's particle colour.
    void setSampleClasses(std::vector<int> classes);

    bool hasComponents() const { return m_pc.count() >= 2; }
    const core::PrincipalComponents& components() const { return m_pc; }
    int sampleCount() const;
    int trainingPointCount() const { return int(m_training.size()); }
    /// The projected position of sample i at time t (PC1, PC2); between stored states linearly
    /// interpolated, which is the projection of the linearly interpolated images.
    QPointF samplePosition(int i, double t) const;
    /// The data-space rectangle shown (PC1 × PC2).
    QRectF dataRect() const { return m_bounds; }
    /// The pixel of a data-space point in a picture of `size` drawn with `font`.
    QPointF toPixel(const QPointF& data, QSize size, const QFont& font) const;
    /// The colour sample i is filled with.
    QColor sampleColor(int i, const Theme& theme) const;

    /// Paints the picture at time t into (0, 0, size) with `font` (text at least
    /// kMinViewTextPixels high); `selected` (−1: none) is ringed.
    void paint(QPainter& painter, QSize size, double t, int selected, const Theme& theme, const QFont& font) const;
    /// The picture as an image of `size`.
    QImage render(QSize size, double t, int selected, const Theme& theme, const QFont& font) const;

private:
    struct Margins {
        int left, right, top, bottom;
    };
    static Margins margins(const QFont& font);
    QRectF plotRect(QSize size, const QFont& font) const;
    void updateBounds();

    core::PrincipalComponents m_pc;
    std::vector<QPointF> m_training;
    std::vector<int> m_trainingClass;
    QStringList m_classNames;
    std::vector<double> m_times;
    std::vector<std::vector<QPointF>> m_paths;  // [state][sample]
    std::vector<int> m_sampleClass;
    QRectF m_bounds{-1, -1, 2, 2};
};

}  // namespace flowlab::ui
