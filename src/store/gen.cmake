# Migrations embedded into the binary at build time.
file(GLOB _migrations CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/store/migrations/*.sql)
list(SORT _migrations)
set(_migrations_c ${CMAKE_BINARY_DIR}/generated/migrations.c)
add_custom_command(
  OUTPUT ${_migrations_c}
  COMMAND sh ${CMAKE_SOURCE_DIR}/tools/embed-sql.sh ${_migrations_c} ${_migrations}
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/embed-sql.sh ${_migrations}
  COMMENT "Embedding SQL migrations")
list(APPEND DJ_GENERATED_SOURCES ${_migrations_c})
