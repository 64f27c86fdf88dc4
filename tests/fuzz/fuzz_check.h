// What the fuzz targets share: a check that stops the run (and so saves the input as a
// reproducer) when a property the code promises does not hold.
#pragma once

#include <cstdio>
#include <cstdlib>

// FUZZ_CHECK(cond): abort with the condition's text when it is false. libFuzzer treats the abort
// as a crash and writes the input to its artifact folder.
#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)
