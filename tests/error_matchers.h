// Catch2 matchers for the project's error type.
//
// Contract: IsKind(kind) matches an mnb::Error whose kind() is `kind`: kInternal for a caller's
// broken precondition, kBadInput for a value a user's file, flag or database can hold.
#ifndef MNISTBENCH_TESTS_ERROR_MATCHERS_H_
#define MNISTBENCH_TESTS_ERROR_MATCHERS_H_

#include <catch2/catch.hpp>

#include "harness/base/error.h"

namespace mnb::testing {

inline Catch::Matchers::Generic::PredicateMatcher<mnb::Error> IsKind(mnb::ErrorKind kind) {
  return Catch::Matchers::Predicate<mnb::Error>(
      [kind](const mnb::Error& e) { return e.kind() == kind; }, mnb::ErrorKindName(kind));
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_ERROR_MATCHERS_H_
