import CPrefetch

/// A hint to the processor to load a cache line that will be read soon, without waiting for it.
///
/// A plain load of a line not in the cache stalls the pipeline once the reorder buffer fills (a
/// few hundred instructions), long before main memory answers; a prefetch retires at once, so
/// several misses overlap with other work. Profile (perf, cpu-clock, 10,000 memos): the text
/// cache's slot and array loads, made one block ahead as ordinary loads, moved ~4 % of the run's
/// time into the loads themselves instead of saving it.
///
/// A prefetch never faults, whatever the address, and changes nothing but the cache: a wrong
/// address only wastes the hint.
enum Prefetch {
    /// The line holding `address`, into all cache levels.
    @inline(__always) static func read(_ address: UnsafeRawPointer) {
        jamlint_prefetch_read(address)
    }

    /// Every line of the `count` bytes (at least one) from `address`.
    @inline(__always) static func read(_ address: UnsafeRawPointer, bytes count: Int) {
        var offset = 0
        while offset < count {
            jamlint_prefetch_read(address + offset)
            offset &+= 64
        }
        // The last line, which the steps of 64 miss when `address` is not at a line's start.
        jamlint_prefetch_read(address + (count - 1))
    }
}
