#include "interrupt.hpp"

#include <csignal>

namespace flowlab::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onInterrupt(int) { g_interrupted = 1; }

}  // namespace

InterruptScope::InterruptScope() {
    g_interrupted = 0;
    m_previous = std::signal(SIGINT, onInterrupt);
}

InterruptScope::~InterruptScope() { std::signal(SIGINT, m_previous); }

bool interrupted() { return g_interrupted != 0; }

}  // namespace flowlab::cli
