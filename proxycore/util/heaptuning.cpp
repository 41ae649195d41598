#include "util/heaptuning.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pc {

namespace {
constexpr int kMmapThresholdBytes = 4 << 20;
constexpr int kTrimThresholdBytes = 32 << 20;
} // namespace

bool tuneHeapForBulkTransfers() {
#if defined(__GLIBC__)
    // Setting either one also turns off glibc's dynamic adjustment of both.
    return mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1 &&
           mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes) == 1;
#else
    return false;
#endif
}

} // namespace pc
