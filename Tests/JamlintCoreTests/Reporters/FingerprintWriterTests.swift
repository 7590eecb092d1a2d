import Foundation
import Testing
@testable import JamlintCore

/// The JSON writers' `fingerprint` writes what `string(FNV.hex(a, b))` writes, and the hashes of
/// `FindingKey.fingerprintHashes` are the digits of `fingerprints(for:)`.
@Suite struct FingerprintWriterTests {
    @Test func quotedDigitsEqualTheString() {
        var rng = SeededGenerator(seed: 0xF1_6E_0018)
        var cases: [(UInt64, UInt64)] = [(0, 0), (.max, .max), (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210)]
        for _ in 0..<500 { cases.append((rng.next(), rng.next())) }
        for hashes in cases {
            var expected = JSONWriter()
            expected.string(FNV.hex(hashes.0, hashes.1))
            var checked = JSONWriter()
            checked.fingerprint(hashes)
            #expect(checked.bytes == expected.bytes)
            let pointer = [UInt8](unsafeUninitializedCapacity: 64) { buffer, count in
                var out = PointerJSONWriter(buffer)
                out.fingerprint(hashes)
                count = out.overflowed ? 0 : out.at
            }
            #expect(pointer == expected.bytes)
        }
        // Too little room: nothing written, the overflow marked.
        let short = [UInt8](unsafeUninitializedCapacity: 33) { buffer, count in
            var out = PointerJSONWriter(buffer)
            out.fingerprint((1, 2))
            #expect(out.overflowed)
            count = out.at
        }
        #expect(short.isEmpty)
    }
}
