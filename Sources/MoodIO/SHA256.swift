import Crypto
import Foundation

/// SHA-256 content hashes (FIPS 180-4), used to key cached features and to find moved files by
/// content. The digest itself is swift-crypto's (BoringSSL's assembly on Linux, CryptoKit on
/// Apple platforms): about twice as fast as the pure-Swift implementation it replaced.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Feeds more bytes.
    public mutating func update<D: DataProtocol>(_ data: D) {
        hasher.update(data: data)
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        SHA256.hex(digest: hasher.finalize())
    }

    /// The hex digest of `data`.
    public static func hex<D: DataProtocol>(_ data: D) -> String {
        hex(digest: Crypto.SHA256.hash(data: data))
    }

    /// The hex digest of the file at `url`, read in 1 MiB chunks (memory stays flat for large audio).
    /// - Throws: `FileReadError` naming the file and the reason in plain words when it cannot be opened or read.
    public static func hex(ofFileAt url: URL) throws -> String {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = Crypto.SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            return hex(digest: hasher.finalize())
        } catch {
            throw FileReadError(path: url.path, error)
        }
    }

    private static func hex(digest: Crypto.SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
