// The Catch2 entry point, alone in its TU so the test files recompile without it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
