#pragma once

namespace pc {

// Keeps glibc's allocator from handing memory back to the kernel after every large free.
// Called first thing in gatewayd's and pmproxy's main(), before any thread starts.
//
// Why: Qt's TLS socket decrypts into, and reads the network through, temporary buffers as
// large as what is pending (hundreds of KiB at bulk rates) and frees them right after.
// With glibc's defaults such a buffer sits at the top of the heap or is mmap()ed, so each
// free trims or unmaps it and the next read faults every page in again: 232 minor page
// faults per MiB relayed by the agent, a fifth of its CPU (tests/bench/README.md, "The
// agent path"). With a fixed mmap threshold of 4 MiB and a trim threshold of 32 MiB those
// buffers are reused: ~5 faults per MiB. The cost is at most 32 MiB of freed heap kept
// resident after a burst. No-op on other C libraries. Returns whether both settings took.
bool tuneHeapForBulkTransfers();

} // namespace pc
