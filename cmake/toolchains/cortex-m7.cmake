# Cortex-M7 with double-precision FPU, as QEMU's mps2-an500 board emulates it.
set(ADX_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16")
set(ADX_MEMORY_MAP "${CMAKE_CURRENT_LIST_DIR}/../linker/mps2.ld")
set(ADX_QEMU_MACHINE mps2-an500 CACHE STRING "qemu-system-arm -M for on-target tests")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
