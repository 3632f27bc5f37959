#include <malloc.h>
#include "CHeap.h"

size_t cheap_live_heap_bytes(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}
