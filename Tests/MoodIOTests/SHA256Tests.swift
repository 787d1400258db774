import Foundation
import MoodIO
import MoodIO
import XCTest

final class SHA256Tests: XCTestCase {
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(String(repeating: "a", count: 1_000_000).utf8)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testStreamingMatchesOneShotAcrossBlockBoundaries() throws {
        let bytes = Data((0..<1000).map { UInt8($0 % 251) })
        var digest = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { digest.update(bytes[chunk..<min(chunk + 37, bytes.count)]) }
        XCTAssertEqual(digest.finalizeHex(), SHA256.hex(bytes))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(try SHA256.hex(ofFileAt: file), SHA256.hex(bytes))
    }
}
