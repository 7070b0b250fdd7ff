/* SPDX-License-Identifier: MIT */
/* The applications built into the RTOS image (main.c picks one). */
#ifndef RTOS_APPS_H
#define RTOS_APPS_H

#include "rtos/config.h"

extern const struct rtos_config rtos_demo_config;
extern const struct rtos_config rtos_selftest_config;
extern const struct rtos_config rtos_bench_config;

#endif
