// MP4 (H.264 / libx264) and WebM (VP9 / libvpx-vp9) outputs of a VideoWriter.
#include <string>

#include "export/encoder_muxer.hpp"
#include "export/frame_sink.hpp"
#include "export/rgba_to_yuv.hpp"
#include "media/av_support.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace flowlab::core {
namespace {

// A keyframe every 2 s: seeking in a slide show stays quick, files stay small.
constexpr double kKeyframeSeconds = 2.0;

class EncodedVideoSink final : public FrameSink {
public:
    Status open(const std::string& tempPath, const std::string& displayName, const VideoOptions& options) override {
        media::configureFfmpegLogging();
        m_displayName = displayName;
        const bool mp4 = options.format == VideoFormat::Mp4;
        const char* encoderName = mp4 ? "libx264" : "libvpx-vp9";
        const AVCodec* codec = avcodec_find_encoder_by_name(encoderName);
        if (!codec) {
            return Error{displayName + ": " + (mp4 ? "MP4 export needs the H.264 encoder libx264"
                                                   : "WebM export needs the VP9 encoder libvpx-vp9") +
                         ", which this FFmpeg build lacks; export " + (mp4 ? "WebM" : "MP4") +
                         ", GIF or PNG instead, or install Debian's libavcodec59"};
        }
        const AVRational fps = av_d2q(options.fps, 100000);
        const int crf = options.crf >= 0 ? options.crf : defaultCrf(options.format);

        EncoderMuxer::Setup setup;
        setup.muxerName = mp4 ? "mp4" : "webm";
        setup.codec = codec;
        setup.configure = [&](AVCodecContext* c) {
            c->width = options.width;
            c->height = options.height;
            c->pix_fmt = AV_PIX_FMT_YUV420P;
            c->sample_aspect_ratio = AVRational{1, 1};
            c->time_base = av_inv_q(fps);
            c->framerate = fps;
            c->gop_size = std::max(1, int(options.fps * kKeyframeSeconds + 0.5));
            c->thread_count = options.threads;
            // Tag what rgbaToYuv420pBt709 does, so players convert back the same way.
            c->color_range = AVCOL_RANGE_MPEG;
            c->colorspace = AVCOL_SPC_BT709;
            c->color_primaries = AVCOL_PRI_BT709;
            c->color_trc = AVCOL_TRC_BT709;
            if (!mp4) c->bit_rate = 0;  // VP9 constant quality: CRF only
        };
        if (mp4) {
            av_dict_set(&setup.encoderOptions, "preset", options.x264Preset.c_str(), 0);
            av_dict_set(&setup.encoderOptions, "crf", std::to_string(crf).c_str(), 0);
            // High profile plays everywhere; CRF 0 (lossless) needs High 4:4:4, which x264 picks.
            if (crf > 0) av_dict_set(&setup.encoderOptions, "profile", "high", 0);
            // ultrafast turns x264's loop filter off; at the default CRF its blocks would show in
            // the heatmap's gradients. Back on, it costs little and makes the file smaller.
            if (options.x264Preset == "ultrafast") av_dict_set(&setup.encoderOptions, "deblock", "0:0", 0);
            // Moov atom first: browsers and PowerPoint can start playing before the end arrives.
            av_dict_set(&setup.muxerOptions, "movflags", "+faststart", 0);
        } else {
            av_dict_set(&setup.encoderOptions, "crf", std::to_string(crf).c_str(), 0);
            // libvpx caps cpu-used at 5 in "good" mode; 6 … 8 exist only in "realtime" mode.
            av_dict_set(&setup.encoderOptions, "deadline", options.vp9Speed <= 5 ? "good" : "realtime", 0);
            av_dict_set(&setup.encoderOptions, "cpu-used", std::to_string(options.vp9Speed).c_str(), 0);
            av_dict_set(&setup.encoderOptions, "row-mt", "1", 0);
        }
        if (Status st = m_muxer.open(tempPath, displayName, std::move(setup)); !st) return st;

        m_frame.reset(av_frame_alloc());
        if (!m_frame) return Error{displayName + ": out of memory"};
        m_frame->width = options.width;
        m_frame->height = options.height;
        m_frame->format = AV_PIX_FMT_YUV420P;
        m_frame->color_range = AVCOL_RANGE_MPEG;
        m_frame->colorspace = AVCOL_SPC_BT709;
        m_frame->color_primaries = AVCOL_PRI_BT709;
        m_frame->color_trc = AVCOL_TRC_BT709;
        if (av_frame_get_buffer(m_frame.get(), 0) < 0) return Error{displayName + ": out of memory"};
        m_layout = options.pixelLayout;
        return Status::success();
    }

    Status addFrame(const std::uint8_t* pixels, int strideBytes, int index) override {
        // The encoder may still hold a reference to the previous frame's buffer.
        if (av_frame_make_writable(m_frame.get()) < 0) return Error{m_displayName + ": out of memory"};
        const Yuv420pPlanes planes{m_frame->data[0],     m_frame->data[1],     m_frame->data[2],
                                   m_frame->linesize[0], m_frame->linesize[1], m_frame->linesize[2]};
        rgbaToYuv420pBt709(pixels, strideBytes, m_layout, m_frame->width, m_frame->height, planes);
        m_frame->pts = index;
        return m_muxer.encode(m_frame.get());
    }

    Status finish(const ExportProgressFn&, const std::atomic<bool>&) override { return m_muxer.finish(); }

private:
    EncoderMuxer m_muxer;
    media::FramePtr m_frame;
    std::string m_displayName;
    PixelLayout m_layout = PixelLayout::Rgba;
};

}  // namespace

std::unique_ptr<FrameSink> makeEncodedVideoSink() { return std::make_unique<EncodedVideoSink>(); }

}  // namespace flowlab::core
