import MoodIO
import XCTest

/// `ByteWord`'s eight-bytes-at-once tests agree with a byte-by-byte check, for every byte value at every
/// position, among neighbours that match and that do not.
final class ByteWordTests: XCTestCase {
    private func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    func testEveryByteAtEveryPosition() {
        for filler: UInt8 in [0x41, 0x00, 0x7F, 0x80, 0xFF] {
            for position in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    let w = word(bytes)
                    XCTAssertEqual(ByteWord.hasNonASCIIByte(w), bytes.contains { $0 >= 0x80 })
                    for bound: UInt8 in [1, 0x20, 0x80] {
                        XCTAssertEqual(ByteWord.hasByte(w, below: bound), bytes.contains { $0 < bound }, "\(bytes) below \(bound)")
                    }
                    for target: UInt8 in [0x00, 0x22, 0x25, 0x5C, 0x80, 0xFF] {
                        XCTAssertEqual(ByteWord.hasByte(w, equalTo: target), bytes.contains(target), "\(bytes) equal to \(target)")
                    }
                }
            }
        }
    }
}
