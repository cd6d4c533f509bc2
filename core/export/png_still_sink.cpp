// Single PNG still output of a VideoWriter.
#include <optional>

#include "export/frame_sink.hpp"
#include "export/temp_output.hpp"
#include "image/png_encoder.hpp"

namespace flowlab::core {
namespace {

class PngStillSink final : public FrameSink {
public:
    Status open(const std::string& tempPath, const std::string& displayName, const VideoOptions& options) override {
        auto encoder = PngEncoder::create(options.width, options.height, options.pixelLayout,
                                          options.pngCompressionLevel);
        if (!encoder) return Error{displayName + ": " + encoder.message()};
        m_encoder.emplace(std::move(encoder).value());
        m_file = tempPath;
        m_displayName = displayName;
        return Status::success();
    }

    Status addFrame(const std::uint8_t* pixels, int strideBytes, int index) override {
        if (index > 0) return Error{m_displayName + ": a PNG still takes exactly one frame"};
        auto bytes = m_encoder->encode(pixels, strideBytes);
        if (!bytes) return Error{m_displayName + ": " + bytes.message()};
        return writeBytesToFile(m_file, *bytes, m_displayName);
    }

    Status finish(const ExportProgressFn&, const std::atomic<bool>&) override { return Status::success(); }

private:
    std::optional<PngEncoder> m_encoder;
    std::string m_file;
    std::string m_displayName;
};

}  // namespace

std::unique_ptr<FrameSink> makePngStillSink() { return std::make_unique<PngStillSink>(); }

}  // namespace flowlab::core
