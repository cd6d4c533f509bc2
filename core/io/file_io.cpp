#include "io/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/temp_files.hpp"

namespace flowlab::core {

namespace {

/// Why `mode` is not something to read or replace as a file; empty for a regular file.
std::string notRegular(mode_t mode) {
    if (S_ISREG(mode)) return {};
    if (S_ISDIR(mode)) return "is a folder, not a file";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

}  // namespace

Result<std::string> readTextFile(const std::string& path, std::size_t maxBytes) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The
    // type is checked on the open descriptor (fstat), so a file swapped after a stat() cannot
    // slip through; for regular files O_NONBLOCK changes nothing.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Error{path + ": " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return Error{path + ": " + std::strerror(e)};
    }
    if (auto why = notRegular(st.st_mode); !why.empty()) {
        ::close(fd);
        return Error{path + ": " + why + "; refusing to read it"};
    }
    if (static_cast<std::size_t>(st.st_size) > maxBytes) {
        ::close(fd);
        return Error{path + ": file is too large (" + std::to_string(st.st_size) + " bytes; limit " +
                     std::to_string(maxBytes) + ")"};
    }
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            return Error{path + ": read error (" + std::strerror(e) + ")"};
        }
        if (n == 0) break;  // shrank while reading: keep what is there
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    data.resize(got);
    return data;
}

Status writeFileAtomic(const std::string& path, const std::string& content) {
    // Renaming over a FIFO, a device or a folder would replace it (or fail late): refuse first.
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0 && !S_ISLNK(existing.st_mode)) {
        if (auto why = notRegular(existing.st_mode); !why.empty())
            return Error{path + ": " + why + "; refusing to replace it"};
    }
    // Leftovers of earlier runs that were killed while writing here go first.
    removeStaleTempFiles(path);
    const std::string tmp = tempPathBeside(path, false);
    registerTempFile(tmp);  // a SIGINT or SIGTERM while writing removes it
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        const int e = errno;
        unregisterTempFile(tmp);
        return Error{path + ": cannot write here (" + std::strerror(e) + ")"};
    }
    const bool wrote = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    const bool closed = std::fclose(f) == 0;
    if (!wrote || !flushed || !closed) {
        std::remove(tmp.c_str());
        unregisterTempFile(tmp);
        return Error{path + ": write failed (" + std::strerror(err ? err : EIO) + "); nothing was changed"};
    }
    const bool renamed = std::rename(tmp.c_str(), path.c_str()) == 0;
    const int e = errno;
    if (!renamed) std::remove(tmp.c_str());
    unregisterTempFile(tmp);
    if (!renamed) return Error{path + ": cannot replace file (" + std::strerror(e) + "); nothing was changed"};
    return Status::success();
}

}  // namespace flowlab::core
