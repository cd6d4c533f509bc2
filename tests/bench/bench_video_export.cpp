// The whole video export of issue 6: a 10 s 1080p30 MP4 of the default scene (simulate, render
// with the window's FrameRenderer on worker threads, encode with x264 on the calling thread),
// which must run at ≥ 2× real time. Each case is one export and reports:
//   total_s       wall seconds of the export (what a user waits)
//   x_realtime    10 s of video / total_s (the target is ≥ 2)
//   render_share  drawing time / (drawing + encoding time): where the work goes
//   encode_share  1 − render_share
//   prepare_s     simulating the particles and the field frames
//   wait_s        time the encoder waited for a frame (0: the renderers keep up)
//   cpu_s         CPU seconds of every thread: on a busy machine wall time grows, this hardly does
//   MB            size of the file (the other side of the preset trade-off)
// The label names the render threads, the x264 preset and the encoder threads.
// Run: QT_QPA_PLATFORM=offscreen build/tests/bench/flowlab_bench_video_export
#include <benchmark/benchmark.h>


#include <ctime>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "export/video_render.hpp"

namespace {

double processCpuSeconds() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

void BM_ExportMp4_1080p30_10s(benchmark::State& state) {
    flowlab::ui::ExplorerSettings settings;  // the default scene
    flowlab::ui::VideoRenderOptions o;
    o.size = QSize(1920, 1080);
    o.timeline.fps = 30;
    o.timeline.seconds = 10;
    o.renderThreads = int(state.range(0));
    o.video.x264Preset = flowlab::core::x264PresetNames()[std::size_t(state.range(1))];
    o.video.threads = int(state.range(2));
    state.SetLabel("render_threads=" + std::to_string(o.renderThreads) + " " + o.video.x264Preset +
                   " encoder_threads=" + std::to_string(o.video.threads));
    const std::string path = "/tmp/flowlab-bench-video-export-" + std::to_string(::getpid()) + ".mp4";
    flowlab::ui::VideoRenderSummary summary;
    const double cpu0 = processCpuSeconds();
    for (auto _ : state) {
        auto r = flowlab::ui::renderVideo(settings, o, path);
        if (!r) {
            state.SkipWithError(r.message().c_str());
            return;
        }
        summary = *r;
    }
    struct stat st {};
    ::stat(path.c_str(), &st);
    ::unlink(path.c_str());
    state.counters["total_s"] = summary.totalSeconds();
    state.counters["x_realtime"] = 10.0 / summary.totalSeconds();
    state.counters["render_share"] = summary.renderShare();
    state.counters["encode_share"] = 1.0 - summary.renderShare();
    state.counters["prepare_s"] = summary.prepareSeconds;
    state.counters["wait_s"] = summary.waitSeconds;
    state.counters["cpu_s"] = (processCpuSeconds() - cpu0) / double(state.iterations());
    state.counters["MB"] = double(st.st_size) / 1e6;
}
// {render threads, preset (0 ultrafast, 1 superfast, 2 veryfast), encoder threads}
BENCHMARK(BM_ExportMp4_1080p30_10s)
    ->Args({1, 0, 2})
    ->Args({2, 0, 2})
    ->Args({3, 0, 2})
    ->Args({2, 0, 1})
    ->Args({2, 1, 2})
    ->Args({2, 2, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
