// The flowlab command line: valid options parse, bad ones are refused with the option named.
#include <QtTest>

#include "main/command_line.hpp"

using flowlab::ui::parseGuiOptions;

class CommandLineTest : public QObject {
    Q_OBJECT
private slots:
    void screenshotOptions_parse() {
        auto o = parseGuiOptions({"--screenshot", "out.png", "--size", "800x600", "--t", "0.25", "--view-only"});
        QVERIFY2(o.ok(), o.ok() ? "" : o.message().c_str());
        QCOMPARE(o->screenshotPath, QStringLiteral("out.png"));
        QCOMPARE(o->size, QSize(800, 600));
        QCOMPARE(*o->t, 0.25);
        QVERIFY(o->viewOnly);
        QVERIFY(o->isBatch());
    }
    void badValues_areRefusedWithTheOptionNamed() {
        const QList<QStringList> bad = {{"--size", "800"},         {"--size", "10x10"},   {"--t", "1.5"},
                                        {"--t", "nan"},             {"--theme", "pink"},   {"--bogus"},
                                        {"--screenshot"},           {"--view-only"},       {"--benchmark-animation", "-1"},
                                        {"--screenshot", "a.png", "--benchmark-animation", "2"},
                                        {"--compare", "odevssde"},  {"--compare"},         {"--benchmark-resimulate"},
                                        {"--benchmark-resimulate", "s", "--particles", "50"},
                                        {"--benchmark-resimulate", "s", "--particles", "1e4"},
                                        {"--particles", "10000"},   {"--model", "b.pt"},
                                        {"--benchmark-resimulate", "s", "--model"}};
        for (const auto& args : bad) {
            auto o = parseGuiOptions(args);
            QVERIFY2(!o.ok(), qPrintable(args.join(' ')));
            QVERIFY(!o.message().empty());
        }
    }
    void comparePreset_parses() {
        auto o = parseGuiOptions({"--compare", "epsilons"});
        QVERIFY(o.ok());
        QCOMPARE(o->compare, QStringLiteral("epsilons"));
        QVERIFY(!o->isBatch());
    }
    void resimulateBenchmark_parsesAsBatch() {
        auto o = parseGuiOptions({"--benchmark-resimulate", "moons-to-checkerboard", "--size", "640x480"});
        QVERIFY2(o.ok(), o.ok() ? "" : o.message().c_str());
        QCOMPARE(o->resimulateScene, QStringLiteral("moons-to-checkerboard"));
        QCOMPARE(o->size, QSize(640, 480));
        QCOMPARE(o->resimulateParticles, 0);
        QVERIFY(o->isBatch());
        auto n = parseGuiOptions({"--benchmark-resimulate", "spirals", "--particles", "10000"});
        QVERIFY2(n.ok(), n.ok() ? "" : n.message().c_str());
        QCOMPARE(n->resimulateParticles, 10000);
        QVERIFY(n->resimulateModel.isEmpty());
        auto m = parseGuiOptions({"--benchmark-resimulate", "noise-to-8gaussians", "--model", "/tmp/b.pt"});
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        QCOMPARE(m->resimulateModel, QStringLiteral("/tmp/b.pt"));
    }
    /// Issue 15: the animation benchmark plays the default scene with N particles.
    void animationBenchmark_takesAParticleCount() {
        auto o = parseGuiOptions({"--benchmark-animation", "4", "--particles", "100000"});
        QVERIFY2(o.ok(), o.ok() ? "" : o.message().c_str());
        QCOMPARE(o->resimulateParticles, 100000);
        QCOMPARE(o->benchmarkSeconds, 4.0);
        QVERIFY(!parseGuiOptions({"--benchmark-animation", "4", "--particles", "99"}).ok());
    }
    void textScale_parsesFromOneToThree_andIsRefusedOutside() {
        auto o = parseGuiOptions({"--lesson", "flow-matching", "--text-scale", "2.5"});
        QVERIFY2(o.ok(), o.ok() ? "" : o.message().c_str());
        QCOMPARE(*o->textScale, 2.5);
        QVERIFY(!parseGuiOptions({})->textScale);
        for (const char* bad : {"0.5", "3.5", "nan", "big"}) {
            auto r = parseGuiOptions({"--text-scale", bad});
            QVERIFY2(!r.ok() && QString::fromStdString(r.message()).contains(QStringLiteral("--text-scale")), bad);
        }
        QVERIFY(!parseGuiOptions({"--text-scale"}).ok());
    }
    void noArguments_isInteractive() {
        auto o = parseGuiOptions({});
        QVERIFY(o.ok());
        QVERIFY(!o->isBatch());
    }
};

QTEST_MAIN(CommandLineTest)
#include "command_line_test.moc"
