#include "io/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace flowlab::core {

Result<std::string> readTextFile(const std::string& path, std::size_t maxBytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error{path + ": " + std::strerror(errno)};
    if (S_ISDIR(st.st_mode)) return Error{path + ": is a folder, not a file"};
    if (static_cast<std::size_t>(st.st_size) > maxBytes) {
        return Error{path + ": file is too large (" + std::to_string(st.st_size) + " bytes; limit " +
                     std::to_string(maxBytes) + ")"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot open for reading"};
    std::string data;
    data.resize(static_cast<std::size_t>(st.st_size));
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return Error{path + ": read error"};
    return data;
}

Status writeFileAtomic(const std::string& path, const std::string& content) {
    std::random_device rd;
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return Error{path + ": cannot write here (" + std::strerror(errno) + ")"};
    const bool wrote = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    const bool closed = std::fclose(f) == 0;
    if (!wrote || !flushed || !closed) {
        std::remove(tmp.c_str());
        return Error{path + ": write failed (" + std::strerror(err ? err : EIO) + "); nothing was changed"};
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        std::remove(tmp.c_str());
        return Error{path + ": cannot replace file (" + std::strerror(e) + "); nothing was changed"};
    }
    return Status::success();
}

}  // namespace flowlab::core
