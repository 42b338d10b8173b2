#ifndef TOYSTUDY_CPU_CHECK_H
#define TOYSTUDY_CPU_CHECK_H

// CPUCheck has no interface: linking it into an executable installs a constructor that stops the program
// with a clear message when the CPU lacks a feature the build's CPU target (TOYSTUDY_MARCH) requires.

#endif
