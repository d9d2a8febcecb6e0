# Runs an example program as a test (cmake -P; see CMakeLists.txt). It
# passes when the program exits with status 0 AND prints the line
# "CoNDIS rule violations: 0": CTest's PASS_REGULAR_EXPRESSION alone would
# ignore the exit status (a leak reported by LeakSanitizer, an abort after
# the last line).
#
#   cmake -DPROGRAM=<path> [-DARGS=<arg;arg>] [-DEXPECT=<regex>] -P run-example.cmake
#
# EXPECT: a regular expression the output must also match.

if(NOT DEFINED PROGRAM)
  message(FATAL_ERROR "run-example.cmake: -DPROGRAM=<path> is needed")
endif()
execute_process(COMMAND ${PROGRAM} ${ARGS}
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err
                RESULT_VARIABLE status)
# what the program printed, for ctest --output-on-failure
message("${out}")
if(NOT err STREQUAL "")
  message("${err}")
endif()
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "${PROGRAM}: exit status ${status}, expected 0")
endif()
if(DEFINED EXPECT AND NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${PROGRAM}: its output does not match \"${EXPECT}\"")
endif()
if(NOT "\n${out}\n" MATCHES "\nCoNDIS rule violations: 0\n")
  message(FATAL_ERROR "${PROGRAM}: no line \"CoNDIS rule violations: 0\" in its output")
endif()
