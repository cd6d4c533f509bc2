// The install: `cmake --install` into a DESTDIR puts the programs, the desktop integration files
// and the shipped scenes under the prefix, and the installed programs run from there — outside the
// source tree, with the source-tree fallback switched off (FLOWLAB_NO_SOURCE_TREE=1), so a scene
// that was not installed cannot be found.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

constexpr int kInstallTimeoutMs = 300000;
constexpr int kRunTimeoutMs = 240000;
const QString kAppId = QStringLiteral(FLOWLAB_APP_ID);

}  // namespace

class InstallTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_stage;    // DESTDIR
    QTemporaryDir m_workDir;  // where the installed programs run (not the source or build tree)
    QString m_prefix;         // m_stage + /usr

    QProcessEnvironment installedEnvironment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("FLOWLAB_NO_SOURCE_TREE"), QStringLiteral("1"));
        env.remove(QStringLiteral("FLOWLAB_DATA_DIR"));
        env.insert(QStringLiteral("HOME"), m_workDir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_workDir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_workDir.filePath(QStringLiteral("data")));
        return env;
    }

    /// Runs an installed program from the work folder; returns exit code, stdout in *out, stderr in *err.
    int runInstalled(const QString& program, const QStringList& args, QByteArray* out, QByteArray* err) const {
        QProcess p;
        p.setProcessEnvironment(installedEnvironment());
        p.setWorkingDirectory(m_workDir.path());
        p.start(m_prefix + QStringLiteral("/bin/") + program, args);
        if (!p.waitForFinished(kRunTimeoutMs)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        if (out) *out = p.readAllStandardOutput();
        if (err) *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_stage.isValid() && m_workDir.isValid());
        m_prefix = m_stage.path() + QStringLiteral("/usr");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DESTDIR"), m_stage.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(FLOWLAB_CMAKE_COMMAND),
                {QStringLiteral("--install"), QStringLiteral(FLOWLAB_BUILD_DIR), QStringLiteral("--prefix"), QStringLiteral("/usr")});
        QVERIFY(p.waitForFinished(kInstallTimeoutMs));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());
    }

    void install_placesEveryFileUnderThePrefix() {
        for (const QString& rel : {QStringLiteral("bin/flowlab"), QStringLiteral("bin/flowlab-cli")}) {
            const QFileInfo f(m_prefix + QLatin1Char('/') + rel);
            QVERIFY2(f.isFile() && f.isExecutable(), qPrintable(rel));
        }
        const QString share = m_prefix + QStringLiteral("/share/");
        QVERIFY(QFileInfo(share + QStringLiteral("applications/") + kAppId + QStringLiteral(".desktop")).isFile());
        QVERIFY(QFileInfo(share + QStringLiteral("metainfo/") + kAppId + QStringLiteral(".metainfo.xml")).isFile());
        QVERIFY(QFileInfo(share + QStringLiteral("icons/hicolor/scalable/apps/") + kAppId + QStringLiteral(".svg")).isFile());
        for (int size : {48, 128, 256}) {
            const QString png = share + QStringLiteral("icons/hicolor/%1x%1/apps/").arg(size) + kAppId + QStringLiteral(".png");
            const QImage icon(png);
            QVERIFY2(!icon.isNull(), qPrintable(png));
            QCOMPARE(icon.size(), QSize(size, size));
        }
        // Every shipped scene, and what the scenes refer to (images), is installed.
        const QDir source(QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes"));
        const QStringList shipped = source.entryList(QDir::Files);
        QVERIFY(shipped.size() >= 5);
        for (const QString& name : shipped)
            QVERIFY2(QFileInfo(share + QStringLiteral("flowlab/scenes/") + name).isFile(), qPrintable(name));
    }

    void desktopFile_namesTheInstalledProgramAndIcon() {
        QFile f(m_prefix + QStringLiteral("/share/applications/") + kAppId + QStringLiteral(".desktop"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QStringLiteral("\nExec=flowlab")));
        QVERIFY(text.contains(QStringLiteral("\nIcon=") + kAppId + QLatin1Char('\n')));
    }

    void installedCli_helpNamesTheCommands() {
        QByteArray out, err;
        QCOMPARE(runInstalled(QStringLiteral("flowlab-cli"), {QStringLiteral("--help")}, &out, &err), 0);
        for (const char* command : {"field", "sample", "nll", "metrics", "train", "render"})
            QVERIFY2(out.contains(QByteArray("  ") + command), command);
    }

    void installedCli_findsAShippedSceneByName() {
        QByteArray out, err;
        const int code = runInstalled(QStringLiteral("flowlab-cli"),
                                      {QStringLiteral("sample"), QStringLiteral("--scene"), QStringLiteral("moons-to-checkerboard"),
                                       QStringLiteral("--n"), QStringLiteral("20"), QStringLiteral("--steps"), QStringLiteral("10"),
                                       QStringLiteral("--out"), QStringLiteral("-")},
                                      &out, &err);
        QVERIFY2(code == 0, err.constData());
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 21);  // header + 20 samples
        for (int i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].split(',');
            QCOMPARE(cells.size(), 2);
            for (const QByteArray& c : cells) {
                bool ok = false;
                QVERIFY(std::isfinite(c.toDouble(&ok)) && ok);
            }
        }
    }

    void installedGui_screenshotsAShippedScene() {
        const QString shot = m_workDir.filePath(QStringLiteral("shot.png"));
        QByteArray err;
        const int code = runInstalled(QStringLiteral("flowlab"),
                                      {QStringLiteral("--scene"), QStringLiteral("noise-to-8gaussians"),
                                       QStringLiteral("--screenshot"), shot, QStringLiteral("--size"), QStringLiteral("800x500"),
                                       QStringLiteral("--t"), QStringLiteral("1")},
                                      nullptr, &err);
        QVERIFY2(code == 0, err.constData());
        const QImage img(shot);
        QCOMPARE(img.size(), QSize(800, 500));
        // Not blank: a window with a plane full of particles has many colours.
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2) colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() >= 64, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));
    }

    void installedGui_refusesASceneThatIsNotShipped() {
        QByteArray err;
        const int code = runInstalled(QStringLiteral("flowlab"),
                                      {QStringLiteral("--scene"), QStringLiteral("no-such-scene"), QStringLiteral("--screenshot"),
                                       m_workDir.filePath(QStringLiteral("none.png"))},
                                      nullptr, &err);
        QCOMPARE(code, 2);
        QVERIFY(err.contains("no-such-scene"));
        QVERIFY(!QFileInfo::exists(m_workDir.filePath(QStringLiteral("none.png"))));
    }
};

QTEST_MAIN(InstallTest)
#include "install_test.moc"
