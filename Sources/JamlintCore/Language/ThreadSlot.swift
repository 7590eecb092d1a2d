#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One object per thread, made on the thread's first use and released when the thread ends: the
/// tokenizer's scratch and the rules' per-form memos are each used by one thread at a time, so
/// they need no lock, and a thread-specific value is one `pthread_getspecific` (checking objects
/// out of a locked pool and back cost ~400 instructions a block in profiles).
final class ThreadSlot<Object: AnyObject>: @unchecked Sendable {
    private let key: pthread_key_t
    private let make: @Sendable () -> Object

    init(_ make: @escaping @Sendable () -> Object) {
        var key = pthread_key_t()
        // The destructor cannot capture the type: the object is released as any object.
        #if canImport(Glibc)
        let status = pthread_key_create(&key) { p in
            if let p { Unmanaged<AnyObject>.fromOpaque(p).release() }
        }
        #else
        let status = pthread_key_create(&key) { p in Unmanaged<AnyObject>.fromOpaque(p).release() }
        #endif
        precondition(status == 0, "pthread_key_create failed: \(status)")
        self.key = key
        self.make = make
    }

    /// The calling thread's object if it has made one, unretained; nil otherwise, and while the
    /// thread is ending (its key's value is then cleared), when nothing must be made any more.
    @inline(__always) func existing() -> Unmanaged<Object>? {
        pthread_getspecific(key).map { Unmanaged<Object>.fromOpaque($0) }
    }

    /// The calling thread's object, unretained: the thread's key holds it until the thread ends.
    @inline(__always) func current() -> Unmanaged<Object> {
        if let object = existing() { return object }
        let made = Unmanaged.passRetained(make())
        pthread_setspecific(key, made.toOpaque())
        return made
    }
}
