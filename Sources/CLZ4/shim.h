#ifndef AVOSYNC_CLZ4_SHIM_H
#define AVOSYNC_CLZ4_SHIM_H

// The frame API is the only part of liblz4 avosync uses: each batch is a standard LZ4 frame so that
// the stock `lz4 -dc` tool can read a segment.
#include <lz4.h>
#include <lz4frame.h>

#endif
