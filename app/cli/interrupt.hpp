#pragma once

namespace flowlab::cli {

/// Ctrl-C for the long commands (train, images train, learning-curve): while a scope lives,
/// SIGINT only raises a flag, so the command stops at its next check and still saves what it
/// has; the previous handler comes back when the scope ends. Creating a scope clears the flag.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*m_previous)(int);
};

/// True once Ctrl-C was pressed inside the current (or the last) InterruptScope.
bool interrupted();

}  // namespace flowlab::cli
