#ifndef CHEAP_H
#define CHEAP_H
#include <stddef.h>

/// Bytes glibc's malloc has handed out and not had back, over every arena (mallinfo2).
size_t cheap_live_heap_bytes(void);

#endif
