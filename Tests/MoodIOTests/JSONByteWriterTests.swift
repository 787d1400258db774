import Foundation
import MoodIO
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `JSONByteWriter` writes what `JSONEncoder` writes (slashes unescaped), byte for byte.
final class JSONByteWriterTests: XCTestCase {
    private func written(_ body: (inout JSONByteWriter) -> Void) -> String {
        var writer = JSONByteWriter(fileDescriptor: -1)
        body(&writer)
        return String(decoding: writer.pendingBytes, as: UTF8.self)
    }

    private func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testEveryControlCharacterQuoteAndBackslashIsEscapedAsJSONEncoderDoes() throws {
        for value in 0..<0x20 {
            let text = "a" + String(UnicodeScalar(UInt8(value))) + "b"
            XCTAssertEqual(written { $0.string(text) }, try encoded(text), "U+\(String(value, radix: 16))")
        }
        XCTAssertEqual(written { $0.string("\"quoted\" \\ back") }, #""\"quoted\" \\ back""#)
        XCTAssertEqual(written { $0.string("\u{1}\n\t") }, #""\u0001\n\t""#)
        XCTAssertEqual(written { $0.string("") }, #""""#)
    }

    func testSlashDeleteAndNonASCIIAreCopiedUnchanged() throws {
        let text = "/path/to/Sigur Rós – Hoppípolla 𝄞\u{7F}\u{FFFD}"
        XCTAssertEqual(written { $0.string(text) }, "\"" + text + "\"")
        XCTAssertEqual(written { $0.string(text) }, try encoded(text))
    }

    /// The eight-bytes-at-a-time path: an escape at every offset of a word, in long and short texts.
    func testEscapesAtEveryOffsetOfLongTexts() throws {
        for length in [1, 7, 8, 9, 15, 16, 17, 33] {
            for position in 0..<length {
                for special in ["\"", "\\", "\u{0}", "\u{1F}", "é"] {
                    var characters = Array(repeating: "x", count: length)
                    characters[position] = special
                    let text = characters.joined()
                    XCTAssertEqual(written { $0.string(text) }, try encoded(text), "length \(length), \(special.debugDescription) at \(position)")
                }
            }
        }
    }

    func testRandomTextsMatchJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init) + ["é", "ß", "–", "€", "😀", "\u{FEFF}", "\u{2028}"]
        for _ in 0..<500 {
            let length = Int.random(in: 0..<40, using: &generator)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            XCTAssertEqual(written { $0.string(text) }, try encoded(text), text.debugDescription)
        }
    }

    func testNumbers() throws {
        // Every digit count, at both ends, both signs.
        var values = [0, 7, -7, 329, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 1...18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power]
        }
        for value in values {
            XCTAssertEqual(written { $0.integer(value) }, String(value))
        }
        for value in [0.0, 1.0, 329.0, 0.1, 12.5, -1.5, 1e14, 999_999_999_999_999.0] {
            XCTAssertEqual(written { $0.number(value) }, try encoded(value), "\(value)")
        }
        // Beyond JSONEncoder's integral range and for −0: integers below 10¹⁵, else Swift's description.
        XCTAssertEqual(written { $0.number(-0.0) }, "0")
        for value in [1e15, 1.2345678901234568e+17, 3e-7, -2e20] {
            XCTAssertEqual(written { $0.number(value) }, value.description)
        }
    }

    /// A value larger than the buffer and output larger than a block both arrive whole, in order.
    func testFlushesBlocksAndGrowsForLargeValuesWithoutLosingBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-json-writer-\(UUID().uuidString).json")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let big = String(repeating: "ab\"c", count: 5_000)
        var expected = ""
        var writer = JSONByteWriter(fileDescriptor: fd, blockSize: 256)
        for i in 0..<300 {
            let text = i % 100 == 0 ? big : "entry \(i)"
            writer.raw("[")
            writer.integer(i)
            writer.raw(",")
            writer.string(text)
            writer.raw("]\n")
            expected += "[\(i),\(try encoded(text))]\n"
            writer.flushIfFull()
        }
        writer.flush()
        XCTAssertTrue(writer.pendingBytes.isEmpty)
        close(fd)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), expected)
    }
}
