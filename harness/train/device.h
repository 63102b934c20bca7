// Device and thread selection.
//
// Contract: ResolveDevice maps the user's choice ("auto", "cpu", "cuda", "cuda:N") to a concrete
// device string: "auto" takes CUDA when this build and machine have it, else CPU. Asking for
// CUDA where there is none throws BadInput (exit 2) with one line naming the LibTorch build and
// what is missing (no CUDA in this LibTorch, or no GPU visible). No torch in this header: the
// CLI and runner validate devices without compiling torch.
#ifndef MNISTBENCH_HARNESS_TRAIN_DEVICE_H_
#define MNISTBENCH_HARNESS_TRAIN_DEVICE_H_

#include <string>
#include <vector>

namespace mnb {

std::string ResolveDevice(const std::string& requested);

// What a run records as its device: "cpu", or for a GPU its index, model and numerics, e.g.
// "cuda:0 NVIDIA H100 80GB HBM3 (compute 9.0, driver CUDA 13.0, runtime 13.0, cuDNN 9.19.0,
// deterministic)". `resolved` as ResolveDevice returns it; fast: "fast" instead.
std::string DeviceDescription(const std::string& resolved, bool fast);

// "cuda" for a resolved CUDA device string, else "cpu": the run key's device kind.
std::string DeviceKind(const std::string& resolved);

// The devices `workers` workers train on: CPU for each, or the visible GPUs in turn (worker w on
// GPU w mod count, so several workers share a GPU). `requested` as for ResolveDevice; a list
// "cuda:0,cuda:1" is used in turn as given.
std::vector<std::string> WorkerDevices(const std::string& requested, int workers);

// `workers` devices taken from `pool` in turn: worker w gets pool[w mod size]. pool not empty.
std::vector<std::string> SpreadOver(const std::vector<std::string>& pool, int workers);

// GPUs this process can use: 0 without CUDA.
int VisibleGpus();

// Threads for intra-op parallelism: `requested` if > 0, else all cores.
int ResolveThreads(int requested);

std::string TorchVersion();

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_TRAIN_DEVICE_H_
