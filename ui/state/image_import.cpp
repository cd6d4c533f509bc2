#include "state/image_import.hpp"

#include <QFileInfo>

#include <algorithm>

#include "density/raster_mixture.hpp"
#include "image/image_decoder.hpp"

namespace flowlab::ui {

QString imageSpec(const ImageImport& import) {
    const core::ImageDensityOptions& o = import.options;
    QStringList opts;
    if (o.weight == core::ImageDensityOptions::Weight::Alpha) opts << QStringLiteral("alpha");
    if (o.weight == core::ImageDensityOptions::Weight::Intensity) opts << QStringLiteral("intensity");
    if (o.invert) opts << QStringLiteral("invert");
    opts << QStringLiteral("contrast=%1").arg(o.contrast, 0, 'g', 17)
         << QStringLiteral("threshold=%1").arg(o.threshold, 0, 'g', 17)
         << QStringLiteral("size=%1").arg(o.halfExtent, 0, 'g', 17)
         << QStringLiteral("center=%1,%2").arg(o.centerX, 0, 'g', 17).arg(o.centerY, 0, 'g', 17)
         << QStringLiteral("cells=%1").arg(o.rasterCells);
    return QStringLiteral("image:%1?%2").arg(QFileInfo(import.path).absoluteFilePath(), opts.join(QLatin1Char('&')));
}

core::Result<ImagePreview> previewImage(const ImageImport& import) {
    const std::string file = import.path.toStdString();
    if (auto p = import.options.validate(); !p.empty()) return core::Error{file + ": " + p};
    auto image = core::decodeImageFile(file);
    if (!image) return core::Error{image.message()};
    auto density = core::imageToRaster(*image, import.options);
    if (!density) return core::Error{file + ": " + density.message()};
    auto mixture = core::rasterToMixture(density->raster);
    if (!mixture) return core::Error{file + ": " + mixture.message()};

    ImagePreview p;
    const core::Raster& r = density->raster;
    double peak = 0.0;
    for (double v : r.values) peak = std::max(peak, v);
    p.raster = QImage(r.width, r.height, QImage::Format_Grayscale8);
    for (int row = 0; row < r.height; ++row) {
        uchar* line = p.raster.scanLine(row);
        for (int col = 0; col < r.width; ++col)
            line[col] = peak > 0.0 ? uchar(std::clamp(255.0 * r.at(col, row) / peak, 0.0, 255.0)) : 0;
    }
    p.components = int(mixture->mixture.size());
    p.nonEmptyCells = mixture->nonEmptyCells;
    p.approximationError = mixture->approximationError;
    p.downsampled = density->downsampled || image->downsampled;
    p.sourceWidth = image->sourceWidth;
    p.sourceHeight = image->sourceHeight;
    return p;
}

}  // namespace flowlab::ui
