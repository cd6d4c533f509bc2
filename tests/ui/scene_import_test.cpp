// --scene: the shipped scene files map onto explorer settings; bad files are refused.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "state/scene_import.hpp"

using namespace flowlab::ui;

class SceneImportTest : public QObject {
    Q_OBJECT
private slots:
    void shippedScenes_allLoadAndValidate() {
        const QDir dir(QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(files.size() >= 6);
        for (const QString& f : files) {
            auto s = loadSceneSettings(dir.filePath(f).toStdString());
            QVERIFY2(s.ok(), qPrintable(f + QStringLiteral(": ") + QString::fromStdString(s.ok() ? "" : s.message())));
            QVERIFY(s->scene.validate().empty());
        }
    }
    void defaultScene_mapsToPresetsAndItsSampler() {
        auto s = loadSceneSettings(FLOWLAB_SOURCE_DIR "/resources/scenes/noise-to-8gaussians.json");
        QVERIFY(s.ok());
        QCOMPARE(s->scene.base.spec, std::string("gaussian"));
        QCOMPARE(s->scene.target.spec, std::string("8gaussians"));
        QCOMPARE(int(s->scene.solver), int(flowlab::core::SolverKind::Rk4));
        QCOMPARE(s->scene.particles, 10000);
        QCOMPARE(s->view.camera.halfExtent, 6.0);
    }
    void brokenFile_isRefusedWithAMessage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"flowlab-scene\", \"version\": 1, \"base\": ");
        f.close();
        auto s = loadSceneSettings(path.toStdString());
        QVERIFY(!s.ok());
        QVERIFY(!s.message().empty());
        QVERIFY(!loadSceneSettings("/no/such/scene.json").ok());
    }
};

QTEST_MAIN(SceneImportTest)
#include "scene_import_test.moc"
