#include "images/image_inspector.hpp"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "view/filmstrip_picture.hpp"

namespace flowlab::ui {
namespace {

/// The noise estimate is drawn on a fixed ±3 scale (a standard normal's range), so that its
/// shrinking towards 0 as t → 1 is visible instead of being rescaled away.
constexpr double kNoiseScale = 3.0;
constexpr int kMargin = 12;
constexpr int kGap = 10;

QString number(double v, int digits = 3) { return QString::number(v, 'g', digits); }

}  // namespace

ImageInspector::ImageInspector(QWidget* parent) : QWidget(parent), m_queue(QStringLiteral("flowlab-inspect")) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setToolTip(tr("The inspected sample x_t and what the field says about it at the same t; hover a picture "
                  "for what it shows"));
    connect(this, &ImageInspector::resultFromWorker, this,
            [this](quint64 generation, std::shared_ptr<const core::SampleInspection> inspection) {
                if (generation != m_generation || !inspection) return;
                m_pending = false;
                setInspection(*inspection);
                if (m_inspection) emit inspected();
                else emit failed(m_notice);
            }, Qt::QueuedConnection);
    connect(this, &ImageInspector::failureFromWorker, this, [this](quint64 generation, const QString& message) {
        if (generation != m_generation) return;
        m_pending = false;
        showNotice(tr("Inspection failed: %1").arg(message));
        emit failed(message);
    }, Qt::QueuedConnection);
}

ImageInspector::~ImageInspector() { m_queue.cancel(); }

void ImageInspector::inspect(std::shared_ptr<const core::FieldSource> field, core::Interpolant interpolant,
                             std::shared_ptr<const core::ImageDataset> train, double t, Eigen::RowVectorXd x) {
    if (!field || !train) {
        showNotice(tr("Nothing to inspect with: no field or no training images."));
        return;
    }
    const quint64 generation = ++m_generation;
    m_pending = true;
    m_queue.submit(
        [this, generation, field = std::move(field), interpolant = std::move(interpolant), train = std::move(train), t,
         x = std::move(x)](const JobQueue::CancelFlag& cancelled) {
            auto r = core::inspectSample(*field, interpolant, t, x, *train);
            if (cancelled.load()) return;
            if (!r)
                emit failureFromWorker(generation, QString::fromStdString(r.message()));
            else
                emit resultFromWorker(generation, std::make_shared<const core::SampleInspection>(std::move(*r)));
        },
        [this, generation](const QString& message) { emit failureFromWorker(generation, message); });
}

void ImageInspector::setShape(const ImageShape& shape) {
    m_shape = shape;
    update();
}

void ImageInspector::setClassNames(const QStringList& names) {
    m_classNames = names;
    update();
}

void ImageInspector::setTheme(const Theme& theme) {
    m_theme = theme;
    update();
}

void ImageInspector::setSampleIndex(int index) {
    m_sampleIndex = index;
    update();
}

void ImageInspector::setInspection(core::SampleInspection inspection) {
    if (inspection.state.size() != m_shape.dim()) {
        m_inspection.reset();
        m_notice = tr("The inspection has %1 values, the images %2.").arg(inspection.state.size()).arg(m_shape.dim());
    } else {
        m_inspection = std::move(inspection);
        m_notice.clear();
    }
    update();
}

void ImageInspector::setFilmstrip(core::Filmstrip filmstrip) {
    m_filmstrip = filmstrip.frames.cols() == m_shape.dim() ? std::move(filmstrip) : core::Filmstrip{};
    update();
}

void ImageInspector::showNotice(const QString& text) {
    m_inspection.reset();
    m_notice = text;
    update();
}

void ImageInspector::clear() {
    m_inspection.reset();
    m_filmstrip = {};
    m_notice = tr("Click a sample in the grid to inspect it.");
    update();
}

QStringList ImageInspector::captions() const {
    if (!m_inspection) return {};
    const auto& in = *m_inspection;
    return {tr("x_t at t = %1").arg(in.t, 0, 'f', 2),
            tr("denoiser E[x₁ | x_t] (from %1)").arg(QString::fromStdString(core::toString(in.route))),
            tr("noise E[x₀ | x_t] (±%1)").arg(kNoiseScale),
            tr("velocity b(t, x_t) (±%1)").arg(number(signedScale(in.velocity)))};
}

bool ImageInspector::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        for (const Region& r : m_regions)
            if (r.rect.contains(help->pos())) {
                QToolTip::showText(help->globalPos(), r.tip, this, r.rect);
                return true;
            }
    }
    return QWidget::event(e);
}

void ImageInspector::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), m_theme.background);
    m_regions.clear();
    const QFont base = viewFont(font());
    p.setFont(base);
    const QFontMetrics fm(base);
    const int line = fm.height();
    QFont titleFont = base;
    titleFont.setPixelSize(base.pixelSize() * 5 / 4);
    titleFont.setBold(true);

    if (!m_inspection) {
        drawCaption(p, rect(), m_notice, m_theme, true);
        return;
    }
    const auto& in = *m_inspection;
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int titleHeight = QFontMetrics(titleFont).height();

    // The four pictures of x_t and its parts, two caption lines each; under them (or, in a wide
    // short area such as the bottom dock, beside them in one row) the filmstrip and the nearest
    // training image.
    const int top = area.top() + titleHeight + kGap;
    const bool strip = m_filmstrip.frames.rows() > 0;
    const bool wide = area.width() > 3 * area.height();
    const int lowerShare = strip ? area.height() * 2 / 5 : area.height() / 3;
    const int rowHeight = wide ? area.bottom() - top : area.height() - titleHeight - kGap - lowerShare - kGap;
    const int widthShare = wide ? (area.width() - 8 * kGap) * 2 / 11 : (area.width() - 3 * kGap) / 4;
    const int tile = std::max(8, std::min(widthShare, rowHeight - 2 * line));
    const int rowWidth = 4 * tile + 3 * kGap;
    const int left = wide ? area.left() : area.left() + (area.width() - rowWidth) / 2;
    // The title, over the four pictures when the filmstrip's title line stands beside it.
    p.setFont(titleFont);
    const QString who = m_sampleIndex >= 0 ? tr("Sample %1").arg(m_sampleIndex) : tr("Sample");
    const int titleWidth = wide ? rowWidth + 2 * kGap : area.width();
    p.setPen(m_theme.text);
    p.drawText(QRect(area.left(), area.top(), titleWidth, titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(titleFont).elidedText(tr("%1 at t = %2 · %3").arg(who).arg(in.t, 0, 'f', 3)
                                                      .arg(QString::fromStdString(in.fieldLabel)),
                                                  Qt::ElideRight, titleWidth));
    p.setFont(base);
    // One wide row has narrower tiles: the short names (the tooltips say the rest).
    const QStringList names = wide ? QStringList{tr("x_t"), tr("E[x₁ | x_t]"), tr("E[x₀ | x_t]"), tr("b(t, x_t)")}
                                   : QStringList{tr("x_t"), tr("denoiser E[x₁ | x_t]"), tr("noise E[x₀ | x_t]"),
                                                 tr("velocity b(t, x_t)")};
    const double velocityScale = signedScale(in.velocity);
    // signedImage's maps: diverging for grey images, mid grey = 0 per channel for colour ones.
    auto signedLegend = [this](double scale) {
        return m_shape.channels == 1 ? tr("blue −%1 · white 0 · red +%1").arg(number(scale))
                                     : tr("per channel: dark −%1 · grey 0 · bright +%1").arg(number(scale));
    };
    const QStringList details = {
        tr("t = %1").arg(in.t, 0, 'f', 2),
        tr("from %1").arg(QString::fromStdString(core::toString(in.route))),
        wide ? tr("±%1").arg(number(kNoiseScale)) : signedLegend(kNoiseScale),
        wide ? tr("±%1").arg(number(velocityScale)) : signedLegend(velocityScale)};
    const QStringList tips = {
        tr("The sample itself at time t, as the sampler carried it."),
        tr("The field's estimate of the clean image this sample will become, E[x₁ | x_t], computed from %1 "
           "(docs/maths.md §3). For the exact field it is the posterior-weighted mean of the training images.")
            .arg(QString::fromStdString(core::toString(in.route))),
        tr("The estimate of the base sample x₀ (the Gaussian noise the path started from), E[x₀ | x_t] = α q "
           "with q = −s; on a fixed ±3 scale, so it visibly fades as t → 1.%1")
            .arg(in.latentNoise.size() ? tr(" This path also has latent noise z: E[z | x_t] = (γ/α) E[x₀ | x_t], the "
                                            "same picture rescaled.")
                                       : QString()),
        tr("The velocity b(t, x_t) that the ODE follows at this t, on its own symmetric scale ±%1.")
            .arg(number(velocityScale))};
    const QImage images[4] = {unitImage(in.state, m_shape), unitImage(in.clean, m_shape),
                              signedImage(in.noise, m_shape, kNoiseScale), signedImage(in.velocity, m_shape, velocityScale)};
    for (int i = 0; i < 4; ++i) {
        const QRect box(left + i * (tile + kGap), top, tile, tile);
        p.fillRect(box, m_theme.overlayBackground);
        const QRect drawn = drawCrisp(p, box, images[i]);
        drawCaption(p, QRect(box.left() - kGap / 2, box.bottom() + 2, tile + kGap, line), names[i], m_theme);
        drawCaption(p, QRect(box.left() - kGap / 2, box.bottom() + 2 + line, tile + kGap, line), details[i], m_theme, true);
        m_regions.push_back({drawn.united(QRect(box.left(), box.bottom(), tile, 2 * line)), tips[i]});
    }

    // Filmstrip (left, or middle when wide) and the nearest training image (right).
    const int lowerTop = wide ? top - line - 4 : top + tile + 2 * line + kGap;
    const int lowerHeight = area.bottom() - lowerTop;
    const int stripLeft = wide ? left + rowWidth + 3 * kGap : area.left();
    const int nearWidth = wide ? std::max(tile, area.width() / 8) : std::min(area.width() / 3, std::max(lowerHeight, 200));
    const int nearTile = std::max(8, std::min(lowerHeight - 3 * line, nearWidth));
    m_stripTiles.clear();
    if (strip) {
        const int n = int(m_filmstrip.frames.rows());
        const int stripWidth = area.right() - nearWidth - 2 * kGap - stripLeft;
        const QRect stripArea(stripLeft, lowerTop, stripWidth, lowerHeight);
        m_stripTiles = paintFilmstrip(p, stripArea, m_filmstrip, m_shape, m_theme, in.t);
        m_regions.push_back({stripArea,
                             tr("The same sample at %1 stored times of its trajectory; the frame nearest the current t "
                                "is outlined.").arg(n)});
    }
    const int nearLeft = area.right() - nearWidth;
    const QRect nearBox(nearLeft + (nearWidth - nearTile) / 2, lowerTop + line + 4, nearTile, nearTile);
    p.setPen(m_theme.text);
    p.drawText(QRect(nearLeft, lowerTop, nearWidth, line), Qt::AlignHCenter | Qt::AlignVCenter, tr("nearest training image"));
    p.fillRect(nearBox, m_theme.overlayBackground);
    const QRect nearDrawn = drawCrisp(p, nearBox, unitImage(in.nearestImage, m_shape));
    const auto& ns = in.nearestToState;
    const QString cls = ns.label < 0 ? QString()
                        : (ns.label < m_classNames.size() ? m_classNames[ns.label] : tr("class %1").arg(ns.label));
    const QString copy = ns.rms < core::kCopyRmsThreshold ? tr(" — a copy") : QString();
    drawCaption(p, QRect(nearLeft, nearBox.bottom() + 2, nearWidth, line),
                tr("#%1 %2 · ‖x_t − y‖ = %3%4").arg(ns.index).arg(cls).arg(number(ns.distance)).arg(copy), m_theme);
    drawCaption(p, QRect(nearLeft, nearBox.bottom() + 2 + line, nearWidth, line),
                tr("RMS %1 per pixel · E[x₁|x_t] nearest #%2").arg(number(ns.rms)).arg(in.nearestToClean.index), m_theme, true);
    m_regions.push_back({nearDrawn.united(QRect(nearLeft, lowerTop, nearWidth, nearTile + 3 * line)),
                         tr("The training image closest to x_t (Euclidean distance and per-pixel RMS; below %1 RMS the "
                            "sample rounds to it: a copy). At t < 1 also the image nearest the denoiser's estimate: "
                            "where the sample is heading.").arg(number(core::kCopyRmsThreshold))});
}

}  // namespace flowlab::ui
