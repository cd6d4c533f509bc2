// Lecture mode (issue 13), offscreen: stepping a lesson sets the scene and view it describes,
// every shipped lesson's steps apply, presenter mode hides the docks, scales text (cap height
// measured) and restores the window, the clicker keys, the legend's share of the mass, the editor.
#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QScreen>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "compare/compare_area.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_controller.hpp"
#include "lesson/lesson_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "scene/scene.hpp"
#include "state/probe_builder.hpp"
#include "presenter/presenter_console.hpp"
#include "presenter/presenter_controller.hpp"
#include "presenter/presenter_hud.hpp"
#include "presenter/presenter_screens.hpp"
#include "timeline/animation_clock.hpp"
#include "timeline/timeline_bar.hpp"
#include "view/camera.hpp"
#include "view/frame_renderer.hpp"
#include "view/overlay_placement.hpp"
#include "plane/plane_view.hpp"
#include "window_test_support.hpp"

using namespace flowlab::ui;

namespace {

constexpr int kReadyTimeoutMs = 120000;
constexpr double kMinCapHeight = 28.0;     // px at 1080 lines, text scale 1 (the issue's floor)
constexpr double kMaxLegendShare = 0.03;   // of the displayed mass under the legend
constexpr double kMaxReadoutShare = 0.01;  // of a panel's particle mass under its t readout
// The two offscreen screens main() sets up: the window opens on the laptop's.
constexpr QSize kLaptop(1280, 800), kProjector(1920, 1080);

QString lessonFile(const char* name) {
    return QStringLiteral(FLOWLAB_SOURCE_DIR "/resources/lessons/%1.json").arg(QLatin1String(name));
}

}  // namespace

class LectureModeTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    MainWindowOptions options(const QString& name) const {
        MainWindowOptions o = test::quietWindowOptions(m_dir.filePath(name + QStringLiteral(".ini")));
        o.persistSettings = false;
        o.workerThreads = 0;
        o.showError = [](const QString&, const QString& m) { qWarning("error shown: %s", qPrintable(m)); };
        return o;
    }

    /// Shows `w` at 1920×1080 in presenter mode, kept at that size (as an offscreen screenshot).
    static bool presentAt1080p(MainWindow& w) {
        w.resize(1920, 1080);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w)) return false;
        w.presenter().enter(nullptr, false);
        return w.presenter().isPresenting() && w.height() == 1080;
    }

    static bool waitReady(MainWindow& w, double t) {
        return QTest::qWaitFor([&] { return w.compareArea().isReady(t); }, kReadyTimeoutMs);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void steppingLesson_setsTheSceneAndViewItDescribes() {
        MainWindow w(options(QStringLiteral("step")));
        w.show();
        QVERIFY(w.openLesson(lessonFile("stochastic-interpolants")));
        LessonController& l = w.lessons();
        QCOMPARE(l.current(), 0);
        const ExplorerSettings& s = w.controller().settings();
        QCOMPARE(QString::fromStdString(s.scene.target.spec), QStringLiteral("8gaussians"));
        QCOMPARE(s.scene.particles, 4000);
        QVERIFY(!s.view.layers.bridge);
        QCOMPARE(w.clock().t(), 0.0);
        QVERIFY(w.clock().isPlaying());  // step 1 plays

        QVERIFY(l.goTo(2, false));
        QVERIFY(w.controller().settings().scene.interpolant.gamma == flowlab::core::GammaKind::Brownian);
        QVERIFY(w.controller().settings().view.layers.bridge);
        QCOMPARE(w.clock().t(), 0.5);
        QVERIFY(!w.clock().isPlaying());

        QVERIFY(l.goTo(6, false));
        QCOMPARE(w.compareArea().panelCount(), 2);  // ode-vs-sde
        QVERIFY(l.goTo(8, false));
        QCOMPARE(w.compareArea().panelCount(), 1);
        QVERIFY(w.controller().hasPin());
        QVERIFY(w.controller().settings().scene.solver == flowlab::core::SolverKind::StochasticHeun);
        QVERIFY(l.goTo(9, false));
        QVERIFY(!w.controller().hasPin());
        QVERIFY(w.controller().settings().view.arrowField == ArrowField::Score);
        QCOMPARE(w.clock().t(), 0.3);
    }

    void lessonStepProbe_turnsTheProbeOnAtThePin_andOffAfter() {
        MainWindow w(options(QStringLiteral("probe")));
        w.show();
        QVERIFY(w.openLesson(lessonFile("flow-matching")));
        auto* conditional = w.findChild<QAction*>(QStringLiteral("conditionalProbe"));
        QVERIFY(conditional);
        QCOMPARE(w.controller().probeMode(), ProbeMode::Off);
        QVERIFY(w.lessons().goTo(3, false));  // "The marginal field": conditional vs marginal at the pin
        QCOMPARE(w.controller().probeMode(), ProbeMode::Conditional);
        QVERIFY(conditional->isChecked());
        QVERIFY(w.controller().hasPin());
        const auto probe = w.controller().frameAt(0.5).probe;
        QVERIFY(probe && probe->component >= 0 && !probe->gridPoints.empty());
        // Live as t moves: the posterior weights at the pin change with t.
        const auto later = w.controller().frameAt(0.8).probe;
        QVERIFY(later && later->weights != probe->weights);
        QVERIFY(w.lessons().goTo(4, false));
        QCOMPARE(w.controller().probeMode(), ProbeMode::Off);
        QVERIFY(!conditional->isChecked());
        QVERIFY(!w.controller().frameAt(0.5).probe);
    }

    void stepWithinOneSimulation_animatesCameraAndTime() {
        MainWindow w(options(QStringLiteral("animate")));
        w.show();
        QVERIFY(w.openLesson(lessonFile("flow-matching")));
        LessonController& l = w.lessons();
        QVERIFY(l.goTo(4, false));
        w.clock().pause();
        w.clock().setT(0.0);
        QVERIFY(l.goTo(5));  // same simulation, new camera and t: animated
        QVERIFY(l.isAnimating());
        QVERIFY(w.controller().settings().view.camera.halfExtent > 1.5);  // not there yet
        QVERIFY(QTest::qWaitFor([&] { return !l.isAnimating(); }, 5000));
        QCOMPARE(w.controller().settings().view.camera.centerX, 4.0);
        QCOMPARE(w.controller().settings().view.camera.halfExtent, 1.5);
        QCOMPARE(w.clock().t(), 1.0);
        QVERIFY(l.goTo(6));  // a comparison of other methods: cut, no animation
        QVERIFY(!l.isAnimating());
    }

    void lessonSteps_askBeforeDroppingUnsavedSceneChanges() {
        // The lecturer's own scene, changed and not saved: opening a lesson asks; Cancel keeps it.
        // A step is then an untitled scene with nothing to save; a change made during a step is
        // asked about before the next step replaces it.
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        QStringList asked;
        MainWindowOptions o = options(QStringLiteral("unsaved"));
        o.askUnsaved = [&](const QString& q) {
            asked << q;
            return answer;
        };
        MainWindow w(o);
        w.show();
        ExplorerSettings mine = w.controller().settings();
        mine.scene.particles = 1234;
        QVERIFY(w.applySettings(mine));
        QVERIFY(w.document().isModified());
        QVERIFY(!w.openLesson(lessonFile("flow-matching")));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(w.controller().settings().scene.particles, 1234);
        QVERIFY(w.document().isModified());
        QVERIFY(!w.lessons().hasLesson());

        answer = QMessageBox::Discard;
        QVERIFY(w.openLesson(lessonFile("flow-matching")));
        QCOMPARE(asked.size(), 2);
        LessonController& l = w.lessons();
        QCOMPARE(l.current(), 0);
        QVERIFY(!w.document().isModified());
        QVERIFY(w.document().path().isEmpty());
        QVERIFY(l.goTo(1, false));  // nothing changed: no question
        QCOMPARE(asked.size(), 2);
        // Presenting moves the view (a pan, a pin, a layer): not worth a question either.
        ExplorerSettings moved = w.controller().settings();
        moved.view.camera.centerX += 1.0;
        moved.view.layers.pinned = !moved.view.layers.pinned;
        QVERIFY(w.applySettings(moved));
        QVERIFY(w.document().isModified());
        QVERIFY(l.goTo(0, false));
        QCOMPARE(asked.size(), 2);
        QVERIFY(l.goTo(1, false));

        ExplorerSettings tweaked = w.controller().settings();
        tweaked.scene.particles = 777;
        QVERIFY(w.applySettings(tweaked));
        QVERIFY(w.document().isModified());
        answer = QMessageBox::Cancel;
        QVERIFY(!l.goTo(2, false));
        QCOMPARE(asked.size(), 3);
        QCOMPARE(l.current(), 1);
        QCOMPARE(w.controller().settings().scene.particles, 777);
        answer = QMessageBox::Discard;
        QVERIFY(l.goTo(2, false));
        QCOMPARE(asked.size(), 4);
        QCOMPARE(l.current(), 2);
        QVERIFY(!w.document().isModified());
    }

    void everyShippedLesson_everyStepApplies() {
        MainWindow w(options(QStringLiteral("all")));
        w.show();
        const auto files = flowlab::core::shippedLessons();
        QVERIFY(files.size() >= 3);
        for (const std::string& file : files) {
            QVERIFY2(w.openLesson(QString::fromStdString(file)), file.c_str());
            for (int i = 0; i < w.lessons().count(); ++i) {
                QString error;
                QVERIFY2(w.lessons().goTo(i, false, &error), qPrintable(QString::fromStdString(file) + ": " + error));
                QVERIFY2(w.controller().status().error.isEmpty(), qPrintable(w.controller().status().error));
            }
        }
    }

    void presenterMode_hidesDocksScalesTextAndRestoresTheWindow() {
        MainWindow w(options(QStringLiteral("present")));
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect geometry = w.geometry();
        QList<QDockWidget*> shown;
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            if (d->isVisible()) shown << d;
        QVERIFY(shown.size() >= 4);
        w.presenter().enter(nullptr, false);
        QVERIFY(w.presenter().isPresenting());
        for (QDockWidget* d : w.findChildren<QDockWidget*>()) QVERIFY2(!d->isVisible(), qPrintable(d->windowTitle()));
        QVERIFY(!w.menuBar()->isVisible());
        QVERIFY(!w.timeline().isVisible());
        QVERIFY(w.presenter().hud().isVisible());
        QCOMPARE(w.view().textBoost(), PresenterController::kTextBoost);
        QTest::keyClick(&w.view(), Qt::Key_Escape);
        QVERIFY(!w.presenter().isPresenting());
        QCOMPARE(w.geometry(), geometry);
        for (QDockWidget* d : shown) QVERIFY2(d->isVisible(), qPrintable(d->windowTitle()));
        QVERIFY(w.menuBar()->isVisible());
        QVERIFY(w.timeline().isVisible());
        QVERIFY(!w.presenter().hud().isVisible());
        QCOMPARE(w.view().textBoost(), 1.0);
    }

    void presenterBodyText_isAtLeast28PixelsAt1080p() {
        MainWindow w(options(QStringLiteral("caps")));
        QVERIFY(presentAt1080p(w));
        PresenterHud& hud = w.presenter().hud();
        hud.setContent({QStringLiteral("HHHH"), QStringLiteral("HEHEHE"), QString(), QString()});
        QCoreApplication::processEvents();
        const QImage shot = hud.grab().toImage();
        const std::vector<int> bands = test::inkBands(shot, Theme::dark().background);
        QVERIFY2(bands.size() >= 2, qPrintable(QString::number(bands.size())));
        // The second band is the caption, capitals only: its height is the rendered cap height.
        const int capHeight = bands[1];
        qInfo("presenter body cap height at 1080p, scale 1: %d px (title %d px)", capHeight, bands[0]);
        QVERIFY2(capHeight >= kMinCapHeight, qPrintable(QString::number(capHeight)));
        // Ctrl + enlarges it.
        QTest::keyClick(&w.view(), Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(w.controller().settings().view.textScale, 1.25);
        hud.setContent({QStringLiteral("HHHH"), QStringLiteral("HEHEHE"), QString(), QString()});
        const std::vector<int> larger = test::inkBands(hud.grab().toImage(), Theme::dark().background);
        QVERIFY(larger.size() >= 2);
        QVERIFY2(larger[1] >= capHeight * 1.15, qPrintable(QString::number(larger[1])));
        w.presenter().leave();
    }

    void presenterStrip_staysUnderItsShareOfTheHeight_atOneAndThreeTimesText() {
        MainWindow w(options(QStringLiteral("strip")));
        QVERIFY(presentAt1080p(w));
        PresenterHud& hud = w.presenter().hud();
        const double cap = PresenterHud::kMaxHeightShare * 1080;
        // Capitals only, so that each band of ink is one line's cap height; the caption wraps.
        const QString caption = QStringLiteral("HEH EHE ").repeated(16).trimmed();
        int capAtOne = 0, stripAtOne = 0;
        double readoutAtOne = 0;
        for (double scale : {1.0, 3.0}) {
            w.setTextScale(scale);
            QCOMPARE(w.controller().settings().view.textScale, scale);
            hud.setContent({QStringLiteral("HHHH"), caption, QString(), QStringLiteral("1 / 9")});
            QCoreApplication::processEvents();
            const QImage shot = hud.grab().toImage();
            const std::vector<int> bands = test::inkBands(shot, Theme::dark().background);
            QVERIFY2(bands.size() >= 2, qPrintable(QString::number(bands.size())));
            qInfo("text scale %.0f: strip %d px of 1080 (%.1f %%), caption cap height %d px, strip scale %.2f, %d caption lines",
                  scale, shot.height(), 100.0 * shot.height() / 1080, bands[1], hud.layout().scale,
                  int(hud.layout().captionLines.size()));
            QVERIFY2(shot.height() <= cap, qPrintable(QString::number(shot.height())));
            QVERIFY2(bands[1] >= kMinCapHeight, qPrintable(QString::number(bands[1])));
            // The plane keeps the rest.
            QVERIFY(w.compareArea().height() >= 1080 - shot.height() - 2);
            // The plane's boosted text stops at 3×: its readout and legend leave the data room.
            w.view().repaint();
            const double readout = w.view().lastOverlay().time.height();
            QVERIFY(readout > 0);
            if (scale == 1.0) {
                readoutAtOne = readout;
                capAtOne = bands[1];
                stripAtOne = shot.height();
            } else {
                QVERIFY(bands[1] >= capAtOne);      // never smaller than at 1×
                const double ratio = readout / readoutAtOne;
                qInfo("plane readout at 3x over 1x in presenter mode: %.2f", ratio);
                QVERIFY2(ratio > 1.5 && ratio < 2.1, qPrintable(QString::number(ratio)));  // 3 / 1.6, not 3
                QVERIFY(shot.height() >= stripAtOne);
            }
        }
        w.presenter().leave();
    }

    void everyShippedStep_fitsTheStripWithItsWholeCaptionAt1080p() {
        for (const std::string& file : flowlab::core::shippedLessons()) {
            auto lesson = flowlab::core::loadLessonFile(file);
            QVERIFY2(lesson.ok(), file.c_str());
            for (std::size_t i = 0; i < lesson->steps.size(); ++i) {
                const auto& step = lesson->steps[i];
                const HudContent c{QString::fromStdString(step.title), QString::fromStdString(step.caption),
                                   QString::fromStdString(step.formula), QStringLiteral("10 / 12")};
                const QString where = QStringLiteral("%1 step %2").arg(QString::fromStdString(file)).arg(i + 1);
                for (double scale : {1.0, 2.0, 3.0}) {
                    const HudLayout l = PresenterHud::layoutFor(c, 1920, 1080, scale);
                    QVERIFY2(l.height <= PresenterHud::kMaxHeightShare * 1080, qPrintable(where));
                    QVERIFY2(l.bodyFont.pixelSize() >= PresenterHud::kBodyPixels, qPrintable(where));
                    QVERIFY2(!l.captionCut, qPrintable(where + QStringLiteral(": the caption is cut")));
                    // Every character is drawn (lines may break at a hyphen, so spaces are not compared).
                    const auto ink = [](QString text) { return text.remove(QRegularExpression(QStringLiteral("\\s"))); };
                    QVERIFY2(ink(l.captionLines.join(QString())) == ink(c.caption), qPrintable(where));
                }
            }
        }
        // A caption far too long for the strip is cut, its end elided, and the strip keeps its cap.
        const HudContent tooLong{QStringLiteral("Title"), QStringLiteral("word ").repeated(200), QStringLiteral("x^2"), {}};
        const HudLayout l = PresenterHud::layoutFor(tooLong, 1920, 1080, 3.0);
        QVERIFY(l.captionCut);
        QVERIFY(l.captionLines.last().endsWith(QChar(0x2026)));
        QVERIFY(l.height <= PresenterHud::kMaxHeightShare * 1080);
        QCOMPARE(l.bodyFont.pixelSize(), int(PresenterHud::kBodyPixels));
    }

    void twoScreens_projectorShowsThePlane_laptopTheConsole() {
        const QList<QScreen*> screens = QGuiApplication::screens();
        if (!QGuiApplication::platformName().startsWith(QLatin1String("offscreen")))
            QSKIP("the two screens are set up on the offscreen platform");
        QCOMPARE(screens.size(), 2);
        MainWindow w(options(QStringLiteral("two")));
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QScreen* laptop = w.screen();
        QCOMPARE(laptop->size(), kLaptop);
        const QRect before = w.geometry();
        QVERIFY(w.openLesson(lessonFile("flow-matching")));
        w.presenter().enter();
        QVERIFY(w.presenter().isPresenting());
        QCOMPARE(w.screen()->size(), kProjector);
        QVERIFY(QTest::qWaitFor([&] { return w.geometry() == w.screen()->geometry(); }, 5000));
        QVERIFY(w.presenter().hud().isVisible());
        // The laptop shows the console: the step's notes, the next step and the controls.
        PresenterConsole* console = w.presenter().console();
        QVERIFY(console && console->isVisible());
        QCOMPARE(console->screen(), laptop);
        QCOMPARE(console->notesText(), QString::fromStdString(w.lessons().step(0)->notes));
        QVERIFY2(console->nextText().contains(QString::fromStdString(w.lessons().step(1)->title)), qPrintable(console->nextText()));
        // The clicker's key on the console steps the lesson; both screens follow.
        QTest::keyClick(console, Qt::Key_PageDown);
        QCOMPARE(w.lessons().current(), 1);
        QCOMPARE(console->notesText(), QString::fromStdString(w.lessons().step(1)->notes));
        QVERIFY(w.presenter().hud().content().step.startsWith(QStringLiteral("2 / ")));
        // Leaving brings the window back to the laptop as it was; the console goes.
        QTest::keyClick(console, Qt::Key_Escape);
        QVERIFY(!w.presenter().isPresenting());
        QCOMPARE(w.screen(), laptop);
        QVERIFY(QTest::qWaitFor([&] { return w.geometry() == before; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return !w.presenter().console(); }, 5000));
    }

    void slidePictures_getThePresenterTextBoost() {
        MainWindow w(options(QStringLiteral("slides")));
        w.show();
        QCOMPARE(w.slideTextBoost(), 1.0);
        QVERIFY(w.openLesson(lessonFile("flow-matching")));
        QCOMPARE(w.slideTextBoost(), PresenterController::kTextBoost);
        const double t = w.clock().t();
        QVERIFY(waitReady(w, t));
        const QSize size(960, 540);
        FrameRenderer r;
        FrameData plain = w.controller().frameAt(t);
        r.renderImage(size, plain);
        const double plainReadout = r.lastOverlay().time.height();
        FrameData boosted = plain;
        boosted.textScale = PlaneView::boostedTextScale(plain.textScale, w.slideTextBoost());
        const QImage expected = r.renderImage(size, boosted);
        // The slide's readout is the boosted one, and renderPlane draws exactly that frame.
        QVERIFY2(r.lastOverlay().time.height() > 1.4 * plainReadout, qPrintable(QString::number(r.lastOverlay().time.height())));
        QCOMPARE(test::differingPixels(w.renderPlane(size, t, w.slideTextBoost()), expected), 0);
        QVERIFY(test::differingPixels(w.renderPlane(size, t), expected) > 100);
    }

    void screenChoice_projectorGetsThePlane_laptopTheConsole() {
        const QRect laptop(0, 0, 1280, 800), projector(1280, 0, 1920, 1080), monitor(3200, 0, 2560, 1440);
        // One screen: the plane there, no console (N shows the notes over the plane).
        QCOMPARE(choosePresenterScreens({laptop}, 0), (PresenterScreens{0, -1}));
        // Two: the plane on the other screen, the console where the window was.
        QCOMPARE(choosePresenterScreens({laptop, projector}, 0), (PresenterScreens{1, 0}));
        QCOMPARE(choosePresenterScreens({projector, laptop}, 1), (PresenterScreens{0, 1}));
        // Three: the largest other screen is the projector.
        QCOMPARE(choosePresenterScreens({laptop, projector, monitor}, 0), (PresenterScreens{2, 0}));
        QCOMPARE(choosePresenterScreens({monitor, laptop, projector}, 1), (PresenterScreens{0, 1}));
        // Asked for the laptop's own screen: the console goes to the other one.
        QCOMPARE(choosePresenterScreens({laptop, projector}, 0, 0), (PresenterScreens{0, 1}));
        QCOMPARE(choosePresenterScreens({laptop, projector, monitor}, 0, 1), (PresenterScreens{1, 0}));
        // A window not on any screen yet counts as on the first; no screens, nothing.
        QCOMPARE(choosePresenterScreens({laptop, projector}, -1), (PresenterScreens{1, 0}));
        QCOMPARE(choosePresenterScreens({}, 0), (PresenterScreens{-1, -1}));
        QCOMPARE(choosePresenterScreens({laptop, projector}, 0, 7), (PresenterScreens{1, 0}));  // no such screen
    }

    void textScale_scalesThePlanesReadoutAndPersists() {
        FrameData f;
        f.t = 0.5;
        FrameRenderer r;
        r.renderImage(QSize(1280, 720), f);
        const QRectF one = r.lastOverlay().time;
        f.textScale = 2.0;
        r.renderImage(QSize(1280, 720), f);
        const QRectF two = r.lastOverlay().time;
        QVERIFY(!one.isEmpty());
        QVERIFY2(std::abs(two.height() / one.height() - 2.0) < 0.15, qPrintable(QString::number(two.height() / one.height())));

        const QString ini = m_dir.filePath(QStringLiteral("scale.ini"));
        {
            MainWindowOptions o = test::quietWindowOptions(ini);
            MainWindow w(o);
            w.setTextScale(2.5);
            QCOMPARE(w.controller().settings().view.textScale, 2.5);
            w.setTextScale(9.0);
            QCOMPARE(w.controller().settings().view.textScale, ViewSettings::kMaxTextScale);
            w.saveSettings();
        }
        MainWindowOptions o = test::quietWindowOptions(ini);
        o.restoreSettings = true;
        MainWindow again(o);
        QCOMPARE(again.controller().settings().view.textScale, ViewSettings::kMaxTextScale);
    }

    void legend_coversLittleMassAtTheEnd() {
        MainWindowOptions o = options(QStringLiteral("legend"));
        ExplorerSettings s;
        s.scene.particles = 3000;
        o.initialSettings = s;
        MainWindow w(o);
        w.show();
        w.clock().pause();
        w.clock().setT(1.0);
        QVERIFY(waitReady(w, 1.0));
        FrameRenderer r;
        for (double scale : {1.0, PresenterController::kTextBoost}) {
            const QSize size = scale == 1.0 ? QSize(1280, 720) : QSize(1920, 1080);
            FrameData f = w.controller().frameAt(1.0);
            f.textScale = scale;
            r.renderImage(size, f);
            const double share = massShare(f, size, r.lastOverlay().legend);
            qInfo("legend share of the mass at t = 1, %dx%d, text %.1f: %.4f", size.width(), size.height(), scale, share);
            QVERIFY2(share <= kMaxLegendShare, qPrintable(QString::number(share)));
        }
        // A mode right where the legend usually goes: it moves elsewhere.
        Camera c;
        c.centerX = 4.2;
        c.centerY = 1.5;
        w.controller().setCamera(c);
        FrameData f = w.controller().frameAt(1.0);
        const QSize size(1280, 720);
        r.renderImage(size, f);
        const QRectF legend = r.lastOverlay().legend;
        const double u = FrameRenderer::uiScale(size);
        const QRectF usual(QPointF(14 * u + 18 * u - 1, size.height() - 14 * u - 22 * u - legend.height() + 1), legend.size());
        const double usualShare = massShare(f, size, usual), share = massShare(f, size, legend);
        qInfo("shifted camera: usual corner %.4f, chosen %.4f", usualShare, share);
        QVERIFY2(usualShare > 0.05, qPrintable(QString::number(usualShare)));
        QVERIFY2(share <= kMaxLegendShare, qPrintable(QString::number(share)));
    }

    void fourPanelSteps_tReadoutLeavesTheMass() {
        // In a 2×2 step each panel keeps the single view's text (twice a panel's own, boosted in
        // presenter mode): a t readout fixed top right can land on a mode. It goes where ρ_t is small.
        MainWindow w(options(QStringLiteral("readout")));
        QVERIFY(presentAt1080p(w));
        int checked = 0;
        FrameData last;
        QSize lastSize;
        QRectF usual;
        for (const std::string& file : flowlab::core::shippedLessons()) {
            QVERIFY2(w.openLesson(QString::fromStdString(file)), file.c_str());
            for (int step = 0; step < w.lessons().count(); ++step) {
                QVERIFY(w.lessons().goTo(step, false));
                CompareArea& area = w.compareArea();
                if (area.panelCount() != 4 || w.controller().settings().scene.isImages()) continue;
                for (double t : {0.0, 0.5, 1.0}) {
                    w.clock().pause();
                    w.clock().setT(t);
                    QVERIFY(waitReady(w, t));
                    for (int i = 0; i < 4; ++i) {
                        const FrameData f = area.view(i).shownFrame();
                        QVERIFY(f.layers.particles && f.tracks && f.overlays.time);
                        FrameRenderer r;
                        r.renderImage(area.view(i).size(), f);
                        const QRectF readout = r.lastOverlay().time;
                        QVERIFY(!readout.isEmpty());
                        const double share = massShare(f, area.view(i).size(), readout);
                        qInfo("%s step %d, t = %.1f, panel %d: t readout %.0fx%.0f at (%.0f, %.0f), %.4f of the mass",
                              file.c_str(), step + 1, t, i + 1, readout.width(), readout.height(), readout.x(), readout.y(), share);
                        QVERIFY2(share < kMaxReadoutShare, qPrintable(QString::number(share)));
                        ++checked;
                        last = f;
                        lastSize = area.view(i).size();
                        if (usual.isEmpty()) usual = readout;
                    }
                }
            }
        }
        QVERIFY(checked >= 12);  // the stochastic-interpolants lesson's ε step at least
        QVERIFY(!usual.isEmpty());
        // A mode right where the readout usually goes (the last 4-panel step at t = 1, a target
        // particle moved under the readout's centre): it moves off the mass.
        FrameData f = last;
        std::vector<float> xy;
        f.tracks->positionsAt(f.t, xy);
        const QPointF under = ViewTransform(f.camera, QSizeF(lastSize)).toWorld(usual.center());
        f.camera.centerX += double(xy[0]) - under.x();
        f.camera.centerY += double(xy[1]) - under.y();
        const double usualShare = massShare(f, lastSize, usual);
        FrameRenderer r;
        r.renderImage(lastSize, f);
        const double share = massShare(f, lastSize, r.lastOverlay().time);
        qInfo("a mode under the usual place (%.4f of the mass there): the readout at (%.0f, %.0f) covers %.4f", usualShare,
              r.lastOverlay().time.x(), r.lastOverlay().time.y(), share);
        QVERIFY2(usualShare > 0.05, qPrintable(QString::number(usualShare)));
        QVERIFY2(share < kMaxReadoutShare, qPrintable(QString::number(share)));
    }

    void clickerKeys_stepBlackLaserNotes() {
        MainWindow w(options(QStringLiteral("keys")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openLesson(lessonFile("score-based-sdes")));
        w.presenter().enter(nullptr, false);
        QWidget* target = &w.view();
        QTest::keyClick(target, Qt::Key_PageDown);
        QCOMPARE(w.lessons().current(), 1);
        QTest::keyClick(target, Qt::Key_Right);
        QCOMPARE(w.lessons().current(), 2);
        QTest::keyClick(target, Qt::Key_PageUp);
        QCOMPARE(w.lessons().current(), 1);
        QVERIFY(w.presenter().hud().content().step.startsWith(QStringLiteral("2 / ")));
        w.lessons().finishTransition();
        const bool playing = w.clock().isPlaying();
        QTest::keyClick(target, Qt::Key_Space);
        QCOMPARE(w.clock().isPlaying(), !playing);
        QTest::keyClick(target, Qt::Key_B);
        QVERIFY(w.presenter().isBlack());
        QTest::keyClick(target, Qt::Key_B);
        QVERIFY(!w.presenter().isBlack());
        QTest::keyPress(target, Qt::Key_L);
        QVERIFY(w.presenter().laserOn());
        QTest::keyRelease(target, Qt::Key_L);
        QVERIFY(!w.presenter().laserOn());
        QTest::keyClick(target, Qt::Key_N);
        QVERIFY(w.presenter().notesShown());
        QTest::keyClick(target, Qt::Key_F5);
        QVERIFY(!w.presenter().isPresenting());
        QVERIFY(!w.presenter().notesShown());
    }

    void editor_addReorderEditSave_keepsWhatEachStepShows() {
        MainWindow w(options(QStringLiteral("editor")));
        w.show();
        flowlab::core::Lesson fresh;
        fresh.title = "Made here";
        QVERIFY(w.lessons().setLesson(fresh, QString()));
        LessonEditor& e = w.lessonEditor();
        QVERIFY(e.addCurrentState(QStringLiteral("A")));  // the default scene: 8 Gaussians
        ExplorerSettings s = w.controller().settings();
        s.scene.target = flowlab::core::DensitySource::fromSpec("rings");
        QVERIFY(w.applySettings(s));
        QVERIFY(e.addCurrentState(QStringLiteral("B")));
        QCOMPARE(w.lessons().count(), 2);
        QVERIFY(e.moveStep(1, 0));
        QVERIFY(e.setStepText(0, QStringLiteral("B first"), QStringLiteral("cap"), QStringLiteral("x^2"), QStringLiteral("say it")));
        const QString path = m_dir.filePath(QStringLiteral("made.json"));
        QVERIFY(e.saveTo(path));
        auto loaded = flowlab::core::loadLessonFile(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        QCOMPARE(loaded->steps.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(loaded->steps[0].title), QStringLiteral("B first"));
        QCOMPARE(QString::fromStdString(loaded->steps[0].notes), QStringLiteral("say it"));
        // Reordered, each step still shows its own target.
        auto first = flowlab::core::lessonStepScene(*loaded, 0, flowlab::core::sceneToJson(flowlab::core::Scene{}));
        QVERIFY(first.ok());
        auto second = flowlab::core::lessonStepScene(*loaded, 1, *first);
        QVERIFY(second.ok());
        QCOMPARE(QString::fromStdString(flowlab::core::sceneFromJson(*first)->target.spec), QStringLiteral("rings"));
        QCOMPARE(QString::fromStdString(flowlab::core::sceneFromJson(*second)->target.spec), QStringLiteral("8gaussians"));
        // A failed save reports and keeps the file and the edits.
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        QVERIFY(!e.saveTo(m_dir.filePath(QStringLiteral("no/such/dir/made.json"))));
        QCOMPARE(w.lessons().count(), 2);
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    void editor_recordsThePinAndProbe_andReopeningRestoresThem() {
        const QString path = m_dir.filePath(QStringLiteral("pins.json"));
        const QPointF first(1.25, -0.5), second(-2.0, 0.75), x1(3.0, -1.5);
        {
            MainWindow w(options(QStringLiteral("pins")));
            w.show();
            flowlab::core::Lesson fresh;
            fresh.title = "Pins";
            QVERIFY(w.lessons().setLesson(fresh, QString()));
            LessonEditor& e = w.lessonEditor();
            w.controller().pin(first, 0.4);
            w.setProbe(ProbeMode::Conditional, 2);  // component 3, shown from 1
            QVERIFY(e.addCurrentState(QStringLiteral("component")));
            w.controller().pin(second, 0.7);
            w.setProbe(ProbeMode::Conditional, -1, x1);
            QVERIFY(e.addCurrentState(QStringLiteral("point")));
            w.setProbe(ProbeMode::Posterior);
            QVERIFY(e.addCurrentState(QStringLiteral("posterior")));
            w.controller().clearPin();
            w.setProbe(ProbeMode::Off);
            QVERIFY(e.addCurrentState(QStringLiteral("nothing")));
            QVERIFY(e.saveTo(path));
        }
        // Through the file.
        auto loaded = flowlab::core::loadLessonFile(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        QCOMPARE(loaded->steps.size(), std::size_t(4));
        const auto& s0 = loaded->steps[0].pin;
        QVERIFY(s0 && s0->x == first.x() && s0->y == first.y() && s0->t == 0.4);
        QCOMPARE(QString::fromStdString(s0->probe), QStringLiteral("conditional"));
        QCOMPARE(s0->component, 3);
        QVERIFY(!s0->x1);
        const auto& s1 = loaded->steps[1].pin;
        QVERIFY(s1 && s1->x == second.x() && s1->t == 0.7 && s1->x1);
        QCOMPARE(QPointF((*s1->x1)[0], (*s1->x1)[1]), x1);
        QCOMPARE(s1->component, 0);
        QVERIFY(loaded->steps[2].pin && loaded->steps[2].pin->probe == "posterior" && !loaded->steps[2].pin->x1);
        QVERIFY(!loaded->steps[3].pin);
        // Through stepping in a window that opens the saved lesson.
        MainWindow w(options(QStringLiteral("pins-reopened")));
        w.show();
        QVERIFY(w.openLesson(path));
        ExplorerController& c = w.controller();
        QVERIFY(c.pinned() && c.pinned()->first == first && c.pinned()->second == 0.4);
        QCOMPARE(c.probeMode(), ProbeMode::Conditional);
        QCOMPARE(c.probeComponent(), 2);
        QVERIFY(!c.probeTargetPoint());
        QVERIFY(w.lessons().goTo(1, false));
        QVERIFY(c.pinned() && c.pinned()->first == second && c.pinned()->second == 0.7);
        QVERIFY(c.probeTargetPoint() && *c.probeTargetPoint() == x1);
        const auto probe = c.frameAt(0.7).probe;
        QVERIFY(probe && probe->targetPoint && *probe->targetPoint == x1 && !probe->gridPoints.empty());
        QVERIFY(w.lessons().goTo(2, false));
        QCOMPARE(c.probeMode(), ProbeMode::Posterior);
        QVERIFY(!c.probeTargetPoint());
        QVERIFY(w.lessons().goTo(3, false));
        QVERIFY(!c.hasPin());
        QCOMPARE(c.probeMode(), ProbeMode::Off);
    }

    void commandLine_malformedLesson_exitsTwoNamingTheStep() {
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "flowlab-lesson", "version": 1, "title": "x",
                   "steps": [{"title": "ok"}, {"title": "Broken", "t": {"start": 3}}]})");
        f.close();
        QProcess p;
        p.start(QStringLiteral(FLOWLAB_GUI_PATH), {QStringLiteral("--lesson"), bad, QStringLiteral("--screenshot"),
                                                   m_dir.filePath(QStringLiteral("x.png"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("step 2")) && err.contains(QStringLiteral("t.start")), qPrintable(err));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.png"))));
    }
};

// Offscreen, the suite runs on two screens, a laptop and a projector beside it (the offscreen
// platform reads them from a configuration file), so that presenter mode's screen handling runs.
int main(int argc, char** argv) {
    QTemporaryDir screens;
    if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen") && screens.isValid()) {
        const QString config = screens.filePath(QStringLiteral("screens.json"));
        QFile f(config);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QStringLiteral(R"({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": %1, "height": %2},
                                        {"name": "projector", "x": %1, "y": 0, "width": %3, "height": %4}]})")
                        .arg(kLaptop.width()).arg(kLaptop.height()).arg(kProjector.width()).arg(kProjector.height())
                        .toUtf8());
            f.close();
            qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + QFile::encodeName(config));
        }
    }
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    LectureModeTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "lecture_mode_test.moc"
