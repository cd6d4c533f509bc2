#include "media/av_support.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace flowlab::core::media {

std::string avErrorText(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

void configureFfmpegLogging() {
    static std::once_flag once;
    std::call_once(once, [] {
        int level = AV_LOG_QUIET;
        if (const char* env = std::getenv("FLOWLAB_FFMPEG_LOG")) {
            const struct {
                const char* name;
                int level;
            } levels[] = {{"debug", AV_LOG_DEBUG},     {"verbose", AV_LOG_VERBOSE},
                          {"info", AV_LOG_INFO},       {"warning", AV_LOG_WARNING},
                          {"error", AV_LOG_ERROR}};
            for (const auto& l : levels)
                if (std::strcmp(env, l.name) == 0) level = l.level;
        }
        av_log_set_level(level);
    });
}

}  // namespace flowlab::core::media
