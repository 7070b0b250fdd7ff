/* SPDX-License-Identifier: MIT */
/* The number of elements of an array, written once for the whole tree. */
#ifndef SK_LIB_ARRAY_H
#define SK_LIB_ARRAY_H

/* Only for arrays: on a pointer it would divide the pointer's size. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
