// SPDX-License-Identifier: MIT
/*
 * heartbeat: the well-behaved test guest. Says hello, then prints
 * "heartbeat <n>" every 200 ms and reports every key it receives.
 */
#include "guest.h"

int main(uint64_t dtb)
{
	struct guest_beat beat;

	guest_hello(dtb);
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
