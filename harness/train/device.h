// Device and thread selection.
//
// Contract: ResolveDevice maps the user's choice ("auto", "cpu", "cuda", "cuda:N") to a concrete
// device string: "auto" takes CUDA when this build and machine have it, else CPU. Asking for
// CUDA where there is none throws std::invalid_argument with one line saying why. No torch in
// this header: the CLI and runner validate devices without compiling torch.
#ifndef MNISTBENCH_HARNESS_TRAIN_DEVICE_H_
#define MNISTBENCH_HARNESS_TRAIN_DEVICE_H_

#include <string>

namespace mnb {

std::string ResolveDevice(const std::string& requested);

// Threads for intra-op parallelism: `requested` if > 0, else all cores.
int ResolveThreads(int requested);

std::string TorchVersion();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_DEVICE_H_
