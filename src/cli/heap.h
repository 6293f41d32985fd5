// Process-wide allocator settings for seam's runs, which build megabytes of
// text in short-lived strings and exit.
#ifndef SEAM_CLI_HEAP_H_
#define SEAM_CLI_HEAP_H_

namespace seam {

// Call once, first thing in main. With glibc on Linux: every thread allocates
// from one heap (the rendering threads would otherwise each fault in an arena
// of their own), large blocks come from that heap instead of fresh mappings,
// freed memory stays for reuse instead of going back to the system, and the
// heap is grown ahead in one step and backed by transparent huge pages where
// the system allows it (madvise mode). Generating every target of a
// 500-function API otherwise takes 3,600 page faults, a seventh of its CPU
// time here. Elsewhere it does nothing.
void TuneHeap();

}  // namespace seam

#endif  // SEAM_CLI_HEAP_H_
