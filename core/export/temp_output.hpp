#pragma once

#include <string>

#include "common/result.hpp"

namespace flowlab::core {

/// A temporary file or folder beside an export's target, hidden (leading dot), that becomes the
/// target only by commit(): an atomic rename. Until then the target is untouched; discard() or
/// destruction removes the temporary (for a folder, with the files written into it).
class TempOutput {
public:
    /// Creates an empty temporary file beside `target` (proving the folder is writable).
    /// Refuses a target that is an existing folder.
    static Result<TempOutput> createFile(const std::string& target);
    /// Creates an empty temporary folder beside `target`. Refuses a target that is a file or a
    /// folder that is not empty (an empty one is replaced on commit).
    static Result<TempOutput> createFolder(const std::string& target);

    TempOutput(TempOutput&& other) noexcept;
    TempOutput& operator=(TempOutput&& other) noexcept;
    TempOutput(const TempOutput&) = delete;
    TempOutput& operator=(const TempOutput&) = delete;
    ~TempOutput();

    const std::string& path() const { return m_temp; }
    const std::string& target() const { return m_target; }

    /// Flushes a file to disk and renames the temporary onto the target. On failure the
    /// temporary is removed and the target is as before.
    Status commit();
    /// Removes the temporary (idempotent).
    void discard();

private:
    TempOutput(std::string target, std::string temp, bool isFolder);
    std::string m_target;
    std::string m_temp;
    bool m_isFolder = false;
};

/// Writes bytes to a new file at `path` (no temporary: for files inside a TempOutput folder).
/// Messages name `displayName`.
Status writeBytesToFile(const std::string& path, const std::string& bytes, const std::string& displayName);

}  // namespace flowlab::core
