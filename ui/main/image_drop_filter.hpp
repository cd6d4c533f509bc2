#pragma once

#include <QObject>
#include <QStringList>

namespace flowlab::ui {

/// Watches a widget for image files dragged onto it (PNG/JPEG/BMP file URLs) and reports the
/// first dropped file; other drops pass through.
class ImageDropFilter : public QObject {
    Q_OBJECT
public:
    /// Installs itself on `target` and lets it accept drops.
    explicit ImageDropFilter(QWidget* target);

    /// The file suffixes accepted (lower case).
    static QStringList imageSuffixes();

signals:
    void imageDropped(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace flowlab::ui
