// A search space and a trial's values as JSON, so that a TPE trial's runs carry what a worker
// needs to propose the next trial (docs/search.md).
//
// Contract: SpaceToJson / SpaceFromJson and ParamsToJson / ParamsFromJson round-trip exactly:
// a space is [{"name", "kind": "uniform"|"log_uniform"|"int"|"choice", "low", "high" |
// "choices": [values]}], a value {"i": n} | {"f": x} | {"s": "text"} so its kind survives.
// FromJson reads a database's stored text: text that is not such JSON throws mnb::Error
// kBadInput.
#ifndef MNISTBENCH_HARNESS_SEARCH_SPACE_JSON_H_
#define MNISTBENCH_HARNESS_SEARCH_SPACE_JSON_H_

#include <string>

#include "harness/search/search_space.h"

namespace mnb::search {

std::string SpaceToJson(const SearchSpace& space);
SearchSpace SpaceFromJson(const std::string& text);
std::string ParamsToJson(const Params& params);
Params ParamsFromJson(const std::string& text);

}  // namespace mnb::search

#endif  // MNISTBENCH_HARNESS_SEARCH_SPACE_JSON_H_
