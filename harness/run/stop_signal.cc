#include "harness/run/stop_signal.h"

#include <signal.h>

#include <atomic>

namespace mnb {

namespace {

std::atomic<int> g_stop_signal{0};

extern "C" void OnStopSignal(int signal) { g_stop_signal = signal; }

}  // namespace

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int StopSignal() { return g_stop_signal.load(); }

}  // namespace mnb
