# Cortex-M4 with single-precision FPU, as QEMU's mps2-an386 board emulates it.
set(ADX_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(ADX_MEMORY_MAP "${CMAKE_CURRENT_LIST_DIR}/../linker/mps2.ld")
set(ADX_QEMU_MACHINE mps2-an386 CACHE STRING "qemu-system-arm -M for on-target tests")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
