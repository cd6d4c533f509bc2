#include "export/encoder_muxer.hpp"

#include "media/av_support.hpp"

namespace flowlab::core {
namespace {

struct DictionaryGuard {
    AVDictionary** dict;
    ~DictionaryGuard() { av_dict_free(dict); }
};

}  // namespace

Error EncoderMuxer::writeError(const std::string& what, int code) const {
    std::string hint;
    if (code == AVERROR(ENOSPC)) hint = " — the disk is full";
    return Error{m_displayName + ": " + what + " (" + media::avErrorText(code) + ")" + hint +
                 "; nothing was saved"};
}

EncoderMuxer::~EncoderMuxer() {
    // FFmpeg 5.1's GIF muxer frees its held-back packet only in its trailer (it has no deinit),
    // so an abandoned GIF gets a trailer written into the temporary file that is deleted anyway.
    if (m_headerWritten && m_trailerOnAbort && m_format.get()) av_write_trailer(m_format.get());
}

Status EncoderMuxer::open(const std::string& tempPath, const std::string& displayName, Setup setup) {
    DictionaryGuard encoderOptions{&setup.encoderOptions};
    DictionaryGuard muxerOptions{&setup.muxerOptions};
    m_displayName = displayName;

    AVFormatContext* raw = nullptr;
    int ret = avformat_alloc_output_context2(&raw, nullptr, setup.muxerName, tempPath.c_str());
    if (ret < 0 || !raw)
        return Error{displayName + ": this FFmpeg build cannot write " + setup.muxerName + " files"};
    m_format.reset(raw);
    // No version strings, dates or random IDs in the container: identical frames, identical bytes.
    m_format->flags |= AVFMT_FLAG_BITEXACT;

    m_encoder.reset(avcodec_alloc_context3(setup.codec));
    m_packet.reset(av_packet_alloc());
    if (!m_encoder || !m_packet) return Error{displayName + ": out of memory"};
    setup.configure(m_encoder.get());
    m_encoder->flags |= AV_CODEC_FLAG_BITEXACT;
    if (m_format->oformat->flags & AVFMT_GLOBALHEADER) m_encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    ret = avcodec_open2(m_encoder.get(), setup.codec, &setup.encoderOptions);
    if (ret < 0)
        return Error{displayName + ": cannot start the " + setup.codec->name + " encoder (" +
                     media::avErrorText(ret) + ")"};

    m_stream = avformat_new_stream(m_format.get(), nullptr);
    if (!m_stream) return Error{displayName + ": out of memory"};
    if (avcodec_parameters_from_context(m_stream->codecpar, m_encoder.get()) < 0)
        return Error{displayName + ": out of memory"};
    m_stream->time_base = m_encoder->time_base;
    m_stream->avg_frame_rate = m_encoder->framerate;

    ret = avio_open(&m_format->pb, tempPath.c_str(), AVIO_FLAG_WRITE);
    if (ret < 0) return Error{displayName + ": cannot write here (" + media::avErrorText(ret) + ")"};
    ret = avformat_write_header(m_format.get(), &setup.muxerOptions);
    if (ret < 0) return writeError("cannot write the file header", ret);
    m_headerWritten = true;
    m_trailerOnAbort = std::string(setup.muxerName) == "gif";
    return Status::success();
}

Status EncoderMuxer::drain() {
    while (true) {
        int ret = avcodec_receive_packet(m_encoder.get(), m_packet.get());
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return Status::success();
        if (ret < 0) return Error{m_displayName + ": encoding failed (" + media::avErrorText(ret) + ")"};
        av_packet_rescale_ts(m_packet.get(), m_encoder->time_base, m_stream->time_base);
        m_packet->stream_index = m_stream->index;
        ret = av_interleaved_write_frame(m_format.get(), m_packet.get());  // takes the packet's data
        if (ret < 0) return writeError("writing failed", ret);
    }
}

Status EncoderMuxer::encode(const AVFrame* frame) {
    const int ret = avcodec_send_frame(m_encoder.get(), frame);
    if (ret < 0) return Error{m_displayName + ": encoding failed (" + media::avErrorText(ret) + ")"};
    return drain();
}

Status EncoderMuxer::finish() {
    if (Status st = encode(nullptr); !st) return st;
    m_headerWritten = false;  // the trailer is written (or failed) exactly once
    int ret = av_write_trailer(m_format.get());
    if (ret < 0) return writeError("cannot finish the file", ret);
    ret = m_format.close();
    if (ret < 0) return writeError("cannot finish the file", ret);
    return Status::success();
}

}  // namespace flowlab::core
