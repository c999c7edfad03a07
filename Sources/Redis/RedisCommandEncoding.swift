import CHiredis
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Formats commands with hiredis's `redisFormatCommandArgv` (binary-safe RESP arrays).
enum RedisCommandEncoding {
    /// Appends one command (`["SET", "key", "value"]`) to `buffer` as RESP.
    static func write(_ arguments: [[UInt8]], into buffer: inout ByteBuffer) throws {
        precondition(!arguments.isEmpty, "a Redis command needs a name")
        var lengths = arguments.map(\.count)
        // hiredis reads `argc` pointers; keep every argument alive and contiguous while it formats.
        let formatted: (UnsafeMutablePointer<CChar>?, Int32) = withPointers(to: arguments) { pointers in
            var target: UnsafeMutablePointer<CChar>? = nil
            var argvArray = pointers
            let length = argvArray.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeMutableBufferPointer { argvlen in
                    redisFormatCommandArgv(&target, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
                }
            }
            return (target, length)
        }
        guard let command = formatted.0, formatted.1 >= 0 else {
            throw RedisError.protocolError("hiredis could not format the command")
        }
        defer { redisFreeCommand(command) }
        buffer.writeBytes(UnsafeRawBufferPointer(start: command, count: Int(formatted.1)))
    }

    /// Calls `body` with C pointers to each argument's bytes (valid only during the call).
    private static func withPointers<R>(to arguments: [[UInt8]], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        // Copy all arguments into one allocation so a single pointer array can refer to them.
        let total = arguments.reduce(0) { $0 + $1.count }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: max(total, 1)) { storage in
            var pointers: [UnsafePointer<CChar>?] = []
            pointers.reserveCapacity(arguments.count)
            var offset = 0
            for argument in arguments {
                let start = storage.baseAddress! + offset
                argument.withUnsafeBytes { bytes in
                    if let source = bytes.baseAddress { UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count) }
                }
                pointers.append(UnsafePointer(start))
                offset += argument.count
            }
            return body(pointers)
        }
    }
}
