/// The page being written: bytes appended through a raw pointer.
///
/// A render writes straight into the memory of the `[UInt8]` it returns, sized from the
/// template's previous page. If a page outgrows it, the output moves to memory of its own
/// (then the caller copies it out once and calls ``release()``).
struct Output {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int
    /// Whether `base` was allocated here and must be freed with ``release()``.
    private(set) var ownsMemory: Bool

    /// Writes into `buffer`, which the caller owns.
    init(writingInto buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let address = buffer.baseAddress, buffer.count > 0 {
            base = address
            capacity = buffer.count
            ownsMemory = false
        } else {
            base = .allocate(capacity: 256)
            capacity = 256
            ownsMemory = true
        }
    }

    /// Writes into memory of its own; call ``release()`` when done.
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        ownsMemory = true
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func release() {
        if ownsMemory { base.deallocate() }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toFit: 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if capacity - count < n { grow(toFit: n) }
        (base + count).initialize(from: source, count: n)
        count += n
    }

    @inline(__always)
    mutating func append(static text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func append(prefixOf text: StaticString, _ length: Int) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: min(length, text.utf8CodeUnitCount)))
    }

    @inline(__always)
    mutating func append(string: String) {
        withUTF8(string) { append($0) }
    }

    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        for b in bytes { append(b) }
    }

    /// Appends the decimal digits of `value`, written in place.
    mutating func append(decimal value: Int) {
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let length = digits + (value < 0 ? 1 : 0)
        if capacity - count < length { grow(toFit: length) }
        var i = count + length
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 { base[count] = UInt8(ascii: "-") }
        count += length
    }

    private mutating func grow(toFit extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        release()
        base = newBase
        capacity = newCapacity
        ownsMemory = true
    }

    /// Builds a string with a temporary output (for filters that return text).
    static func string(_ write: (inout Output) throws -> Void) rethrows -> String {
        var out = Output(capacity: 64)
        defer { out.release() }
        try write(&out)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// Calls `body` with the UTF-8 bytes of `string`, without copying native strings.
@inline(__always)
func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try string.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = string
    return try copy.withUTF8(body)
}
