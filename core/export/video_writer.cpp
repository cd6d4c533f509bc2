#include "export/video_writer.hpp"

#include <cctype>

namespace flowlab::core {
namespace {

std::unique_ptr<FrameSink> makeSink(VideoFormat format) {
    switch (format) {
        case VideoFormat::Mp4:
        case VideoFormat::WebM: return makeEncodedVideoSink();
        case VideoFormat::Gif: return makeGifSink();
        case VideoFormat::PngSequence: return makePngSequenceSink();
        case VideoFormat::PngStill: return makePngStillSink();
    }
    return nullptr;
}

Error cancelledError(const std::string& path) { return Error{path + ": export cancelled; nothing was saved"}; }

}  // namespace

VideoWriter::VideoWriter() = default;

VideoWriter::~VideoWriter() { cancel(); }

Status VideoWriter::open(const std::string& path, const VideoOptions& options) {
    cancel();
    m_path = path;
    m_framesAdded = 0;
    m_cancelRequested = false;
    if (std::string err = options.validate(); !err.empty()) return Error{"export options: " + err};
    if (path.empty()) return Error{"no output path given"};
    if (options.format != VideoFormat::PngSequence) {
        auto implied = videoFormatFromPath(path);
        if (!implied || *implied != options.format)
            return Error{path + ": a " + toString(options.format) + " export needs a file name ending in " +
                         videoFormatExtension(options.format)};
    }

    auto temp = options.format == VideoFormat::PngSequence ? TempOutput::createFolder(path)
                                                           : TempOutput::createFile(path);
    if (!temp) return Error{temp.message()};
    m_temp.emplace(std::move(temp).value());
    m_options = options;
    m_sink = makeSink(options.format);
    if (Status st = m_sink->open(m_temp->path(), m_temp->target(), options); !st) return fail(Error{st.message()});
    return Status::success();
}

Status VideoWriter::addFrame(const std::uint8_t* pixels, int strideBytes) {
    if (!m_sink) return Error{"no export is open"};
    if (m_cancelRequested.load()) return fail(cancelledError(m_path));
    if (!pixels) return fail(Error{m_path + ": frame " + std::to_string(framesAdded()) + " has no pixels"});
    if (strideBytes < 4 * m_options.width)
        return fail(Error{m_path + ": frame row stride " + std::to_string(strideBytes) +
                          " is smaller than 4 × width (" + std::to_string(4 * m_options.width) + ")"});
    if (Status st = m_sink->addFrame(pixels, strideBytes, framesAdded()); !st) return fail(Error{st.message()});
    m_framesAdded.fetch_add(1);
    return Status::success();
}

Status VideoWriter::finish(const ExportProgressFn& progress) {
    if (!m_sink) return Error{"no export is open"};
    if (m_cancelRequested.load()) return fail(cancelledError(m_path));
    if (framesAdded() == 0) return fail(Error{m_path + ": no frames were added; nothing was saved"});
    if (Status st = m_sink->finish(progress, m_cancelRequested); !st) return fail(Error{st.message()});
    if (m_cancelRequested.load()) return fail(cancelledError(m_path));
    m_sink.reset();
    Status committed = m_temp->commit();
    m_temp.reset();
    return committed;
}

void VideoWriter::cancel() {
    m_sink.reset();  // closes files before the temporary is removed
    m_temp.reset();
}

void VideoWriter::requestCancel() { m_cancelRequested = true; }

Status VideoWriter::fail(Error error) {
    cancel();
    return error;
}

}  // namespace flowlab::core
