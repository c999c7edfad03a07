import HTTPTypes

#if canImport(Glibc)
import Glibc
#endif

/// The load balancers and proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` we believe.
///
/// Written as a comma-separated list of addresses and CIDR ranges (`10.0.0.0/16, ::1`).
/// Anyone else could forge those headers, so for other peers they are ignored.
struct TrustedProxies: Sendable, Equatable {
    /// One address range: the network's bytes (4 for IPv4, 16 for IPv6) and its prefix length.
    struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for (network, candidate) in zip(bytes, address) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if network & mask != candidate & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    let ranges: [Range]
    /// A header our proxies set to the viewer's own address and port (`CloudFront-Viewer-Address`,
    /// `198.51.100.7:46532`); when present from a trusted peer it names the client, so a CDN's
    /// edge addresses in `X-Forwarded-For` don't stand in for learners. Nil: `X-Forwarded-For` only.
    var viewerAddressHeader: HTTPField.Name?

    static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) { self.ranges = ranges }

    /// Parses `10.0.0.0/16, 192.168.1.7, ::1`.
    init(_ list: String) throws(ParseError) {
        var ranges: [Range] = []
        for item in list.split(separator: ",") {
            let entry = String(item).trimmed
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.addressBytes(parts[0]) else {
                throw ParseError(description: "'\(entry)' is not an IP address or CIDR range")
            }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else {
                    throw ParseError(description: "'\(entry)' has a prefix length outside 0-\(bytes.count * 8)")
                }
                prefix = length
            }
            ranges.append(Range(bytes: bytes, prefixLength: prefix))
        }
        self.ranges = ranges
    }

    /// Whether `address` (textual IPv4 or IPv6) is one of ours.
    func trusts(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.addressBytes(address) else { return false }
        let candidates = [bytes] + (Self.mappedIPv4(bytes).map { [$0] } ?? [])
        return ranges.contains { range in candidates.contains(where: range.contains) }
    }

    /// The client's address and whether it used HTTPS, from the peer and the forwarding headers.
    ///
    /// Walks `X-Forwarded-For` from the right while the hop is trusted; the first untrusted hop
    /// is the client. `X-Forwarded-Proto` counts only when the peer itself is trusted.
    func resolve(peer: String?, forwardedFor: String?, forwardedProto: String?, viewerAddress: String? = nil) -> (client: String?, isHTTPS: Bool?) {
        guard let peer, trusts(peer) else { return (peer, nil) }
        let proto = forwardedProto?.split(separator: ",").last.map { String($0).trimmed.lowercased() }
        let isHTTPS = proto.flatMap { $0 == "https" ? true : $0 == "http" ? false : nil }
        if viewerAddressHeader != nil, let viewer = viewerAddress.flatMap(Self.addressWithoutPort) { return (viewer, isHTTPS) }
        var client = peer
        let hops = (forwardedFor ?? "").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        for hop in hops.reversed() {
            guard Self.addressBytes(hop) != nil else { break }
            client = hop
            if !trusts(hop) { break }
        }
        return (client, isHTTPS)
    }

    /// `198.51.100.7:46532`, `2001:db8::1:46532` or `[2001:db8::1]:46532` without the port; nil
    /// unless what is left is an address.
    static func addressWithoutPort(_ text: String) -> String? {
        var text = text.trimmed
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if let colon = text.lastIndex(of: ":"), text[text.index(after: colon)...].allSatisfy(\.isNumber) {
            text = String(text[..<colon])
        }
        return addressBytes(text) != nil ? text : nil
    }

    /// The bytes of a textual IPv4 or IPv6 address, or nil.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// `::ffff:a.b.c.d` as the IPv4 address it carries.
    private static func mappedIPv4(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return Array(bytes[12...])
    }
}
