// The test labels McNemar's test needs (reports/tables/compare.h AddMcNemar), for `compare` and for
// `serve`'s compare page: one loader, so both say the same thing when there are none.
//
// Contract: LoadTestLabels fills `labels` with the upstream test split's labels of `dataset_a`,
// in dataset order, and returns "" — or leaves `labels` alone and returns one line saying why
// not: A and B tested on different datasets, a dataset that tests on a split carved from its
// training data (not the upstream test set), an unknown dataset, or no label file under
// `data_dir`, taken as given (callers resolve it first, as ResolveDataDir does). A label file
// that exists but cannot be read throws, as every data reader does.
#ifndef MNISTBENCH_HARNESS_DATA_TEST_LABELS_H_
#define MNISTBENCH_HARNESS_DATA_TEST_LABELS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace mnb {

std::string LoadTestLabels(const std::string& dataset_a, const std::string& dataset_b,
                           const std::string& data_dir, std::vector<uint8_t>* labels);

}  // namespace mnb

#endif  // MNISTBENCH_HARNESS_DATA_TEST_LABELS_H_
