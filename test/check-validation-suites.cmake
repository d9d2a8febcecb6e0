# Fails, naming the file, when a test suite (test/*-test.cc,
# bindings/tests/test_*.py) is not named in doc/condis.rst's Validation
# section: the section says what each suite checks and against what.
# usage: cmake -DSOURCE_DIR=<top> -P check-validation-suites.cmake
file(READ "${SOURCE_DIR}/doc/condis.rst" doc)
string(FIND "${doc}" "\nValidation\n**********" begin)
if(begin EQUAL -1)
  message(FATAL_ERROR "doc/condis.rst has no Validation section")
endif()
string(SUBSTRING "${doc}" ${begin} -1 section)
string(FIND "${section}" "\nSanitizers and fuzzing\n" end)
string(SUBSTRING "${section}" 0 ${end} section)
file(GLOB suites RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/test/*-test.cc"
     "${SOURCE_DIR}/bindings/tests/test_*.py")
set(missing "")
foreach(path ${suites})
  get_filename_component(name "${path}" NAME)
  string(REGEX REPLACE "[.]cc$" "" name "${name}")
  string(FIND "${section}" "``${name}``" at)
  if(at EQUAL -1)
    list(APPEND missing "${path}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "doc/condis.rst's Validation section does not name: ${missing}")
endif()
list(LENGTH suites n)
message(STATUS "every one of ${n} suites is named in the Validation section")
