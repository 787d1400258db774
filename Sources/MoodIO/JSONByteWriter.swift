#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON text gathered as UTF-8 bytes in one buffer and written to a file descriptor in large
/// blocks, without a `String` per value: for documents too large to build as one string.
///
/// Strings come out as `JSONEncoder` writes them (with `.withoutEscapingSlashes`), numbers as
/// `JSONEncoder` writes durations and counts:
/// - `string(_:)` puts the text in double quotes and escapes `"` and `\` with a backslash, the
///   C0 controls as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lower-case hex); every other byte —
///   `/`, DEL, non-ASCII — is copied unchanged (a Swift `String` is always valid UTF-8);
/// - `integer(_:)` writes decimal digits; `number(_:)` writes integral values of magnitude below
///   10¹⁵ as integers (−0 as `0`) and any other value as Swift's `description` does.
///
/// Bytes reach the descriptor on `flush()`, or on `flushIfFull()` once a block has gathered. A
/// failed write (a closed pipe) drops the rest of the output silently, as `print` does.
/// Not shared between threads.
public struct JSONByteWriter {
    /// The buffer's memory, freed with the last copy of the writer.
    @usableFromInline
    final class Storage {
        @usableFromInline let base: UnsafeMutablePointer<UInt8>
        @usableFromInline let capacity: Int

        @usableFromInline
        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit { base.deallocate() }
    }

    @usableFromInline let fileDescriptor: Int32
    @usableFromInline let blockSize: Int
    @usableFromInline var storage: Storage
    @usableFromInline var count = 0

    /// A writer to `fileDescriptor` (default: standard output) that flushes in blocks of `blockSize` bytes.
    public init(fileDescriptor: Int32 = 1, blockSize: Int = 1 << 18) {
        self.fileDescriptor = fileDescriptor
        self.blockSize = max(blockSize, 64)
        storage = Storage(capacity: self.blockSize * 2)
    }

    /// The bytes gathered and not yet written.
    public var pendingBytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// Room for `extra` more bytes in the buffer: the buffer is flushed first when it lacks room,
    /// and grows only for a single value larger than itself.
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > storage.capacity { makeRoom(extra) }
        return storage.base + count
    }

    @usableFromInline
    mutating func makeRoom(_ extra: Int) {
        flush()
        if extra > storage.capacity { storage = Storage(capacity: extra + blockSize) }
    }

    /// Bytes copied as they are (JSON punctuation, already valid text). There is deliberately no
    /// `raw(String)`: a literal argument would then be built as a `String` on every call.
    @inlinable @inline(__always)
    public mutating func raw(_ text: StaticString) {
        raw(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Bytes copied as they are.
    @inlinable @inline(__always)
    public mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let target = reserve(bytes.count)
        let n = bytes.count
        if n <= 16 {
            // Punctuation and keys: two overlapping words (or a short loop) cost less than a call to `memmove`.
            if n >= 8 {
                let head = source.loadUnaligned(as: UInt64.self), tail = source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
                UnsafeMutableRawPointer(target + n - 8).storeBytes(of: tail, as: UInt64.self)
            } else {
                for k in 0..<n { target[k] = source.load(fromByteOffset: k, as: UInt8.self) }
            }
        } else {
            UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }


    /// `text` as a quoted, escaped JSON string.
    @inlinable
    public mutating func string(_ text: String) {
        // A native string lends its bytes without a copy; others are made contiguous first.
        if text.utf8.withContiguousStorageIfAvailable({ quoted($0) }) == nil {
            var text = text
            text.withUTF8 { quoted($0) }
        }
    }

    /// UTF-8 `bytes` (valid UTF-8, as a `String` holds) as a quoted, escaped JSON string.
    @inlinable
    public mutating func quoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Worst case: every byte a six-byte `\u00xx`, plus the quotes.
        var out = reserve(bytes.count * 6 + 2)
        out.pointee = 0x22
        out += 1
        guard let source = bytes.baseAddress else {
            out.pointee = 0x22
            count = out + 1 - storage.base
            return
        }
        var k = 0
        while k < bytes.count {
            // Eight bytes at a time while none needs escaping.
            if k + 8 <= bytes.count {
                let word = UnsafeRawPointer(source + k).loadUnaligned(as: UInt64.self)
                if !Self.mayNeedEscaping(word) {
                    UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                    out += 8
                    k += 8
                    continue
                }
            } else if bytes.count >= 8 {
                // Under eight bytes left: the text's last eight bytes as one word. When none needs escaping, the
                // bytes before `k` in it were copied unchanged, so they are the last bytes written: overwriting
                // them with themselves writes the rest at once.
                let last = bytes.count - 8
                let word = UnsafeRawPointer(source + last).loadUnaligned(as: UInt64.self)
                if !Self.mayNeedEscaping(word) {
                    let back = k - last
                    UnsafeMutableRawPointer(out - back).storeBytes(of: word, as: UInt64.self)
                    out += 8 - back
                    break
                }
            }
            let byte = source[k]
            k += 1
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                out.pointee = byte
                out += 1
                continue
            }
            out.pointee = 0x5C
            switch byte {
            case 0x22, 0x5C: out[1] = byte; out += 2
            case 0x0A: out[1] = 0x6E; out += 2
            case 0x0D: out[1] = 0x72; out += 2
            case 0x09: out[1] = 0x74; out += 2
            case 0x08: out[1] = 0x62; out += 2
            case 0x0C: out[1] = 0x66; out += 2
            default:
                out[1] = 0x75; out[2] = 0x30; out[3] = 0x30
                out[4] = Self.hexDigit(byte >> 4); out[5] = Self.hexDigit(byte & 0xF)
                out += 6
            }
        }
        out.pointee = 0x22
        out += 1
        count = out - storage.base
    }

    /// True when some byte of `word` is below 0x20, `"` or `\\` (exact: see `ByteWord`).
    @inlinable @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        ByteWord.hasByte(word, below: 0x20) || ByteWord.hasByte(word, equalTo: 0x22) || ByteWord.hasByte(word, equalTo: 0x5C)
    }

    @inlinable @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }

    /// `value` in decimal.
    @inlinable
    public mutating func integer(_ value: Int) {
        // 20 digits and a sign hold any Int64.
        var out = reserve(21)
        if value < 0 { out.pointee = 0x2D; out += 1 }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        for k in stride(from: digits - 1, through: 0, by: -1) {
            out[k] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
        }
        count = out + digits - storage.base
    }

    /// A `Double` as `JSONEncoder` writes it: integral values below 10¹⁵ without a fraction.
    @inlinable
    public mutating func number(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            integer(Int(value))
        } else {
            var text = "\(value)"
            text.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes the gathered bytes once at least a block has gathered.
    @inlinable @inline(__always)
    public mutating func flushIfFull() {
        if count >= blockSize { flush() }
    }

    /// Writes every gathered byte to the descriptor.
    public mutating func flush() {
        var offset = 0
        while offset < count {
            let n = write(fileDescriptor, storage.base + offset, count - offset)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        count = 0
    }
}
