#include "main/density_editor.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

#include "density/raster_mixture.hpp"
#include "scene/scene.hpp"
#include "state/drawing_edit_command.hpp"

namespace flowlab::ui {

DensityEditor::DensityEditor(const QString& folder, QObject* parent)
    : QObject(parent), m_folder(folder), m_latest(std::make_shared<std::atomic<int>>(0)) {
    m_undo = new QUndoStack(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &DensityEditor::convertNow);
}

DensityEditor::~DensityEditor() { m_latest->store(-1); }

void DensityEditor::setRaster(const core::Raster& raster) {
    m_drawing.setRaster(raster);
    emit drawingChanged();
    m_debounce->start();
}

void DensityEditor::pushEdit(const QString& text, const core::Raster& before) {
    // The drawing already holds the new state; redo on push re-applies it unchanged.
    m_undo->push(new DrawingEditCommand(text, before, m_drawing.raster(), [this](const core::Raster& r) { setRaster(r); }));
}

void DensityEditor::beginStroke(QPointF world) {
    m_strokeStart = m_drawing.raster();
    m_stroking = true;
    m_last = world;
    if (m_drawing.dab(world, m_brush)) emit drawingChanged();
}

void DensityEditor::continueStroke(QPointF world) {
    if (!m_stroking) return;
    // Dabs a quarter of the radius apart, so fast strokes stay continuous.
    const double step = std::max(0.25 * m_brush.radius, 1e-3);
    const QPointF d = world - m_last;
    const int n = std::max(1, int(std::ceil(std::hypot(d.x(), d.y()) / step)));
    bool changed = false;
    for (int i = 1; i <= n; ++i) changed = m_drawing.dab(m_last + d * (double(i) / n), m_brush) || changed;
    m_last = world;
    if (changed) emit drawingChanged();
}

void DensityEditor::endStroke() {
    if (!m_stroking) return;
    m_stroking = false;
    if (m_strokeStart.values == m_drawing.raster().values) return;  // nothing painted
    pushEdit(m_brush.erase ? tr("Erase") : tr("Paint"), m_strokeStart);
    m_debounce->start();
}

void DensityEditor::fill() {
    const core::Raster before = m_drawing.raster();
    m_drawing.fill(m_brush.strength);
    pushEdit(tr("Fill"), before);
    emit drawingChanged();
    m_debounce->start();
}

void DensityEditor::clear() {
    const core::Raster before = m_drawing.raster();
    m_drawing.clear();
    pushEdit(tr("Clear"), before);
    emit drawingChanged();
    m_debounce->start();
}

void DensityEditor::convertNow() {
    m_debounce->stop();
    const core::Raster raster = m_drawing.raster();
    if (raster.isEmpty()) {
        emit refused(tr("The drawing is empty: paint some mass first. The previous density stays."));
        return;
    }
    const int serial = ++m_serial;
    m_latest->store(serial);
    const DensityRole role = m_role;
    const QString path = QDir(m_folder).filePath(QStringLiteral("drawing-%1.json").arg(serial));
    QPointer<DensityEditor> self(this);
    auto latest = m_latest;
    // The conversion (k-means reduction and the error estimate) runs off the GUI thread; only
    // the newest request is reported.
    QThreadPool::globalInstance()->start([self, latest, serial, role, raster, path] {
        auto mixture = core::rasterToMixture(raster);
        QString error;
        int components = 0;
        double approx = 0.0;
        if (!mixture) {
            error = QString::fromStdString(mixture.message());
        } else {
            components = int(mixture->mixture.size());
            approx = mixture->approximationError;
            core::Scene scene;
            scene.title = "drawing";
            scene.base = core::DensitySource::fromMixture(mixture->mixture);
            scene.target = scene.base;
            if (auto st = core::saveSceneFile(scene, path.toStdString()); !st) error = QString::fromStdString(st.message());
        }
        if (latest->load() != serial) return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, serial, latest, role, path, error, components, approx] {
                if (!self || latest->load() != serial) return;
                if (!error.isEmpty()) {
                    emit self->refused(error);
                    return;
                }
                emit self->densityReady(role, QStringLiteral("scene:%1#%2").arg(path, role == DensityRole::Base ? QStringLiteral("base") : QStringLiteral("target")),
                                        components, approx);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace flowlab::ui
