import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bump allocator for cmark-gfm, one per thread, emptied after each document.
///
/// Profiles showed cmark's many small `calloc`/`realloc`/`free` calls (every node, chunk, string
/// buffer and delimiter) and the tree's final `cmark_node_free` as about a quarter of the whole
/// Markdown parse. Everything cmark allocates while one document is parsed lives exactly until that
/// document's walk is done, so allocations are carved from large chunks and released all at once.
///
/// `cmark_mem`'s functions receive no context. Each thread's state is found once per document
/// through a thread-local key; the first `slotCount` threads that parse each own a slot: a state at a
/// fixed place and a `cmark_mem` whose functions reach exactly that state (profiles showed the
/// `pthread_getspecific` in every callback as a fifth of the allocator's cost). Further threads get
/// the shared `cmark_mem` whose functions look the state up per call. A parse runs on one thread from
/// `cmark_parser_new_with_mem` to `reset`. Nothing cmark allocates through it may be used after `reset`.
enum CmarkArena {
    /// The allocator to give `cmark_parser_new_with_mem`, or nil when the thread's arena is
    /// already in use (a nested parse) and cmark's default allocator must be used.
    static func begin() -> UnsafeMutablePointer<cmark_mem>? {
        // Without a thread key (all of the process's keys taken) cmark keeps its own allocator.
        guard keyCreated else { return nil }
        let state = currentState()
        guard !state.pointee.inUse else { return nil }
        state.pointee.inUse = true
        let slot = state.pointee.slot
        return slot >= 0 ? slotAllocators + slot : allocator
    }

    /// Releases everything allocated since `begin` (one chunk is kept for the next document).
    static func end() {
        let state = currentState()
        state.pointee.reset()
        state.pointee.inUse = false
    }

    // MARK: State

    /// Bytes before each allocation: its size (for `realloc`), padded so payloads stay 16-aligned.
    private static let headerSize = 16
    /// Bytes at the start of each chunk: the link to the chunk before it.
    private static let linkSize = 16
    private static let firstChunkSize = 256 * 1024
    /// A chunk larger than this (after a very large document) is not kept for the next one.
    private static let keptChunkLimit = 8 * 1024 * 1024

    struct State {
        /// The current chunk; its first `linkSize` bytes hold the previous chunk's address (or 0).
        var chunk: UnsafeMutableRawPointer?
        var capacity = 0
        /// Offset of the first free byte in `chunk` (`linkSize...capacity`).
        var used = 0
        /// Offset of the header of the most recent allocation in `chunk`, or -1: only that one
        /// can grow in place or be given back.
        var last = -1
        var inUse = false
        /// The thread's slot (`0..<slotCount`), or -1 when its state was allocated on its own.
        var slot = -1

        /// `size` bytes (uninitialised), 16-aligned, or nil when the size cannot be represented.
        @inline(__always)
        mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
            guard size >= 0, size <= Int.max / 2 else { return nil }
            let need = CmarkArena.headerSize + ((size + 15) & ~15)
            if chunk == nil || used + need > capacity {
                guard newChunk(need) else { return nil }
            }
            guard let chunk else { return nil }
            // In bounds: used + need <= capacity, checked or made so by `newChunk` just above.
            let header = chunk + used
            header.storeBytes(of: size, as: Int.self)
            last = used
            used += need
            return header + CmarkArena.headerSize
        }

        /// Starts a chunk with room for `need` bytes after its link; the old chunk is kept on the
        /// list until `reset`.
        @inline(never)
        private mutating func newChunk(_ need: Int) -> Bool {
            let wanted = max(capacity * 2, CmarkArena.firstChunkSize, need + CmarkArena.linkSize)
            guard let fresh = malloc(wanted) else { return false }
            // The link: the previous chunk's address, so that `reset` can free it.
            fresh.storeBytes(of: chunk, as: UnsafeMutableRawPointer?.self)
            chunk = fresh
            capacity = wanted
            used = CmarkArena.linkSize
            last = -1
            return true
        }

        /// The size recorded for an allocation from this arena.
        static func size(of payload: UnsafeMutableRawPointer) -> Int {
            (payload - CmarkArena.headerSize).load(as: Int.self)
        }

        /// True when `payload` is the most recent allocation of the current chunk.
        func isLast(_ payload: UnsafeMutableRawPointer) -> Bool {
            guard let chunk, last >= 0 else { return false }
            return payload == chunk + last + CmarkArena.headerSize
        }

        mutating func reallocate(_ payload: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
            guard let payload else { return allocate(size) }
            guard size >= 0, size <= Int.max / 2 else { return nil }
            if isLast(payload) {
                let end = last + CmarkArena.headerSize + ((size + 15) & ~15)
                if end <= capacity {
                    // Grows (or shrinks) in place: the bytes up to `end` are this chunk's and free.
                    (payload - CmarkArena.headerSize).storeBytes(of: size, as: Int.self)
                    used = end
                    return payload
                }
            }
            let old = Self.size(of: payload)
            guard let moved = allocate(size) else { return nil }
            // Both regions hold at least min(old, size) bytes; a new allocation never overlaps an old one.
            moved.copyMemory(from: payload, byteCount: min(old, size))
            return moved
        }

        @inline(__always)
        mutating func free(_ payload: UnsafeMutableRawPointer?) {
            guard let payload, isLast(payload) else { return }
            // The most recent allocation (a temporary buffer, a delimiter): its bytes are free again.
            used = last
            last = -1
        }

        /// Frees every chunk but the current one, which is emptied and kept unless it is very large.
        mutating func reset() {
            guard let chunk else { return }
            var previous = chunk.load(as: UnsafeMutableRawPointer?.self)
            while let p = previous {
                previous = p.load(as: UnsafeMutableRawPointer?.self)
                releaseMemory(p)
            }
            if capacity > CmarkArena.keptChunkLimit {
                releaseMemory(chunk)
                self.chunk = nil
                capacity = 0
                used = 0
            } else {
                chunk.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
                used = CmarkArena.linkSize
            }
            last = -1
        }
    }

    /// The thread-local key, created by `keyCreated` before any parse. A constant-initialised
    /// global, so that reading it in the callbacks needs no `swift_once` (the lazy `static let`
    /// it was showed in profiles, one call per allocation).
    nonisolated(unsafe) private static var key: pthread_key_t = 0

    private static let keyCreated: Bool = {
        var key = pthread_key_t()
        // The destructor runs when a thread with an arena exits.
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            let state = raw.assumingMemoryBound(to: State.self)
            state.pointee.reset()
            if let chunk = state.pointee.chunk { releaseMemory(chunk) }
            let slot = state.pointee.slot
            if slot >= 0 {
                // The slot's state stays in place for the next thread that claims it.
                state.pointee = State()
                CmarkArena.releaseSlot(slot)
            } else {
                state.deinitialize(count: 1)
                state.deallocate()
            }
        }
        guard status == 0 else { return false }
        CmarkArena.key = key
        // The slots exist before any allocator is handed out (this once-token orders the writes
        // before every thread's later reads, as for `key`).
        let states = UnsafeMutablePointer<State>.allocate(capacity: slotCount)
        states.initialize(repeating: State(), count: slotCount)
        CmarkArena.slotStates = states
        return true
    }()

    /// Called after `keyCreated` was found true (whose once-token also orders the write of `key`
    /// before this thread's later reads).
    private static func currentState() -> UnsafeMutablePointer<State> {
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: State.self) }
        let state: UnsafeMutablePointer<State>
        if let slot = claimSlot(), let states = slotStates {
            state = states + slot
            state.pointee.slot = slot
        } else {
            state = UnsafeMutablePointer<State>.allocate(capacity: 1)
            state.initialize(to: State())
        }
        pthread_setspecific(key, state)
        return state
    }

    // MARK: Slots

    /// How many threads get a state the callbacks reach without a thread-local look-up; more
    /// threads than this parse correctly, just slower.
    static let slotCount = 16

    /// `slotCount` states, set once by `keyCreated`. A constant-initialised global (nil), so that
    /// the callbacks read it without a `swift_once`.
    nonisolated(unsafe) private static var slotStates: UnsafeMutablePointer<State>? = nil

    /// Which slots a living thread holds; only touched under `slotLock`, once per thread.
    nonisolated(unsafe) private static var slotTaken = [Bool](repeating: false, count: slotCount)
    nonisolated(unsafe) private static let slotLock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        // A trivial C type: `pthread_mutex_init` initialises the fresh memory.
        pthread_mutex_init(lock, nil)
        return lock
    }()

    private static func claimSlot() -> Int? {
        pthread_mutex_lock(slotLock)
        defer { pthread_mutex_unlock(slotLock) }
        guard let slot = slotTaken.firstIndex(of: false) else { return nil }
        slotTaken[slot] = true
        return slot
    }

    private static func releaseSlot(_ slot: Int) {
        pthread_mutex_lock(slotLock)
        defer { pthread_mutex_unlock(slotLock) }
        slotTaken[slot] = false
    }

    /// The state of slot `slot` (in `0..<slotCount`), which `begin` handed out.
    @inline(__always)
    private static func slotState(_ slot: Int) -> UnsafeMutablePointer<State> {
        guard let states = slotStates else { outOfMemory() }
        return states + slot
    }

    @inline(__always)
    private static func arenaCalloc(_ state: UnsafeMutablePointer<State>, _ count: Int, _ size: Int) -> UnsafeMutableRawPointer {
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, let p = state.pointee.allocate(total) else { outOfMemory() }
        memset(p, 0, total)
        return p
    }

    @inline(__always)
    private static func arenaRealloc(
        _ state: UnsafeMutablePointer<State>, _ payload: UnsafeMutableRawPointer?, _ size: Int
    ) -> UnsafeMutableRawPointer {
        guard let p = state.pointee.reallocate(payload, size) else { outOfMemory() }
        return p
    }

    /// One `cmark_mem` per slot; each closure names its slot as a constant (C function pointers
    /// carry no context), so the callback finds its state with one load.
    nonisolated(unsafe) private static let slotAllocators: UnsafeMutablePointer<cmark_mem> = {
        let mems: [cmark_mem] = [
            cmark_mem(calloc: { arenaCalloc(slotState(0), $0, $1) }, realloc: { arenaRealloc(slotState(0), $0, $1) },
                      free: { slotState(0).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(1), $0, $1) }, realloc: { arenaRealloc(slotState(1), $0, $1) },
                      free: { slotState(1).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(2), $0, $1) }, realloc: { arenaRealloc(slotState(2), $0, $1) },
                      free: { slotState(2).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(3), $0, $1) }, realloc: { arenaRealloc(slotState(3), $0, $1) },
                      free: { slotState(3).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(4), $0, $1) }, realloc: { arenaRealloc(slotState(4), $0, $1) },
                      free: { slotState(4).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(5), $0, $1) }, realloc: { arenaRealloc(slotState(5), $0, $1) },
                      free: { slotState(5).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(6), $0, $1) }, realloc: { arenaRealloc(slotState(6), $0, $1) },
                      free: { slotState(6).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(7), $0, $1) }, realloc: { arenaRealloc(slotState(7), $0, $1) },
                      free: { slotState(7).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(8), $0, $1) }, realloc: { arenaRealloc(slotState(8), $0, $1) },
                      free: { slotState(8).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(9), $0, $1) }, realloc: { arenaRealloc(slotState(9), $0, $1) },
                      free: { slotState(9).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(10), $0, $1) }, realloc: { arenaRealloc(slotState(10), $0, $1) },
                      free: { slotState(10).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(11), $0, $1) }, realloc: { arenaRealloc(slotState(11), $0, $1) },
                      free: { slotState(11).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(12), $0, $1) }, realloc: { arenaRealloc(slotState(12), $0, $1) },
                      free: { slotState(12).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(13), $0, $1) }, realloc: { arenaRealloc(slotState(13), $0, $1) },
                      free: { slotState(13).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(14), $0, $1) }, realloc: { arenaRealloc(slotState(14), $0, $1) },
                      free: { slotState(14).pointee.free($0) }),
            cmark_mem(calloc: { arenaCalloc(slotState(15), $0, $1) }, realloc: { arenaRealloc(slotState(15), $0, $1) },
                      free: { slotState(15).pointee.free($0) }),
        ]
        precondition(mems.count == slotCount, "one cmark_mem per slot")
        let table = UnsafeMutablePointer<cmark_mem>.allocate(capacity: mems.count)
        table.initialize(from: mems, count: mems.count)
        return table
    }()

    /// The thread's state while a parse runs (set by `begin`).
    @inline(__always)
    private static func activeState() -> UnsafeMutablePointer<State>? {
        pthread_getspecific(key)?.assumingMemoryBound(to: State.self)
    }

    /// One immutable `cmark_mem` for threads without a slot: its functions look up the calling
    /// thread's state.
    nonisolated(unsafe) private static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let mem = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        mem.initialize(to: cmark_mem(
            calloc: { count, size in
                guard let state = CmarkArena.activeState() else { CmarkArena.outOfMemory() }
                return CmarkArena.arenaCalloc(state, count, size)
            },
            realloc: { payload, size in
                guard let state = CmarkArena.activeState() else { CmarkArena.outOfMemory() }
                return CmarkArena.arenaRealloc(state, payload, size)
            },
            free: { payload in
                CmarkArena.activeState()?.pointee.free(payload)
            }))
        return mem
    }()
}

extension CmarkArena {
    /// cmark-gfm does not check its allocator's results (its own allocator aborts when memory runs
    /// out); a null pointer would crash it somewhere later, so this stops the same way, with a message.
    fileprivate static func outOfMemory() -> Never {
        let message: StaticString = "jamlint: out of memory while parsing Markdown\n"
        _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
        abort()
    }
}

/// libc's `free`, for the places above where `free` names the arena's method.
private func releaseMemory(_ p: UnsafeMutableRawPointer) { free(p) }
