/* SPDX-License-Identifier: MIT */
/* Device-tree blobs made from source text by dtc at test time. */
#ifndef SK_TESTS_DTC_BLOB_H
#define SK_TESTS_DTC_BLOB_H

/* The blob dtc makes of dts (malloc'd: the caller frees it); fails the
 * running test if dtc cannot. */
void *dtc_blob(const char *dts);

#endif
