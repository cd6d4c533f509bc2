// Smoke test: the GUI binary starts offscreen, renders a screenshot and exits; --help works;
// a bad option is refused without a crash.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class SmokeTest : public QObject {
    Q_OBJECT
private:
    static QProcessEnvironment offscreen() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

private slots:
    void help_exitsZero() {
        QProcess p;
        p.setProcessEnvironment(offscreen());
        p.start(QStringLiteral(FLOWLAB_GUI_PATH), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("--screenshot"));
    }
    void badOption_exitsTwoWithAMessage() {
        QProcess p;
        p.setProcessEnvironment(offscreen());
        p.start(QStringLiteral(FLOWLAB_GUI_PATH), {QStringLiteral("--size"), QStringLiteral("huge")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--size"));
    }
    void screenshot_writesAPngAndExits() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("window.png"));
        QProcess p;
        p.setProcessEnvironment(offscreen());
        p.start(QStringLiteral(FLOWLAB_GUI_PATH),
                {QStringLiteral("--scene"), QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/scenes/noise-to-8gaussians.json"),
                 QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("800x500"),
                 QStringLiteral("--t"), QStringLiteral("0.6")});
        QVERIFY(p.waitForFinished(180000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage img(out);
        QCOMPARE(img.size(), QSize(800, 500));
    }
    void unwritableScreenshot_failsCleanly() {
        QProcess p;
        p.setProcessEnvironment(offscreen());
        p.start(QStringLiteral(FLOWLAB_GUI_PATH), {QStringLiteral("--screenshot"), QStringLiteral("/no/such/dir/x.png"),
                                                   QStringLiteral("--view-only"), QStringLiteral("--size"),
                                                   QStringLiteral("320x200")});
        QVERIFY(p.waitForFinished(180000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("/no/such/dir/x.png"));
    }
};

QTEST_MAIN(SmokeTest)
#include "smoke_test.moc"
