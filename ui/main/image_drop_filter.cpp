#include "main/image_drop_filter.hpp"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

namespace flowlab::ui {
namespace {

QString imageFileIn(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QString path = url.toLocalFile();
        if (ImageDropFilter::imageSuffixes().contains(QFileInfo(path).suffix().toLower())) return path;
    }
    return {};
}

}  // namespace

ImageDropFilter::ImageDropFilter(QWidget* target) : QObject(target) {
    target->setAcceptDrops(true);
    target->installEventFilter(this);
}

QStringList ImageDropFilter::imageSuffixes() {
    return {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("bmp")};
}

bool ImageDropFilter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto* e = static_cast<QDropEvent*>(event);
        if (!imageFileIn(e->mimeData()).isEmpty()) {
            e->acceptProposedAction();
            return true;
        }
    } else if (event->type() == QEvent::Drop) {
        auto* e = static_cast<QDropEvent*>(event);
        const QString path = imageFileIn(e->mimeData());
        if (!path.isEmpty()) {
            e->acceptProposedAction();
            emit imageDropped(path);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace flowlab::ui
