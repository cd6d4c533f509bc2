// flowlab-cli render: a video of a scene, drawn offscreen by the GUI's own renderer.
#include <QGuiApplication>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "export/video_options.hpp"
#include "export/video_render.hpp"
#include "panel_spec.hpp"
#include "sampler/sampler.hpp"
#include "sampler_args.hpp"
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

/// "title,t,formula,legend" (any subset, in any order), "all" or "none".
core::Result<ui::OverlayVisibility> parseOverlays(const std::string& text) {
    ui::OverlayVisibility o{false, false, false, false};
    if (text == "all") return ui::OverlayVisibility{};
    if (text == "none") return o;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (part == "title")
            o.title = true;
        else if (part == "t")
            o.time = true;
        else if (part == "formula")
            o.formula = true;
        else if (part == "legend")
            o.legend = true;
        else
            return core::Error{"--overlays: unknown part '" + part + "' (use title, t, formula, legend, all or none)"};
    }
    return o;
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
    if (auto spec = args.value("base")) s.scene.base = core::DensitySource::fromSpec(*spec);
    if (auto spec = args.value("target")) s.scene.target = core::DensitySource::fromSpec(*spec);
    s.scene.interpolant = setup.interpolantOptions();
    s.scene.seed = setup.seed();

    auto particles = args.integer("particles", s.scene.particles, 1, ui::SceneSettings::kMaxParticles);
    if (!particles) return particles.error();
    s.scene.particles = int(*particles);
    auto steps = args.integer("steps", s.scene.steps, 2, 2000);
    if (!steps) return steps.error();
    s.scene.steps = int(*steps);
    core::SamplerOptions so = s.scene.samplerOptions();
    // ε stays meaningful with an ODE solver here: --compare ode-vs-sde gives it to its SDE panel.
    if (core::Status st = parseSamplerArgs(args, so, EpsilonWithOde::Keep); !st) return core::Error{st.message()};
    s.scene.setSamplerMethod(so);
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
    if (args.has("model")) s.scene.fieldMode = ui::FieldMode::Learned;
    if (args.has("coupling")) {
        // The coupling of the exact field's pairs (the pipeline builds it); a model keeps its own.
        if (args.has("model")) return core::Error{"--coupling chooses the exact field's pairs; a model keeps the coupling it "
                                                  "was trained with (drop --coupling)"};
        auto coupling = core::parseCoupling(*args.value("coupling"));
        if (!coupling) return core::Error{"--coupling: " + coupling.message()};
        s.scene.coupling = *coupling;
    }
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
    auto preset = args.string("x264-preset", o.video.x264Preset);
    if (!preset) return preset.error();
    o.video.x264Preset = *preset;
    auto encoderThreads = args.integer("encoder-threads", o.video.threads, 1, 16);
    if (!encoderThreads) return encoderThreads.error();
    o.video.threads = int(*encoderThreads);
    auto renderThreads = args.integer("render-threads", o.renderThreads, 1, 8);
    if (!renderThreads) return renderThreads.error();
    o.renderThreads = int(*renderThreads);
    if (auto list = args.value("overlays")) {
        if (args.flag("no-legend")) return core::Error{"give --overlays or --no-legend, not both"};
        auto overlays = parseOverlays(*list);
        if (!overlays) return overlays.error();
        o.overlays = *overlays;
    }
    auto view = args.string("view", "grid");
    if (!view) return view.error();
    if (*view == "grid")
        o.imageView = ui::ImageView::Grid;
    else if (*view == "filmstrip")
        o.imageView = ui::ImageView::Filmstrip;
    else if (*view == "pca")
        o.imageView = ui::ImageView::Pca;
    else
        return core::Error{"--view: expected grid, filmstrip or pca (got '" + *view + "')"};
    if (args.has("sample") && o.imageView != ui::ImageView::Filmstrip)
        return core::Error{"--sample chooses the sample of --view filmstrip"};
    auto sample = args.integer("sample", 0, 0, ui::SceneSettings::kMaxGridSide * ui::SceneSettings::kMaxGridSide);
    if (!sample) return sample.error();
    o.imageSample = int(*sample);
    if (std::string e = o.validate(); !e.empty()) return core::Error{e};
    return o;
}


/// The panels to render side by side, or none for a single scene: --compare PRESET, or
/// --layout N with one --panel SPEC per cell.
core::Result<std::vector<ui::ComparePanel>> panelsFromArgs(const Args& args, const ui::ExplorerSettings& settings,
                                                           const SceneSetup& setup, int& cells) {
    const std::vector<std::string> specs = args.values("panel");
    cells = 0;
    if (args.has("compare") && (args.has("panel") || args.has("layout")))
        return core::Error{"--compare is a preset layout: give either --compare or --layout/--panel"};
    if (args.has("layout") && specs.empty())
        return core::Error{"--layout needs a --panel SPEC for each cell (see --help)"};
    std::vector<ui::ComparePanel> panels;
    if (auto name = args.value("compare")) {
        auto preset = ui::parseComparePreset(*name);
        if (!preset) return core::Error{"--compare: " + preset.message()};
        panels = ui::comparePanels(*preset, settings.scene);
        for (std::size_t i = 0; i < panels.size(); ++i)
            if (core::Status st = attachLearnedField(panels[i], setup, args); !st)
                return core::Error{"--compare panel " + std::to_string(i + 1) + ": " + st.message()};
        return panels;
    }
    if (specs.empty()) return panels;
    if (args.has("layout")) {
        auto layout = args.integer("layout", 0, 1, 4);
        if (!layout) return layout.error();
        if (*layout == 3) return core::Error{"--layout: expected 1, 2 or 4 (got 3; use 4 with three panels)"};
        cells = int(*layout);
    } else {
        cells = specs.size() <= 2 ? int(specs.size()) : 4;
    }
    if (int(specs.size()) > cells)
        return core::Error{"--layout " + std::to_string(cells) + " has room for " + std::to_string(cells) +
                           " panels but " + std::to_string(specs.size()) + " --panel were given"};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        auto panel = parsePanelSpec(specs[i], settings.scene, setup, args);
        if (!panel) return core::Error{"--panel " + std::to_string(i + 1) + " '" + specs[i] + "': " + panel.message()};
        panels.push_back(std::move(*panel));
    }
    return panels;
}

}  // namespace

int runRender(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"out", "PATH", "FILE.mp4 (H.264), FILE.webm (VP9), FILE.gif, FILE.png or FILE.svg (a still) or DIR/ (PNG frames) (required)"},
        {"fps", "F", "frames per second, (0, 240]; GIF at most 50 (default 30)"},
        {"seconds", "S", "length of the sweep in seconds, holds excluded (default 4)"},
        {"size", "WxH", "frame size in pixels, even for MP4/WebM (default 1280x720)"},
        {"t-range", "A,B", "the range of t swept, 0 <= A < B <= 1 (default 0,1)"},
        {"direction", "DIR", "generate (t: A -> B from the base) or encode (t: B -> A from the target) (default generate)"},
        {"hold-start", "N", "repeat the first frame N times (default 0)"},
        {"hold-end", "N", "repeat the last frame N times (default 0)"},
        {"bounce", "", "sweep there and back within --seconds, ending where it started"},
        {"t", "T", "the time of a PNG or SVG still (default: the start of the sweep)"},
        {"view", "NAME", "image scenes: grid (the grid of samples), filmstrip (the inspector's filmstrip of --sample, "
                         "a .png still) or pca (the samples on the data's first two principal components, moving "
                         "with t) (default grid)"},
        {"sample", "K", "the sample of --view filmstrip, counted row by row from 0 (default 0)"},
        {"particles", "N", "particles simulated (default 10000)"},
        {"steps", "K", "integration steps (default 100)"},
        {"solver", "NAME", "euler, heun, midpoint, rk4 (ODE); em, sde-heun (SDE) (default heun)"},
        {"eps", "E", "diffusion ε of the SDE solvers (default 1)"},
    };
    appendOptionSpecs(specs, samplerScheduleOptionSpecs());
    appendOptionSpecs(specs, {
        {"theme", "NAME", "dark or light (default dark)"},
        {"overlays", "LIST",
         "which overlays to draw: a comma list of title (densities and method), t (the t readout), formula, legend; "
         "or all, or none (default all)"},
        {"no-legend", "", "leave out every overlay: captions, legend and t readout (as --overlays none)"},
        {"compare", "PRESET",
         "side-by-side panels on one clock with the same seed: ode-vs-sde, fm-vs-vp, interpolants (linear, trig, "
         "encdec), epsilons (ε = 0, 0.5, 2, 8) or score-sde (ddpm, ddim, reverse-diffusion, ODE on vp)"},
        {"layout", "N", "cells side by side: 1, 2 (2×1) or 4 (2×2); cells without a --panel stay empty "
                        "(default: 1 or 2 for as many panels, else 4)"},
        {"panel", "SPEC", "one panel's method, key=value pairs joined by commas (repeat, in cell order; see below)", true},
        {"crf", "Q", "constant-quality factor, lower is better: MP4 0-51 (default 29), WebM 0-63 (default 31)"},
        {"x264-preset", "NAME", "MP4 encoder speed: ultrafast (default), superfast, veryfast, faster, fast, medium, … "
                                "(slower makes smaller files, never different frames)"},
        {"encoder-threads", "N", "encoder threads, 1-16 (default 2; fixed so output is the same on every machine)"},
        {"render-threads", "N", "threads drawing frames while the encoder runs, 1-8 (default 2; same output for any N)"},
    });
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli render [--scene FILE | --base SPEC --target SPEC ...] --out FILE.mp4|.webm|.gif|.png|.svg|DIR/\n"
                                "                          [--fps F] [--seconds S] [--size WxH] [--t-range A,B]\n"
                                "                          [--direction generate|encode] [--hold-start N] [--hold-end N] [--bounce]\n"
                                "                          [--overlays title,t,formula,legend] [--model MODEL]\n"
                                "                          [--view grid|filmstrip|pca] [--sample K]\n"
                                "                          [--compare ode-vs-sde|fm-vs-vp|interpolants|epsilons|score-sde |\n"
                                "                           --layout 1|2|4 --panel SPEC [--panel SPEC ...]]",
                                "Renders the scene's particles and fields as the explorer window shows them, with the\n"
                                "same renderer, offscreen (no display needed), and encodes them through FFmpeg's\n"
                                "libraries. Frame k shows a fixed t, so a render is independent of wall time and\n"
                                "identical for the same options and seed. Frames are drawn on --render-threads\n"
                                "while the encoder runs. Prints progress on standard error.\n"
                                "Failure or Ctrl+C leaves no file behind.\n"
                                "\n"
                                "With --model the particles, arrows and fan follow the learned model (checked against\n"
                                "the scene; --score-model adds s for SDE solvers); the heatmap stays the exact log ρ_t.\n"
                                "\n"
                                "An image scene (--scene IMAGE_SCENE) renders its grid of samples, or with --view the\n"
                                "window's other pictures of the same run: filmstrip (--sample K's trajectory as in the\n"
                                "sample inspector; a .png still) or pca (the PCA view; a video, PNG frames or --t still).\n"
                                "Example: --scene shapes.json --view filmstrip --sample 5 --out strip.png --size 1920x1080\n"
                                "\n"
                                "Side by side: each --panel SPEC sets one panel's method; densities, seed, particles,\n"
                                "steps and direction are shared. SPEC keys (unset keys keep the command's options):\n" +
                                    panelSpecHelp() +
                                    "eps alone asks for the SDE; field is learned when --model is given, else exact;\n"
                                    "a value cannot contain a comma. Each bad key or value is an error naming it.\n"
                                    "Fewer panels than --layout cells leave the last cells empty; more is an error.\n"
                                    "Example: --layout 2 --panel interpolant=linear,sampler=ode\n"
                                    "                    --panel interpolant=linear,sampler=sde,eps=1",
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
    int cells = 0;
    auto panels = panelsFromArgs(*args, *settings, *setup, cells);
    if (!panels) return fail(panels.message());
    if (!panels->empty() && options->imageView != ui::ImageView::Grid)
        return fail("--view filmstrip|pca shows one image scene: give it without --compare, --layout or --panel");
    options->compareCells = cells;
    if (panels->empty() && args->has("model")) {
        const unsigned needed = settings->scene.samplerOptions().requiredFields() | core::kVelocity;
        auto field = makeFieldSource(*setup, *args, needed);
        if (!field) return fail(field.message());
        options->field = std::shared_ptr<const core::FieldSource>(std::move(*field));
    }

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
    if (!panels->empty())
        summary = ui::renderCompareVideo(*panels, settings->view, *options, *out, progress, &g_interrupted);
    else
        summary = ui::renderVideo(*settings, *options, *out, progress, &g_interrupted);
    std::signal(SIGINT, previous);
    if (lastPercent >= 0) std::fprintf(stderr, "\n");  // end the progress line
    if (!summary) return fail(summary.message());
    std::fprintf(stdout,
                 "wrote %s: %d frames %dx%d at %g fps (%.2f s of video) in %.2f s (%.2fx real time): simulate %.2f s, "
                 "then render and encode together %.2f s (render %.2f s on %d threads = %.0f%% of the work, encode "
                 "%.2f s = %.0f%%, encoder idle waiting for frames %.2f s)\n",
                 out->c_str(), summary->frames, options->size.width(), options->size.height(), options->timeline.fps,
                 summary->frames / options->timeline.fps, summary->totalSeconds(),
                 summary->totalSeconds() > 0 ? summary->frames / options->timeline.fps / summary->totalSeconds() : 0.0,
                 summary->prepareSeconds, summary->pipelineSeconds, summary->renderSeconds, options->renderThreads,
                 100.0 * summary->renderShare(), summary->encodeSeconds, 100.0 * (1.0 - summary->renderShare()),
                 summary->waitSeconds);
    return 0;
}

}  // namespace flowlab::cli
