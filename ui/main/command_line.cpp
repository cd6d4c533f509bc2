#include "main/command_line.hpp"

#include <QRegularExpression>

#include "state/compare_layout.hpp"
#include "state/explorer_settings.hpp"
#include "view/theme.hpp"

#include <cmath>

namespace flowlab::ui {

QString guiHelpText() {
    return QStringLiteral(
        "Usage: flowlab [--scene FILE] [--compare PRESET] [--theme dark|light] [--settings FILE.ini] [--defaults]\n"
        "       flowlab [--scene FILE] [--compare PRESET] --screenshot OUT.png [--size WxH] [--t T] [--view-only]\n"
        "       flowlab --benchmark-animation SECONDS [--size WxH] [--particles N]\n"
        "       flowlab --benchmark-resimulate SCENE [--particles N] [--model FILE] [--size WxH]\n"
        "       flowlab --lesson FILE [--step N] [--present] [--text-scale S] [--screenshot OUT.png --size WxH]\n"
        "\n"
        "FlowLab's explorer: watch flows and diffusions carry a base density to a target.\n"
        "\n"
        "Options:\n"
        "  --scene FILE                 open a scene file, or a shipped scene by name\n"
        "                               (e.g. moons-to-checkerboard; see File > Open example)\n"
        "  --compare PRESET             open on a comparison: ode-vs-sde, fm-vs-vp, interpolants,\n"
        "                               epsilons or score-sde (the Compare menu's one-click entries)\n"
        "  --screenshot OUT.png         render the window offscreen at time t, save it, exit\n"
        "  --size WxH                   window size for --screenshot (default 1600x1000)\n"
        "  --t T                        the time shown by --screenshot, in [0, 1] (default 0.5)\n"
        "  --view-only                  with --screenshot: the plane alone, at WxH\n"
        "  --theme dark|light|projector the look of the plane\n"
        "  --benchmark-animation S      play the default scene for S seconds at the display rate,\n"
        "                               then S seconds uncapped; print frames per second; exit\n"
        "  --benchmark-resimulate SCENE re-simulate a scene offscreen five times as the window\n"
        "                               does (particles and field frames; an image scene: its\n"
        "                               grid, on the worker while a 60 fps timer runs); print the\n"
        "                               times; exit\n"
        "  --particles N                with --benchmark-resimulate or --benchmark-animation:\n"
        "                               simulate N particles instead of the scene's count\n"
        "                               (100 to 1000000)\n"
        "  --model FILE                 with --benchmark-resimulate: integrate this learned field\n"
        "                               (a model from flowlab-cli train) instead of the exact one\n"
        "  --lesson FILE                open a lesson (a file, or a shipped lesson by name such as\n"
        "                               stochastic-interpolants); PageDown steps, F5 presents\n"
        "  --step N                     with --lesson: start on step N (from 1)\n"
        "  --present                    start in presenter mode (full screen; Esc leaves)\n"
        "  --text-scale S               text scale from 1 to 3 for this run (Ctrl + / Ctrl - / Ctrl 0)\n"
        "  --settings FILE.ini          read and write settings in this file\n"
        "  --defaults                   start on the default scene, ignoring stored settings\n"
        "  --help                       show this help\n");
}

core::Result<GuiOptions> parseGuiOptions(const QStringList& args) {
    GuiOptions o;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const auto value = [&](QString& out) -> core::Status {
            if (i + 1 >= args.size()) return core::Error{a.toStdString() + " needs a value"};
            out = args[++i];
            return core::Status::success();
        };
        QString v;
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            o.help = true;
        } else if (a == QLatin1String("--scene")) {
            if (auto s = value(o.scenePath); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--screenshot")) {
            if (auto s = value(o.screenshotPath); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--size")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            const auto m = QRegularExpression(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$")).match(v);
            const int w = m.hasMatch() ? m.captured(1).toInt() : 0, h = m.hasMatch() ? m.captured(2).toInt() : 0;
            if (w < 64 || h < 64 || w > 8192 || h > 8192)
                return core::Error{"--size must be WxH with each side between 64 and 8192, got '" + v.toStdString() + "'"};
            o.size = QSize(w, h);
        } else if (a == QLatin1String("--t")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            bool ok = false;
            const double t = v.toDouble(&ok);
            if (!ok || !std::isfinite(t) || t < 0.0 || t > 1.0)
                return core::Error{"--t must be a number in [0, 1], got '" + v.toStdString() + "'"};
            o.t = t;
        } else if (a == QLatin1String("--view-only")) {
            o.viewOnly = true;
        } else if (a == QLatin1String("--theme")) {
            if (auto s = value(o.theme); !s) return core::Error{s.message()};
            if (!Theme::isName(o.theme))
                return core::Error{"--theme must be dark, light or projector, got '" + o.theme.toStdString() + "'"};
        } else if (a == QLatin1String("--benchmark-animation")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            bool ok = false;
            o.benchmarkSeconds = v.toDouble(&ok);
            if (!ok || !(o.benchmarkSeconds > 0.0) || o.benchmarkSeconds > 3600.0)
                return core::Error{"--benchmark-animation needs seconds in (0, 3600], got '" + v.toStdString() + "'"};
        } else if (a == QLatin1String("--benchmark-resimulate")) {
            if (auto s = value(o.resimulateScene); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--model")) {
            if (auto s = value(o.resimulateModel); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--particles")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            bool ok = false;
            o.resimulateParticles = v.toInt(&ok);
            if (!ok || o.resimulateParticles < 100 || o.resimulateParticles > 1000000)
                return core::Error{"--particles must be a whole number from 100 to 1000000, got '" + v.toStdString() + "'"};
        } else if (a == QLatin1String("--settings")) {
            if (auto s = value(o.settingsPath); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--compare")) {
            if (auto s = value(o.compare); !s) return core::Error{s.message()};
            if (auto p = parseComparePreset(o.compare.toStdString()); !p) return core::Error{"--compare: " + p.message()};
        } else if (a == QLatin1String("--lesson")) {
            if (auto s = value(o.lessonPath); !s) return core::Error{s.message()};
        } else if (a == QLatin1String("--step")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            bool ok = false;
            o.lessonStep = v.toInt(&ok);
            if (!ok || o.lessonStep < 1) return core::Error{"--step must be a step number from 1, got '" + v.toStdString() + "'"};
        } else if (a == QLatin1String("--present")) {
            o.present = true;
        } else if (a == QLatin1String("--text-scale")) {
            if (auto s = value(v); !s) return core::Error{s.message()};
            bool ok = false;
            const double scale = v.toDouble(&ok);
            if (!ok || !(scale >= ViewSettings::kMinTextScale && scale <= ViewSettings::kMaxTextScale))
                return core::Error{"--text-scale must be a number from 1 to 3, got '" + v.toStdString() + "'"};
            o.textScale = scale;
        } else if (a == QLatin1String("--defaults")) {
            o.noRestore = true;
        } else {
            return core::Error{"unknown option '" + a.toStdString() + "' (see --help)"};
        }
    }
    if (o.resimulateParticles > 0 && o.resimulateScene.isEmpty() && !(o.benchmarkSeconds > 0))
        return core::Error{"--particles needs --benchmark-resimulate or --benchmark-animation"};
    if (!o.resimulateModel.isEmpty() && o.resimulateScene.isEmpty()) return core::Error{"--model needs --benchmark-resimulate"};
    if (o.viewOnly && o.screenshotPath.isEmpty()) return core::Error{"--view-only needs --screenshot"};
    if (o.lessonPath.isEmpty() && args.contains(QStringLiteral("--step"))) return core::Error{"--step needs --lesson"};
    if (!o.lessonPath.isEmpty() && !o.scenePath.isEmpty()) return core::Error{"--lesson and --scene cannot be combined"};
    if (!o.screenshotPath.isEmpty() && o.benchmarkSeconds > 0)
        return core::Error{"--screenshot and --benchmark-animation cannot be combined"};
    return o;
}

}  // namespace flowlab::ui
