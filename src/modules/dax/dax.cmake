# Build options of the DAX module (src/modules/dax). src/modules globs the
# sources into adx_modules; this file adds the module's options to that
# target. Include it once from any folder built after src/modules.
include_guard(GLOBAL)

set(ADX_DAX_DEFAULT_POLICY "shared" CACHE STRING
    "DAX engine-memory lifespan when init data names none: init, prepare, static or shared")
set_property(CACHE ADX_DAX_DEFAULT_POLICY PROPERTY STRINGS init prepare static shared)
# The engine's worst case for 8 channels (adx_dax_engine_bytes(8)), rounded
# up to 1 KiB; tests/dax checks the default still covers it.
set(ADX_DAX_STATIC_REGION_BYTES 217088 CACHE STRING
    "bytes of the linker-placed DAX engine region (a multiple of 64)")

string(TOUPPER "${ADX_DAX_DEFAULT_POLICY}" adx_dax_policy_upper)
if(NOT adx_dax_policy_upper MATCHES "^(INIT|PREPARE|STATIC|SHARED)$")
  message(FATAL_ERROR "ADX_DAX_DEFAULT_POLICY must be init, prepare, static or shared")
endif()
if(TARGET adx_modules)
  target_compile_definitions(adx_modules PRIVATE
    ADX_DAX_DEFAULT_POLICY=ADX_DAX_POLICY_${adx_dax_policy_upper}
    ADX_DAX_STATIC_REGION_BYTES=${ADX_DAX_STATIC_REGION_BYTES}u)
endif()
