/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the libFuzzer targets of test/fuzz: a check that fails the run
 * (libFuzzer saves the input) with a message.
 */

#ifndef CONDIS_FUZZ_COMMON_H
#define CONDIS_FUZZ_COMMON_H

#include <cstdio>
#include <cstdlib>

/// Fails the run when \p cond is false: a property of the decoder is broken.
#define FUZZ_CHECK(cond, what)                                                                     \
    do                                                                                             \
    {                                                                                              \
        if (!(cond))                                                                               \
        {                                                                                          \
            std::fprintf(stderr,                                                                   \
                         "fuzz check failed: %s (%s) at %s:%d\n",                                  \
                         #cond,                                                                    \
                         what,                                                                     \
                         __FILE__,                                                                 \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

#endif /* CONDIS_FUZZ_COMMON_H */
