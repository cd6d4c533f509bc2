// flowlab-cli render: a video of a scene, drawn offscreen by the GUI's own renderer.
#include <QGuiApplication>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "export/video_render.hpp"
#include "sampler/sampler.hpp"
#include "scene_options.hpp"
#include "state/scene_import.hpp"

namespace flowlab::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void onRenderInterrupt(int) { g_interrupted.store(true); }

/// Qt's messages go to stderr as usual, except the offscreen platform's note about a missing
/// XDG_RUNTIME_DIR, which is noise for a headless render.
void forwardQtMessage(QtMsgType, const QMessageLogContext&, const QString& message) {
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))) return;
    std::fprintf(stderr, "%s\n", qPrintable(message));
}

/// "WxH" with both sides in [2, 8192].
core::Result<QSize> parseSize(const std::string& text) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    std::istringstream in(text);
    if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || (in >> extra) || w < 2 || h < 2 || w > 8192 || h > 8192)
        return core::Error{"--size: expected WxH with sides in [2, 8192], e.g. 1920x1080 (got '" + text + "')"};
    return QSize(w, h);
}

/// "A,B" with 0 <= A < B <= 1.
core::Result<std::pair<double, double>> parseRange(const std::string& text) {
    double a = 0, b = 0;
    char comma = 0, extra = 0;
    std::istringstream in(text);
    if (!(in >> a >> comma >> b) || comma != ',' || (in >> extra) || !(a >= 0.0 && b <= 1.0 && a < b))
        return core::Error{"--t-range: expected A,B with 0 <= A < B <= 1, e.g. 0,1 (got '" + text + "')"};
    return std::make_pair(a, b);
}

const char* stageName(ui::VideoRenderStage stage) {
    switch (stage) {
    case ui::VideoRenderStage::Preparing: return "simulating";
    case ui::VideoRenderStage::Rendering: return "rendering";
    case ui::VideoRenderStage::Finishing: return "finishing";
    }
    return "";
}

/// The explorer settings the options describe (scene file first, options override).
core::Result<ui::ExplorerSettings> settingsFromArgs(const Args& args, const SceneSetup& setup) {
    ui::ExplorerSettings s;
    if (auto path = args.value("scene")) {
        auto loaded = ui::loadSceneSettings(*path);
        if (!loaded) return core::Error{"--scene: " + loaded.message()};
        s = *loaded;
    }
    if (auto spec = args.value("base")) s.scene.baseSpec = QString::fromStdString(*spec);
    if (auto spec = args.value("target")) s.scene.targetSpec = QString::fromStdString(*spec);
    s.scene.interpolant = setup.interpolantOptions;
    s.scene.seed = setup.seed;

    auto particles = args.integer("particles", s.scene.particles, 1, ui::SceneSettings::kMaxParticles);
    if (!particles) return particles.error();
    s.scene.particles = int(*particles);
    auto steps = args.integer("steps", s.scene.steps, 2, 2000);
    if (!steps) return steps.error();
    s.scene.steps = int(*steps);
    if (auto name = args.value("solver")) {
        auto solver = core::parseSolverKind(*name);
        if (!solver) return core::Error{"--solver: " + solver.message()};
        s.scene.solver = *solver;
    }
    auto eps = args.number("eps", s.scene.epsilon, 0.0, 1e3);
    if (!eps) return eps.error();
    s.scene.epsilon = *eps;
    auto direction = args.string("direction", s.scene.direction == ui::Direction::Encode ? "encode" : "generate");
    if (!direction) return direction.error();
    if (*direction == "generate")
        s.scene.direction = ui::Direction::Generate;
    else if (*direction == "encode")
        s.scene.direction = ui::Direction::Encode;
    else
        return core::Error{"--direction: expected generate or encode (got '" + *direction + "')"};
    auto theme = args.string("theme", s.view.theme.toStdString());
    if (!theme) return theme.error();
    if (*theme != "dark" && *theme != "light") return core::Error{"--theme: expected dark or light (got '" + *theme + "')"};
    s.view.theme = QString::fromStdString(*theme);
    if (args.flag("no-legend")) s.view.layers.legend = false;
    if (std::string e = s.scene.validate(); !e.empty()) return core::Error{e};
    return s;
}

core::Result<ui::VideoRenderOptions> renderOptionsFromArgs(const Args& args, int threads) {
    ui::VideoRenderOptions o;
    o.threads = threads;
    auto size = parseSize(args.value("size").value_or("1280x720"));
    if (!size) return size.error();
    o.size = *size;
    auto fps = args.number("fps", 30.0, 1e-3, 240.0);
    if (!fps) return fps.error();
    o.timeline.fps = *fps;
    auto seconds = args.number("seconds", 4.0, 1e-3, 3600.0);
    if (!seconds) return seconds.error();
    o.timeline.seconds = *seconds;
    if (auto range = args.value("t-range")) {
        auto r = parseRange(*range);
        if (!r) return r.error();
        o.timeline.tStart = r->first;
        o.timeline.tEnd = r->second;
    }
    auto hs = args.integer("hold-start", 0, 0, 10000);
    if (!hs) return hs.error();
    o.timeline.holdStartFrames = int(*hs);
    auto he = args.integer("hold-end", 0, 0, 10000);
    if (!he) return he.error();
    o.timeline.holdEndFrames = int(*he);
    o.timeline.bounce = args.flag("bounce");
    if (args.has("t")) {
        auto t = args.number("t", 0.0, 0.0, 1.0);
        if (!t) return t.error();
        o.stillT = *t;
    }
    auto crf = args.integer("crf", -1, -1, 63);
    if (!crf) return crf.error();
    o.video.crf = int(*crf);
    if (std::string e = o.validate(); !e.empty()) return core::Error{e};
    return o;
}

}  // namespace

int runRender(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"out", "PATH", "FILE.mp4 (H.264), FILE.webm (VP9), FILE.gif, FILE.png (a still) or DIR/ (PNG frames) (required)"},
        {"fps", "F", "frames per second, (0, 240]; GIF at most 50 (default 30)"},
        {"seconds", "S", "length of the sweep in seconds, holds excluded (default 4)"},
        {"size", "WxH", "frame size in pixels, even for MP4/WebM (default 1280x720)"},
        {"t-range", "A,B", "the range of t swept, 0 <= A < B <= 1 (default 0,1)"},
        {"direction", "DIR", "generate (t: A -> B from the base) or encode (t: B -> A from the target) (default generate)"},
        {"hold-start", "N", "repeat the first frame N times (default 0)"},
        {"hold-end", "N", "repeat the last frame N times (default 0)"},
        {"bounce", "", "sweep there and back within --seconds, ending where it started"},
        {"t", "T", "the time of a PNG still (default: the start of the sweep)"},
        {"particles", "N", "particles simulated (default 10000)"},
        {"steps", "K", "integration steps (default 100)"},
        {"solver", "NAME", "euler, heun, midpoint, rk4 (ODE); em, sde-heun (SDE) (default heun)"},
        {"eps", "E", "diffusion ε of the SDE solvers (default 1)"},
        {"theme", "NAME", "dark or light (default dark)"},
        {"no-legend", "", "leave out the captions, legend and t readout"},
        {"compare", "PRESET",
         "side-by-side panels on one clock with the same seed: ode-vs-sde, fm-vs-vp, interpolants (linear, trig, "
         "encdec) or epsilons (ε = 0, 0.5, 2, 8)"},
        {"crf", "Q", "constant-quality factor, lower is better: MP4 0-51 (default 20), WebM 0-63 (default 31)"},
    };
    const auto common = sceneOptionSpecs();
    specs.insert(specs.end(), common.begin(), common.end());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli render [--scene FILE | --base SPEC --target SPEC ...] --out FILE.mp4|.webm|.gif|.png|DIR/\n"
                                "                          [--fps F] [--seconds S] [--size WxH] [--t-range A,B]\n"
                                "                          [--direction generate|encode] [--hold-start N] [--hold-end N] [--bounce]\n"
                                "                          [--compare ode-vs-sde|fm-vs-vp|interpolants|epsilons]",
                                "Renders the scene's particles and fields as the explorer window shows them, with the\n"
                                "same renderer, offscreen (no display needed), and encodes them through FFmpeg's\n"
                                "libraries. Frame k shows a fixed t, so a render is independent of wall time and\n"
                                "identical for the same options and seed. Prints progress on standard error.\n"
                                "Failure or Ctrl+C leaves no file behind.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = args->required("out");
    if (!out) return fail(out.message());
    auto setup = parseScene(*args);
    if (!setup) return fail(setup.message());

    // Fonts and QPainter need a QGuiApplication; the offscreen platform needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(forwardQtMessage);
    static int argc = 1;
    static char name[] = "flowlab-cli";
    static char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    auto settings = settingsFromArgs(*args, *setup);
    if (!settings) return fail(settings.message());
    auto options = renderOptionsFromArgs(*args, setup->threads);
    if (!options) return fail(options.message());

    g_interrupted.store(false);
    const auto previous = std::signal(SIGINT, onRenderInterrupt);
    int lastPercent = -1;
    ui::VideoRenderStage lastStage = ui::VideoRenderStage::Preparing;
    const auto progress = [&](ui::VideoRenderStage stage, int done, int total) {
        const int percent = total > 0 ? int(100.0 * done / total) : 0;
        if (percent != lastPercent || stage != lastStage) {
            std::fprintf(stderr, "\r%s: frame %d/%d (%d%%)   ", stageName(stage), done, total, percent);
            std::fflush(stderr);
            lastPercent = percent;
            lastStage = stage;
        }
        return true;
    };
    core::Result<ui::VideoRenderSummary> summary = core::Error{"not rendered"};
    if (auto name = args->value("compare")) {
        auto preset = ui::parseComparePreset(*name);
        if (!preset) return fail("--compare: " + preset.message());
        summary = ui::renderCompareVideo(ui::comparePanels(*preset, settings->scene), settings->view, *options, *out,
                                         progress, &g_interrupted);
    } else {
        summary = ui::renderVideo(*settings, *options, *out, progress, &g_interrupted);
    }
    std::signal(SIGINT, previous);
    if (lastPercent >= 0) std::fprintf(stderr, "\n");  // end the progress line
    if (!summary) return fail(summary.message());
    std::fprintf(stdout,
                 "wrote %s: %d frames %dx%d at %g fps (%.2f s of video) in %.2f s: simulate %.2f s, render %.2f s, "
                 "encode %.2f s\n",
                 out->c_str(), summary->frames, options->size.width(), options->size.height(), options->timeline.fps,
                 summary->frames / options->timeline.fps, summary->totalSeconds(), summary->prepareSeconds,
                 summary->renderSeconds, summary->encodeSeconds);
    return 0;
}

}  // namespace flowlab::cli
