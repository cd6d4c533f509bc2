#pragma once

#include <string>

namespace flowlab::core {

/// The temporary files FlowLab writes beside an output until it is complete:
/// "NAME.tmp-PID-RANDOM" (writeFileAtomic) and ".NAME.flowlab-part-PID-RANDOM" (a file or folder,
/// core::TempOutput). A process killed while writing leaves one behind; these helpers clean up.

/// The name of a temporary beside `target` ("dir/NAME" → "dir/NAME.tmp-PID-RND", or with
/// `hidden` "dir/.NAME.flowlab-part-PID-RND").
std::string tempPathBeside(const std::string& target, bool hidden);

/// Removes, in the folder that holds `target`, the temporaries of FlowLab processes that no
/// longer run: only names of the two patterns above, only when their PID is gone (kill(PID, 0)
/// says ESRCH), never this process's. Returns how many were removed. Errors are ignored: this is
/// tidying, not a condition of the write.
int removeStaleTempFiles(const std::string& target);

/// Removes a folder and everything in it (symbolic links are removed, not followed). Returns
/// whether the folder is gone.
bool removeFolderTree(const std::string& path);

/// Notes a temporary file that a SIGINT or SIGTERM should delete before the process ends (at
/// most 16 at a time; folders are left to removeStaleTempFiles). Thread-safe.
void registerTempFile(const std::string& path);
/// Forgets a temporary (renamed onto its target or removed). Thread-safe.
void unregisterTempFile(const std::string& path);

/// Installs SIGINT and SIGTERM handlers that delete the registered temporaries and then end the
/// process as the signal would have (only where the signal's handler is still the default).
void installTempFileCleanupOnSignals();

}  // namespace flowlab::core
