/* SPDX-License-Identifier: MIT */
/* Intrusive doubly linked circular lists: a head is an empty node. */
#ifndef RTOS_QUEUE_H
#define RTOS_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct rtos_queue {
	struct rtos_queue *next;
	struct rtos_queue *prev;
};

static inline void queue_init(struct rtos_queue *q)
{
	q->next = q;
	q->prev = q;
}

static inline bool queue_empty(const struct rtos_queue *q)
{
	return q->next == q;
}

/* Inserts n before pos (at the tail when pos is the head). */
static inline void queue_insert_before(struct rtos_queue *pos,
				       struct rtos_queue *n)
{
	n->prev = pos->prev;
	n->next = pos;
	pos->prev->next = n;
	pos->prev = n;
}

static inline void queue_remove(struct rtos_queue *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n;
	n->prev = n;
}

#define RTOS_CONTAINER_OF(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* RTOS_QUEUE_H */
