// SIGINT/SIGTERM as a flag that training loops poll.
//
// Contract: after InstallStopHandlers(), SIGINT and SIGTERM no longer kill the process; they set
// a flag that StopSignal() returns (the last signal's number, 0 while none came). The sweep's
// loops poll it between batches, finish the current one, record the run as interrupted and exit
// 130. The handlers are installed without SA_RESTART, so a parent blocked in waitpid() wakes up
// (EINTR) and can pass a SIGTERM on to its workers.
#ifndef MNISTBENCH_HARNESS_RUN_STOP_SIGNAL_H_
#define MNISTBENCH_HARNESS_RUN_STOP_SIGNAL_H_

namespace mnb {

void InstallStopHandlers();
int StopSignal();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_RUN_STOP_SIGNAL_H_
