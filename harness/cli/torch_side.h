// The work only LibTorch can do, as the functions the commands call for it.
//
// Contract: mnistbench is two executables built from the same commands (app.h). `mnistbench`,
// the front end, links no LibTorch, so the commands a user runs again and again while a sweep
// works (status, query, report, check, merge, data, models, slurm) start in milliseconds.
// `mnistbench-torch`, installed beside it, links LibTorch and does the training: its TorchSide
// (InProcessTorchSide) calls the trainer and the runner in-process. The front end's
// (HandOverTorchSide) replaces the process, by exec, with mnistbench-torch running the very same
// command line, once the front end has parsed and validated it: a typo costs no LibTorch start,
// and the pid, standard streams, signals and exit code stay those of the command the user ran.
// A TorchSide function is therefore the last thing a front-end command calls.
#ifndef MNISTBENCH_HARNESS_CLI_TORCH_SIDE_H_
#define MNISTBENCH_HARNESS_CLI_TORCH_SIDE_H_

#include <functional>
#include <string>
#include <vector>

#include "harness/check/reproduce.h"
#include "harness/plan/run_spec.h"
#include "harness/run/sweep/runner.h"

namespace mnb {

// `mnistbench train`, resolved and validated.
struct TrainRequest {
  RunSpec run;
  std::string data_dir;        // resolved
  std::string checkpoint_dir;  // empty: none
  bool json = false;           // last line: the final metrics as JSON
};

// `mnistbench reproduce`, resolved and validated: the recorded run and what to compare it with.
struct ReproduceRequest {
  RunRow record;
  RunSpec run;                  // from its stored configuration; threads and device as recorded
  std::string data_dir;         // resolved
  int64_t epochs = 0;           // compare the first this many epochs (all recorded ones by default)
  std::vector<EpochResult> recorded;              // its first `epochs` epochs, by epoch
  std::vector<StoredPredictions> recorded_predictions;
  WhereRun here;          // git revision, data checksum and host; the torch side adds the rest
};

struct TorchSide {
  std::function<int(const TrainRequest&)> train;       // returns the exit code
  std::function<int(const RunnerOptions&)> run_sweep;  // RunSweep's exit code
  std::function<int(const ReproduceRequest&)> reproduce;  // 0 bit-identical, 1 not
  std::function<int(bool json)> env;                      // `mnistbench env`; returns 0
};

// mnistbench-torch's: in this process (torch_commands.cc).
TorchSide InProcessTorchSide();

// The front end's: exec mnistbench-torch (found beside this executable) with `argv`, passing on
// the short OpenMP spin (openmp_wait.h); returns only when exec failed, after saying why, with
// exit code 1.
TorchSide HandOverTorchSide(char** argv);

// "mnistbench-torch" beside this executable.
std::string TorchExecutable();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_CLI_TORCH_SIDE_H_
