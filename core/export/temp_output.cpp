#include "export/temp_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/temp_files.hpp"

namespace flowlab::core {
namespace {

std::string stripTrailingSlashes(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}

// "<folder>/.<name>.flowlab-part-<pid>-<random>" beside `target`, after removing those that
// killed runs left there.
std::string tempNameBeside(const std::string& target) {
    removeStaleTempFiles(target);
    return tempPathBeside(target, true);
}

std::string errnoText(int e) { return std::strerror(e); }

bool isEmptyFolder(const std::string& path) {
    DIR* d = ::opendir(path.c_str());
    if (!d) return false;
    bool empty = true;
    while (dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        if (n != "." && n != "..") {
            empty = false;
            break;
        }
    }
    ::closedir(d);
    return empty;
}

}  // namespace

TempOutput::TempOutput(std::string target, std::string temp, bool isFolder)
    : m_target(std::move(target)), m_temp(std::move(temp)), m_isFolder(isFolder) {}

TempOutput::TempOutput(TempOutput&& other) noexcept
    : m_target(std::move(other.m_target)), m_temp(std::move(other.m_temp)), m_isFolder(other.m_isFolder) {
    other.m_temp.clear();
}

TempOutput& TempOutput::operator=(TempOutput&& other) noexcept {
    if (this != &other) {
        discard();
        m_target = std::move(other.m_target);
        m_temp = std::move(other.m_temp);
        m_isFolder = other.m_isFolder;
        other.m_temp.clear();
    }
    return *this;
}

TempOutput::~TempOutput() { discard(); }

Result<TempOutput> TempOutput::createFile(const std::string& target) {
    if (target.empty()) return Error{"no output path given"};
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return Error{target + ": is a folder; give a file name"};
    // Renaming over a FIFO or a device would replace it: refuse before any work.
    if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        return Error{target + ": is not a regular file (a FIFO, device or socket); refusing to replace it"};
    const std::string temp = tempNameBeside(target);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return Error{target + ": cannot write here (" + errnoText(errno) + ")"};
    ::close(fd);
    registerTempFile(temp);  // a SIGINT or SIGTERM during the export removes it
    return TempOutput(target, temp, false);
}

Result<TempOutput> TempOutput::createFolder(const std::string& target) {
    const std::string t = stripTrailingSlashes(target);
    if (t.empty()) return Error{"no output folder given"};
    struct stat st {};
    if (::stat(t.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return Error{t + ": exists and is not a folder"};
        if (!isEmptyFolder(t))
            return Error{t + ": the folder is not empty; choose a new or empty folder so that no file is overwritten"};
    }
    const std::string temp = tempNameBeside(t);
    if (::mkdir(temp.c_str(), 0755) != 0) return Error{t + ": cannot write here (" + errnoText(errno) + ")"};
    return TempOutput(t, temp, true);
}

void TempOutput::discard() {
    if (m_temp.empty()) return;
    if (m_isFolder) removeFolderTree(m_temp);
    else ::unlink(m_temp.c_str());
    if (!m_isFolder) unregisterTempFile(m_temp);
    m_temp.clear();
}

Status TempOutput::commit() {
    if (m_temp.empty()) return Error{m_target + ": nothing to save (the export was already closed)"};
    if (!m_isFolder) {
        const int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
        const bool synced = fd >= 0 && ::fsync(fd) == 0;
        const int e = errno;
        if (fd >= 0) ::close(fd);
        if (!synced) {
            discard();
            return Error{m_target + ": could not save the file (" + errnoText(e) + "); nothing was written"};
        }
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        const int e = errno;
        discard();
        return Error{m_target + ": could not save (" + errnoText(e) + "); nothing was written"};
    }
    if (!m_isFolder) unregisterTempFile(m_temp);
    m_temp.clear();
    return Status::success();
}

Status writeBytesToFile(const std::string& path, const std::string& bytes, const std::string& displayName) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return Error{displayName + ": cannot write (" + errnoText(errno) + ")"};
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool flushed = std::fflush(f) == 0;
    const int e = errno;
    const bool closed = std::fclose(f) == 0;
    if (!wrote || !flushed || !closed) return Error{displayName + ": write failed (" + errnoText(e ? e : EIO) + ")"};
    return Status::success();
}

}  // namespace flowlab::core
