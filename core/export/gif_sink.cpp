// Animated GIF output of a VideoWriter, with one global palette computed over all frames:
// pass 1 (while frames arrive) feeds libavfilter's palettegen and keeps each frame in an
// anonymous spill file; pass 2 (in finish) maps the kept frames onto the palette with
// paletteuse and encodes them. Memory use stays at a few frames whatever the length.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "export/encoder_muxer.hpp"
#include "export/frame_sink.hpp"
#include "media/av_support.hpp"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/opt.h>
}

namespace flowlab::core {
namespace {

const char* ditherName(GifDither d) {
    switch (d) {
        case GifDither::None: return "none";
        case GifDither::Bayer: return "bayer";
        case GifDither::ErrorDiffusion: return "sierra2_4a";
    }
    return "none";
}

std::string bufferArgs(int w, int h, AVPixelFormat fmt, AVRational tb) {
    return "video_size=" + std::to_string(w) + "x" + std::to_string(h) + ":pix_fmt=" + std::to_string(int(fmt)) +
           ":time_base=" + std::to_string(tb.num) + "/" + std::to_string(tb.den) + ":pixel_aspect=1/1";
}

class GifSink final : public FrameSink {
public:
    ~GifSink() override {
        if (m_spill >= 0) ::close(m_spill);
    }

    Status open(const std::string& tempPath, const std::string& displayName, const VideoOptions& options) override {
        media::configureFfmpegLogging();
        m_displayName = displayName;
        m_tempPath = tempPath;
        m_options = options;
        m_inputFormat = options.pixelLayout == PixelLayout::Rgba ? AV_PIX_FMT_RGBA : AV_PIX_FMT_BGRA;
        m_timeBase = av_inv_q(av_d2q(options.fps, 100000));
        m_frameBytes = std::size_t(options.width) * std::size_t(options.height) * 4;
        if (!avcodec_find_encoder(AV_CODEC_ID_GIF) || !av_guess_format("gif", nullptr, nullptr) ||
            !avfilter_get_by_name("palettegen") || !avfilter_get_by_name("paletteuse"))
            return Error{displayName + ": this FFmpeg build lacks the GIF encoder or palette filters"};

        // The spill file is unlinked at once: it can never be left behind, even by a crash.
        const std::string spillPath = tempPath + ".frames";
        m_spill = ::open(spillPath.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (m_spill < 0) return Error{displayName + ": cannot write here (" + std::strerror(errno) + ")"};
        ::unlink(spillPath.c_str());

        m_paletteGraph.reset(avfilter_graph_alloc());
        if (!m_paletteGraph) return Error{displayName + ": out of memory"};
        AVFilterContext* gen = nullptr;
        const std::string genArgs = "max_colors=" + std::to_string(options.gifMaxColors) +
                                    ":reserve_transparent=0:stats_mode=full";
        if (Status st = makeFilter(m_paletteGraph.get(), &m_paletteSource, "buffer", "in",
                                   bufferArgs(options.width, options.height, m_inputFormat, m_timeBase));
            !st)
            return st;
        if (Status st = makeFilter(m_paletteGraph.get(), &gen, "palettegen", "palettegen", genArgs); !st) return st;
        if (Status st = makeFilter(m_paletteGraph.get(), &m_paletteSink, "buffersink", "out", ""); !st) return st;
        if (avfilter_link(m_paletteSource, 0, gen, 0) < 0 || avfilter_link(gen, 0, m_paletteSink, 0) < 0 ||
            avfilter_graph_config(m_paletteGraph.get(), nullptr) < 0)
            return Error{displayName + ": cannot set up the GIF palette filter"};
        m_rowBuffer.resize(m_frameBytes);
        return Status::success();
    }

    Status addFrame(const std::uint8_t* pixels, int strideBytes, int index) override {
        // Pack rows tightly and make them opaque (GIF output ignores alpha, like MP4 and WebM).
        const std::size_t rowBytes = std::size_t(m_options.width) * 4;
        for (int y = 0; y < m_options.height; ++y) {
            std::uint8_t* dst = m_rowBuffer.data() + std::size_t(y) * rowBytes;
            std::memcpy(dst, pixels + std::size_t(y) * std::size_t(strideBytes), rowBytes);
            for (std::size_t x = 3; x < rowBytes; x += 4) dst[x] = 255;
        }
        if (Status st = spillWrite(m_rowBuffer.data(), std::size_t(index) * m_frameBytes); !st) return st;
        auto frame = frameFromPacked(m_rowBuffer.data(), index);
        if (!frame) return Error{frame.message()};
        if (av_buffersrc_add_frame_flags(m_paletteSource, frame->get(), AV_BUFFERSRC_FLAG_PUSH) < 0)
            return Error{m_displayName + ": GIF palette analysis failed"};
        m_frames = index + 1;
        return Status::success();
    }

    Status finish(const ExportProgressFn& progress, const std::atomic<bool>& cancel) override {
        media::FramePtr palette(av_frame_alloc());
        if (!palette) return Error{m_displayName + ": out of memory"};
        if (av_buffersrc_add_frame_flags(m_paletteSource, nullptr, 0) < 0 ||
            av_buffersink_get_frame(m_paletteSink, palette.get()) < 0)
            return Error{m_displayName + ": the GIF palette could not be computed"};
        m_paletteGraph.reset();

        AVFilterContext* source = nullptr;
        AVFilterContext* paletteSource = nullptr;
        AVFilterContext* sink = nullptr;
        if (Status st = buildMappingGraph(*palette, &source, &paletteSource, &sink); !st) return st;
        if (av_buffersrc_add_frame_flags(paletteSource, palette.get(), 0) < 0 ||
            av_buffersrc_add_frame_flags(paletteSource, nullptr, 0) < 0)
            return Error{m_displayName + ": GIF palette mapping failed"};

        if (Status st = openEncoder(); !st) return st;
        media::FramePtr mapped(av_frame_alloc());
        if (!mapped) return Error{m_displayName + ": out of memory"};
        for (int i = 0; i <= m_frames; ++i) {
            if (cancel.load() || (progress && !progress(i, m_frames)))
                return Error{m_displayName + ": export cancelled; nothing was saved"};
            if (i < m_frames) {
                if (Status st = spillRead(m_rowBuffer.data(), std::size_t(i) * m_frameBytes); !st) return st;
                auto frame = frameFromPacked(m_rowBuffer.data(), i);
                if (!frame) return Error{frame.message()};
                if (av_buffersrc_add_frame_flags(source, frame->get(), AV_BUFFERSRC_FLAG_PUSH) < 0)
                    return Error{m_displayName + ": GIF palette mapping failed"};
            } else if (av_buffersrc_add_frame_flags(source, nullptr, 0) < 0) {
                return Error{m_displayName + ": GIF palette mapping failed"};
            }
            while (true) {
                const int ret = av_buffersink_get_frame(sink, mapped.get());
                if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) break;
                if (ret < 0) return Error{m_displayName + ": GIF palette mapping failed"};
                Status st = m_muxer.encode(mapped.get());
                av_frame_unref(mapped.get());
                if (!st) return st;
            }
        }
        m_mappingGraph.reset();
        return m_muxer.finish();
    }

private:
    Status makeFilter(AVFilterGraph* graph, AVFilterContext** out, const char* filter, const char* name,
                      const std::string& args) {
        const int ret = avfilter_graph_create_filter(out, avfilter_get_by_name(filter), name,
                                                     args.empty() ? nullptr : args.c_str(), nullptr, graph);
        if (ret < 0) return Error{m_displayName + ": cannot set up the GIF filter " + filter + " (" +
                                  media::avErrorText(ret) + ")"};
        return Status::success();
    }

    Status buildMappingGraph(const AVFrame& palette, AVFilterContext** source, AVFilterContext** paletteSource,
                             AVFilterContext** sink) {
        m_mappingGraph.reset(avfilter_graph_alloc());
        if (!m_mappingGraph) return Error{m_displayName + ": out of memory"};
        AVFilterGraph* g = m_mappingGraph.get();
        AVFilterContext* use = nullptr;
        // diff_mode=rectangle re-dithers only what changed: still backgrounds do not shimmer.
        const std::string useArgs = std::string("dither=") + ditherName(m_options.gifDither) +
                                    (m_options.gifDither == GifDither::Bayer ? ":bayer_scale=3" : "") +
                                    ":diff_mode=rectangle";
        if (Status st = makeFilter(g, source, "buffer", "in",
                                   bufferArgs(m_options.width, m_options.height, m_inputFormat, m_timeBase));
            !st)
            return st;
        if (Status st = makeFilter(g, paletteSource, "buffer", "palette",
                                   bufferArgs(palette.width, palette.height, AVPixelFormat(palette.format),
                                              m_timeBase));
            !st)
            return st;
        if (Status st = makeFilter(g, &use, "paletteuse", "paletteuse", useArgs); !st) return st;
        if (Status st = makeFilter(g, sink, "buffersink", "out", ""); !st) return st;
        if (avfilter_link(*source, 0, use, 0) < 0 || avfilter_link(*paletteSource, 0, use, 1) < 0 ||
            avfilter_link(use, 0, *sink, 0) < 0 || avfilter_graph_config(g, nullptr) < 0)
            return Error{m_displayName + ": cannot set up the GIF palette mapping"};
        return Status::success();
    }

    Status openEncoder() {
        EncoderMuxer::Setup setup;
        setup.muxerName = "gif";
        setup.codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
        setup.configure = [this](AVCodecContext* c) {
            c->width = m_options.width;
            c->height = m_options.height;
            c->pix_fmt = AV_PIX_FMT_PAL8;
            c->time_base = m_timeBase;
            c->framerate = av_inv_q(m_timeBase);
            c->sample_aspect_ratio = AVRational{1, 1};
            c->thread_count = 1;
        };
        av_dict_set(&setup.muxerOptions, "loop", "0", 0);  // loop forever
        return m_muxer.open(m_tempPath, m_displayName, std::move(setup));
    }

    Result<media::FramePtr> frameFromPacked(const std::uint8_t* packed, int index) const {
        media::FramePtr f(av_frame_alloc());
        if (!f) return Error{m_displayName + ": out of memory"};
        f->width = m_options.width;
        f->height = m_options.height;
        f->format = m_inputFormat;
        if (av_frame_get_buffer(f.get(), 0) < 0) return Error{m_displayName + ": out of memory"};
        const std::size_t rowBytes = std::size_t(m_options.width) * 4;
        for (int y = 0; y < m_options.height; ++y)
            std::memcpy(f->data[0] + std::size_t(y) * std::size_t(f->linesize[0]), packed + std::size_t(y) * rowBytes,
                        rowBytes);
        f->pts = index;
        return f;
    }

    Error spillError(int e) const {
        return Error{m_displayName + ": cannot keep frames for the GIF palette pass (" + std::strerror(e) + ")" +
                     (e == ENOSPC ? " — the disk is full" : "") + "; nothing was saved"};
    }

    Status spillWrite(const std::uint8_t* data, std::size_t offset) {
        std::size_t done = 0;
        while (done < m_frameBytes) {
            const ssize_t n = ::pwrite(m_spill, data + done, m_frameBytes - done, off_t(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return spillError(n < 0 ? errno : ENOSPC);
            done += std::size_t(n);
        }
        return Status::success();
    }

    Status spillRead(std::uint8_t* data, std::size_t offset) {
        std::size_t done = 0;
        while (done < m_frameBytes) {
            const ssize_t n = ::pread(m_spill, data + done, m_frameBytes - done, off_t(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return spillError(n < 0 ? errno : EIO);
            done += std::size_t(n);
        }
        return Status::success();
    }

    VideoOptions m_options;
    std::string m_displayName;
    std::string m_tempPath;
    AVPixelFormat m_inputFormat = AV_PIX_FMT_RGBA;
    AVRational m_timeBase{1, 30};
    std::size_t m_frameBytes = 0;
    int m_frames = 0;
    int m_spill = -1;
    std::vector<std::uint8_t> m_rowBuffer;
    media::FilterGraphPtr m_paletteGraph;
    AVFilterContext* m_paletteSource = nullptr;
    AVFilterContext* m_paletteSink = nullptr;
    media::FilterGraphPtr m_mappingGraph;
    EncoderMuxer m_muxer;
};

}  // namespace

std::unique_ptr<FrameSink> makeGifSink() { return std::make_unique<GifSink>(); }

}  // namespace flowlab::core
