// Export throughput: how fast VideoWriter turns RGBA frames into files.
//
// The issue-6 target is a 10 s 1080p30 MP4 exported (render + encode) at ≥ 2× real time, i.e.
// the whole pipeline at ≥ 60 frames/s, so encoding alone must be comfortably faster than that.
// Each MP4 case exports a full 10 s clip (300 frames) per iteration and reports:
//   fps        frames encoded per second (wall clock)
//   x_realtime 10 s of video / seconds taken
//   MB         size of the file (the other side of the preset trade-off)
//   cpu_ms_per_frame  CPU time of all threads per frame: on a busy machine the wall-clock
//              figures drop, this one does not; 2000 / cpu_ms_per_frame bounds the fps that two
//              idle cores could reach
// Run: build/tests/bench/flowlab_bench_export [--benchmark_filter=Mp4]
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "export/rgba_to_yuv.hpp"
#include "export/video_writer.hpp"

extern "C" {
#include <libswscale/swscale.h>
}

namespace {

using flowlab::core::VideoFormat;

constexpr int kDistinctFrames = 30;

// Frames that look like FlowLab's: 4000 dots drifting along a swirl on a light background.
const std::vector<std::vector<std::uint8_t>>& frames(int w, int h) {
    static int cachedW = 0, cachedH = 0;
    static std::vector<std::vector<std::uint8_t>> cache;
    if (cachedW == w && cachedH == h) return cache;
    cache.assign(kDistinctFrames, std::vector<std::uint8_t>(std::size_t(w) * h * 4));
    std::mt19937 rng(7);
    std::normal_distribution<double> normal;
    std::vector<double> px(4000), py(4000);
    for (std::size_t i = 0; i < px.size(); ++i) {
        px[i] = normal(rng);
        py[i] = normal(rng);
    }
    const int r = std::max(2, h / 270);
    for (int k = 0; k < kDistinctFrames; ++k) {
        auto& f = cache[k];
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                std::uint8_t* p = &f[(std::size_t(y) * w + x) * 4];
                p[0] = std::uint8_t(245 - 20 * y / h);
                p[1] = std::uint8_t(245 - 10 * x / w);
                p[2] = 250;
                p[3] = 255;
            }
        const double angle = 0.05 * k;
        for (std::size_t i = 0; i < px.size(); ++i) {
            const double rot = angle * (1.0 + 0.3 * std::hypot(px[i], py[i]));
            const double qx = px[i] * std::cos(rot) - py[i] * std::sin(rot);
            const double qy = px[i] * std::sin(rot) + py[i] * std::cos(rot);
            const int cx = int(w / 2 + qx * h / 8), cy = int(h / 2 + qy * h / 8);
            for (int dy = -r; dy <= r; ++dy)
                for (int dx = -r; dx <= r; ++dx) {
                    const int x = cx + dx, y = cy + dy;
                    if (x < 0 || y < 0 || x >= w || y >= h || dx * dx + dy * dy > r * r) continue;
                    std::uint8_t* p = &f[(std::size_t(y) * w + x) * 4];
                    p[0] = std::uint8_t(30 + (i % 5) * 40);
                    p[1] = 60;
                    p[2] = std::uint8_t(200 - (i % 3) * 50);
                }
        }
    }
    cachedW = w;
    cachedH = h;
    return cache;
}

// CPU time of every thread of the process (the encoder's own threads included): unlike wall
// time, it hardly depends on what else the machine is running.
double processCpuSeconds() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

std::string outputPath(VideoFormat f) {
    return "/tmp/flowlab-bench-export-" + std::to_string(::getpid()) + flowlab::core::videoFormatExtension(f);
}

// Exports `seconds` of video at w×h, fps; one whole export per iteration.
void runExport(benchmark::State& state, flowlab::core::VideoOptions o, double seconds) {
    const auto& f = frames(o.width, o.height);
    const int count = int(std::lround(seconds * o.fps));
    const std::string path = outputPath(o.format);
    double bytes = 0;
    const double cpu0 = processCpuSeconds();
    for (auto _ : state) {
        flowlab::core::VideoWriter writer;
        if (!writer.open(path, o).ok()) {
            state.SkipWithError("open failed");
            return;
        }
        for (int k = 0; k < count; ++k) {
            if (!writer.addFrame(f[k % kDistinctFrames].data(), o.width * 4).ok()) {
                state.SkipWithError("addFrame failed");
                return;
            }
        }
        if (!writer.finish().ok()) {
            state.SkipWithError("finish failed");
            return;
        }
        struct stat st {};
        ::stat(path.c_str(), &st);
        bytes = double(st.st_size);
    }
    const double cpu = processCpuSeconds() - cpu0;
    ::unlink(path.c_str());
    state.counters["cpu_ms_per_frame"] = 1e3 * cpu / (double(count) * double(state.iterations()));
    state.SetItemsProcessed(state.iterations() * count);
    state.counters["fps"] = benchmark::Counter(double(count) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["x_realtime"] =
        benchmark::Counter(seconds * double(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["MB"] = bytes / 1e6;
}

void BM_Mp4_1080p30_10s(benchmark::State& state) {
    flowlab::core::VideoOptions o;
    o.format = VideoFormat::Mp4;
    o.width = 1920;
    o.height = 1080;
    o.fps = 30;
    o.x264Preset = flowlab::core::x264PresetNames()[std::size_t(state.range(0))];
    o.threads = int(state.range(1));
    state.SetLabel(o.x264Preset + " threads=" + std::to_string(o.threads));
    runExport(state, o, 10.0);
}
// Presets: 0 ultrafast, 1 superfast, 2 veryfast, 3 faster, 5 medium.
BENCHMARK(BM_Mp4_1080p30_10s)
    ->ArgsProduct({{0, 1, 2, 3, 5}, {1, 2}})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

void BM_WebM_1080p30_2s(benchmark::State& state) {
    flowlab::core::VideoOptions o;
    o.format = VideoFormat::WebM;
    o.width = 1920;
    o.height = 1080;
    o.fps = 30;
    o.vp9Speed = int(state.range(0));
    state.SetLabel("cpu-used=" + std::to_string(o.vp9Speed) + " threads=2");
    runExport(state, o, 2.0);
}
BENCHMARK(BM_WebM_1080p30_2s)->Arg(5)->Arg(6)->Arg(8)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

void BM_Gif_720p25_2s(benchmark::State& state) {
    flowlab::core::VideoOptions o;
    o.format = VideoFormat::Gif;
    o.width = 1280;
    o.height = 720;
    o.fps = 25;
    runExport(state, o, 2.0);
}
BENCHMARK(BM_Gif_720p25_2s)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

// The RGBA → yuv420p conversion alone (the part of an MP4/WebM export that is not the codec),
// with libswscale's generic path (BT.709 matrix set as the export needs it).
void BM_RgbaToYuv420p_1080p(benchmark::State& state) {
    const auto& f = frames(1920, 1080);
    SwsContext* sws = sws_getContext(1920, 1080, AV_PIX_FMT_RGBA, 1920, 1080, AV_PIX_FMT_YUV420P,
                                     SWS_BILINEAR | SWS_ACCURATE_RND, nullptr, nullptr, nullptr);
    sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_DEFAULT), 1, sws_getCoefficients(SWS_CS_ITU709), 0, 0,
                             1 << 16, 1 << 16);
    std::vector<std::uint8_t> y(1920 * 1080), u(960 * 540), v(960 * 540);
    std::uint8_t* dst[4] = {y.data(), u.data(), v.data(), nullptr};
    int dstStride[4] = {1920, 960, 960, 0};
    int k = 0;
    for (auto _ : state) {
        const std::uint8_t* src[4] = {f[k++ % kDistinctFrames].data(), nullptr, nullptr, nullptr};
        int srcStride[4] = {1920 * 4, 0, 0, 0};
        sws_scale(sws, src, srcStride, 0, 1080, dst, dstStride);
        benchmark::DoNotOptimize(y.data());
    }
    sws_freeContext(sws);
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RgbaToYuv420p_1080p)->Unit(benchmark::kMillisecond);

// FlowLab's own fixed-point converter, which the MP4/WebM export uses instead of the above.
void BM_RgbaToYuv420pBt709_1080p(benchmark::State& state) {
    const auto& f = frames(1920, 1080);
    std::vector<std::uint8_t> y(1920 * 1080), u(960 * 540), v(960 * 540);
    int k = 0;
    for (auto _ : state) {
        flowlab::core::rgbaToYuv420pBt709(f[k++ % kDistinctFrames].data(), 1920 * 4, flowlab::core::PixelLayout::Rgba,
                                          1920, 1080, {y.data(), u.data(), v.data(), 1920, 960, 960});
        benchmark::DoNotOptimize(y.data());
    }
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RgbaToYuv420pBt709_1080p)->Unit(benchmark::kMillisecond);

}  // namespace
