#pragma once
// Internal to flowlab_core: owning handles for FFmpeg objects. Include only from .cpp files of
// core (FFmpeg is a PRIVATE dependency; no public header may expose its types).

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace flowlab::core::media {

struct CodecContextDeleter {
    void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameDeleter {
    void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsContextDeleter {
    void operator()(SwsContext* p) const { sws_freeContext(p); }
};
struct FilterGraphDeleter {
    void operator()(AVFilterGraph* p) const { avfilter_graph_free(&p); }
};
struct FilterInOutDeleter {
    void operator()(AVFilterInOut* p) const { avfilter_inout_free(&p); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphDeleter>;
using FilterInOutPtr = std::unique_ptr<AVFilterInOut, FilterInOutDeleter>;

/// An output AVFormatContext together with its opened AVIOContext. Closing is explicit
/// (close() reports the flush/close error); the destructor closes silently.
class OutputFormat {
public:
    OutputFormat() = default;
    OutputFormat(const OutputFormat&) = delete;
    OutputFormat& operator=(const OutputFormat&) = delete;
    ~OutputFormat() { close(); }

    AVFormatContext* get() const { return m_ctx; }
    AVFormatContext* operator->() const { return m_ctx; }
    void reset(AVFormatContext* ctx) {
        close();
        m_ctx = ctx;
    }
    /// Closes the file (if opened) and frees the context; returns the avio_closep status.
    int close() {
        int ret = 0;
        if (m_ctx) {
            if (m_ctx->pb && !(m_ctx->oformat->flags & AVFMT_NOFILE)) ret = avio_closep(&m_ctx->pb);
            avformat_free_context(m_ctx);
            m_ctx = nullptr;
        }
        return ret;
    }

private:
    AVFormatContext* m_ctx = nullptr;
};

}  // namespace flowlab::core::media
