# Shared part of the Cortex-M toolchain files: Debian's gcc-arm-none-eabi with
# picolibc (semihosting OS layer), freestanding C11, sizes tuned for flash.
# The per-target files set ADX_CPU_FLAGS and ADX_MEMORY_MAP, then include this.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size tool for make size")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(ADX_PORT bare CACHE STRING "platform port" FORCE)
set(ADX_TEST_HOOKS OFF CACHE BOOL "test seams" FORCE)

set(CMAKE_C_FLAGS_INIT "${ADX_CPU_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${ADX_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "--oslib=semihost --crt0=semihost -Wl,--gc-sections -T${ADX_MEMORY_MAP}")
set(CMAKE_C_FLAGS_RELWITHDEBINFO_INIT "-Os -g")
set(CMAKE_C_FLAGS_RELEASE_INIT "-Os")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
