# Writes the dialect's op list as an X-macro file: one NB_OP(name) line per
# `irdl.operation @name` of the IRDL file (-DIN), in its order, to -DOUT.
# Comment lines are skipped. Rewritten only when the list changes, so an
# edit of an op's constraints does not rebuild every table.
file(STRINGS "${IN}" lines REGEX "irdl\\.operation @")
set(body "/* Generated from dialect/nabla.irdl.mlir by cmake/op_list.cmake; do not edit.\n"
         " * One NB_OP(name) per op of the nabla dialect, in the IRDL file's order. */\n")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^[ \t]*//")
    continue()
  endif()
  if(line MATCHES "irdl\\.operation @([A-Za-z0-9_]+)")
    string(APPEND body "NB_OP(${CMAKE_MATCH_1})\n")
    math(EXPR count "${count} + 1")
  endif()
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "op_list.cmake: no irdl.operation in ${IN}")
endif()
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL body)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${body}")
