#ifndef JAMLINT_CPREFETCH_H
#define JAMLINT_CPREFETCH_H

/// Asks the processor to load the cache line holding `address` into all cache levels, for reading,
/// without waiting for it. A prefetch never faults, whatever the address; it changes nothing but the
/// cache. Static inline, so Swift inlines it: one `prefetcht0` on x86-64 (`prfm` on arm64).
///
/// In C because Swift has no prefetch: binding LLVM's intrinsic by name from Swift broke sanitizer
/// builds (the call became an `invoke`, which LLVM rejects for intrinsics).
static inline void jamlint_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
