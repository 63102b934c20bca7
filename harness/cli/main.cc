// mnistbench, the front end: every command, without LibTorch. The commands that train hand their
// command line over to mnistbench-torch (torch_side.h).
#include "harness/cli/app.h"

int main(int argc, char** argv) {
  return mnb::RunMnistbench(argc, argv, mnb::HandOverTorchSide(argv));
}
