#pragma once
// Internal to flowlab_core's export domain: one video encoder feeding one muxer that writes a
// file. Shared by the MP4/WebM and GIF sinks. Includes FFmpeg headers: .cpp files only.

#include <functional>
#include <string>

#include "common/result.hpp"
#include "media/av_handles.hpp"

namespace flowlab::core {

/// Encoder + muxer + output file. Frames go in with pts in the encoder's time base.
class EncoderMuxer {
public:
    struct Setup {
        const char* muxerName = nullptr;   ///< "mp4", "webm", "gif"
        const AVCodec* codec = nullptr;
        /// Sets size, pixel format, time base, … on the encoder before it is opened.
        std::function<void(AVCodecContext*)> configure;
        AVDictionary* encoderOptions = nullptr;  ///< consumed (freed) by open()
        AVDictionary* muxerOptions = nullptr;    ///< consumed (freed) by open()
    };

    EncoderMuxer() = default;
    EncoderMuxer(const EncoderMuxer&) = delete;
    EncoderMuxer& operator=(const EncoderMuxer&) = delete;
    /// Abandons an unfinished file (the caller deletes it).
    ~EncoderMuxer();

    /// Opens the encoder and writes the container header to `tempPath`. Messages name
    /// `displayName`.
    Status open(const std::string& tempPath, const std::string& displayName, Setup setup);
    /// Encodes one frame and writes whatever packets are ready.
    Status encode(const AVFrame* frame);
    /// Drains the encoder, writes the trailer and closes the file, reporting any write error.
    Status finish();

    AVCodecContext* encoder() const { return m_encoder.get(); }

private:
    Status drain();
    Error writeError(const std::string& what, int code) const;

    media::OutputFormat m_format;
    media::CodecContextPtr m_encoder;
    media::PacketPtr m_packet;
    AVStream* m_stream = nullptr;
    std::string m_displayName;
    bool m_headerWritten = false;
    bool m_trailerOnAbort = false;
};

}  // namespace flowlab::core
