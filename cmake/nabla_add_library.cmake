# nabla_add_library(NAME GENERATOR gen.c [TARGET cpu])
#
# TARGET names a target of lowering/target/target.c (default cpu); the
# generator runs with NABLA_TARGET set to it, which nb_compile obeys.
#
# Builds the generator (a C program using <nabla/nabla.h>), runs it at build
# time in ${CMAKE_CURRENT_BINARY_DIR}/NAME/ (where nb_compile(m, .out = "NAME")
# writes NAME.o, libNAME.a and NAME.h), and defines target NAME: the static
# library, with that directory as its include path and the runtime and libm
# as its link dependencies. Changing gen.c (or nabla) rebuilds and reruns the
# generator.
#
# Works in the nabla tree (targets nabla, nabla_rt) and from an installed
# nabla (find_package(nabla): nabla::nabla, nabla::nabla_rt).
function(nabla_add_library name)
  cmake_parse_arguments(ARG "" "GENERATOR;TARGET" "" ${ARGN})
  if(NOT ARG_GENERATOR)
    message(FATAL_ERROR "nabla_add_library(${name}): GENERATOR gen.c is required")
  endif()
  # The target is checked where the targets are known: nb_compile looks
  # NABLA_TARGET up in lowering/target/target.c and fails, naming the
  # targets it has, for one it does not.
  if(NOT ARG_TARGET)
    set(ARG_TARGET cpu)
  endif()
  if(TARGET nabla AND TARGET nabla_rt)
    set(dsl nabla)
    set(rt nabla_rt)
  else()
    set(dsl nabla::nabla)
    set(rt nabla::nabla_rt)
  endif()

  set(gen ${name}_generator)
  add_executable(${gen} ${ARG_GENERATOR})
  target_link_libraries(${gen} PRIVATE ${dsl})

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  set(outputs "${dir}/lib${name}.a" "${dir}/${name}.h" "${dir}/${name}.o")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND ${CMAKE_COMMAND} -E chdir "${dir}"
            ${CMAKE_COMMAND} -E env NABLA_TARGET=${ARG_TARGET} $<TARGET_FILE:${gen}>
    DEPENDS ${gen}
    COMMENT "Compiling ${name} with nabla"
    VERBATIM)
  add_custom_target(${name}_generate DEPENDS ${outputs})

  # The include directory must exist when the imported target is used at
  # configure time; the generator fills it at build time.
  file(MAKE_DIRECTORY "${dir}")
  add_library(${name} STATIC IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES
    IMPORTED_LOCATION "${dir}/lib${name}.a"
    INTERFACE_INCLUDE_DIRECTORIES "${dir}"
    INTERFACE_LINK_LIBRARIES "${rt};m")
  add_dependencies(${name} ${name}_generate)
endfunction()
