// PNG image sequence output of a VideoWriter: frame_000000.png, … in a (temporary) folder.
#include <cstdio>
#include <optional>

#include "export/frame_sink.hpp"
#include "export/temp_output.hpp"
#include "image/png_encoder.hpp"

namespace flowlab::core {
namespace {

std::string sequenceFileName(int index) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%06d.png", index);
    return name;
}

class PngSequenceSink final : public FrameSink {
public:
    Status open(const std::string& tempPath, const std::string& displayName, const VideoOptions& options) override {
        auto encoder = PngEncoder::create(options.width, options.height, options.pixelLayout,
                                          options.pngCompressionLevel);
        if (!encoder) return Error{displayName + ": " + encoder.message()};
        m_encoder.emplace(std::move(encoder).value());
        m_folder = tempPath;
        m_displayName = displayName;
        return Status::success();
    }

    Status addFrame(const std::uint8_t* pixels, int strideBytes, int index) override {
        auto bytes = m_encoder->encode(pixels, strideBytes);
        if (!bytes) return Error{m_displayName + ": frame " + std::to_string(index) + ": " + bytes.message()};
        const std::string name = sequenceFileName(index);
        return writeBytesToFile(m_folder + "/" + name, *bytes, m_displayName + "/" + name);
    }

    Status finish(const ExportProgressFn&, const std::atomic<bool>&) override { return Status::success(); }

private:
    std::optional<PngEncoder> m_encoder;
    std::string m_folder;
    std::string m_displayName;
};

}  // namespace

std::unique_ptr<FrameSink> makePngSequenceSink() { return std::make_unique<PngSequenceSink>(); }

}  // namespace flowlab::core
