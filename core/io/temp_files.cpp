#include "io/temp_files.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <random>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flowlab::core {
namespace {

constexpr std::size_t kSlots = 16;
constexpr std::size_t kMaxPath = 4096;

// A fixed table the signal handler can read without locks or allocation: a slot is claimed
// (0 → 1), filled, then published (1 → 2); the handler unlinks only published slots.
struct Slot {
    std::atomic<int> state{0};
    char path[kMaxPath];
};
std::array<Slot, kSlots> g_slots;

extern "C" void cleanupAndReraise(int sig) {
    for (Slot& s : g_slots)
        if (s.state.load() == 2) ::unlink(s.path);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

bool allDigits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

/// The PID in "...<marker>PID-RND" at the end of `name`, or 0 when the name is not ours.
long pidIn(const std::string& name, const std::string& marker) {
    const std::size_t m = name.rfind(marker);
    if (m == std::string::npos || m == 0) return 0;
    const std::string rest = name.substr(m + marker.size());
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos || !allDigits(rest.substr(0, dash)) || !allDigits(rest.substr(dash + 1))) return 0;
    if (dash > 9) return 0;
    return std::stol(rest.substr(0, dash));
}

bool processGone(long pid) { return pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

bool removeFolderTree(const std::string& path) {
    if (DIR* d = ::opendir(path.c_str())) {
        while (dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n == "." || n == "..") continue;
            const std::string child = path + "/" + n;
            struct stat st {};
            if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) removeFolderTree(child);
            else ::unlink(child.c_str());
        }
        ::closedir(d);
    }
    return ::rmdir(path.c_str()) == 0;
}

std::string tempPathBeside(const std::string& target, bool hidden) {
    std::string t = target;
    while (t.size() > 1 && t.back() == '/') t.pop_back();
    const std::size_t slash = t.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "" : t.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? t : t.substr(slash + 1);
    std::random_device rd;
    const std::string tail = std::to_string(::getpid()) + "-" + std::to_string(rd());
    return hidden ? dir + "." + name + ".flowlab-part-" + tail : dir + name + ".tmp-" + tail;
}

int removeStaleTempFiles(const std::string& target) {
    std::string t = target;
    while (t.size() > 1 && t.back() == '/') t.pop_back();
    const std::size_t slash = t.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : t.substr(0, slash));
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    int removed = 0;
    const long self = long(::getpid());
    while (dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        const bool part = n.size() > 1 && n[0] == '.' && n.find(".flowlab-part-") != std::string::npos;
        const long pid = part ? pidIn(n, ".flowlab-part-") : pidIn(n, ".tmp-");
        if (pid == 0 || pid == self || !processGone(pid)) continue;
        const std::string path = dir + "/" + n;
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (!part) continue;  // writeFileAtomic never makes folders
            removeFolderTree(path);
        } else if (S_ISREG(st.st_mode)) {
            ::unlink(path.c_str());
        } else {
            continue;
        }
        ++removed;
    }
    ::closedir(d);
    return removed;
}

void registerTempFile(const std::string& path) {
    if (path.size() >= kMaxPath) return;
    for (Slot& s : g_slots) {
        int expected = 0;
        if (!s.state.compare_exchange_strong(expected, 1)) continue;
        std::memcpy(s.path, path.c_str(), path.size() + 1);
        s.state.store(2);
        return;
    }
}

void unregisterTempFile(const std::string& path) {
    for (Slot& s : g_slots) {
        int expected = 2;
        if (s.state.load() != 2 || path != s.path) continue;
        if (s.state.compare_exchange_strong(expected, 1)) s.state.store(0);
        return;
    }
}

void installTempFileCleanupOnSignals() {
    for (int sig : {SIGINT, SIGTERM}) {
        struct sigaction current {};
        if (::sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) continue;
        std::signal(sig, cleanupAndReraise);
    }
}

}  // namespace flowlab::core
