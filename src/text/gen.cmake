# gen.cmake - build-time generation for src/text/: compiles jieba's
# dict.txt (python3-jieba, MIT) plus our domain word list into the trie
# arrays of generated/text_dict.c. Only the Python standard library runs;
# no network. Skipped when DJ_ONLY filtered out every text source.
if(_src)
  find_program(DJ_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT DJ_PYTHON3)
    find_program(DJ_PYTHON3 NAMES python3 REQUIRED)
  endif()
  set(DJ_JIEBA_DICT /usr/lib/python3/dist-packages/jieba/dict.txt CACHE FILEPATH
      "jieba's dict.txt (Debian package python3-jieba)")
  if(NOT EXISTS ${DJ_JIEBA_DICT})
    message(FATAL_ERROR "text: ${DJ_JIEBA_DICT} not found (install python3-jieba or set DJ_JIEBA_DICT)")
  endif()
  set(_dj_dict_out ${CMAKE_BINARY_DIR}/generated/text_dict.c)
  add_custom_command(
    OUTPUT ${_dj_dict_out}
    COMMAND ${DJ_PYTHON3} ${CMAKE_SOURCE_DIR}/tools/text/gen_dict.py ${_dj_dict_out}
            ${DJ_JIEBA_DICT} ${CMAKE_SOURCE_DIR}/tools/text/domain_dict.txt
    DEPENDS ${CMAKE_SOURCE_DIR}/tools/text/gen_dict.py ${DJ_JIEBA_DICT}
            ${CMAKE_SOURCE_DIR}/tools/text/domain_dict.txt
    COMMENT "text: compiling the segmentation dictionary"
    VERBATIM)
  list(APPEND DJ_GENERATED_SOURCES ${_dj_dict_out})
endif()
