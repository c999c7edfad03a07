import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Loopback TCP ports for test servers.
public enum LoopbackPort {
    /// The ports handed out: below the kernel's ephemeral range (32768 and up), where the
    /// thousands of outgoing connections of a test run take their local ports, so a port chosen
    /// now is still free when a server starts on it seconds later; each handed out once per run.
    private static let next = Mutex(20_000 + Int.random(in: 0..<6_000))

    /// A port nobody listens on right now and that this run has not handed out before.
    public static func free() -> Int {
        for _ in 20_000...32_767 {
            let port = next.withLock { next in
                defer { next = next >= 32_767 ? 20_000 : next + 1 }
                return next
            }
            if bindable(port) { return port }
        }
        preconditionFailure("no free loopback port between 20000 and 32767")
    }

    private static func bindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Whether something accepts TCP connections on `port`.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
