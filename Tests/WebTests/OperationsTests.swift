import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import BandUpWeb

/// Health, readiness, metrics and logs: what the load balancer, Prometheus and CloudWatch see.
@Suite struct OperationsTests {
    @Test func healthAndReadiness() async throws {
        try await TestSite.withServer { client, _, redis in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok && health.text == "ok\n")
            // Redis away before this instance was ever ready: it is starting, not broken.
            redis.stop()
            let starting = try await client.execute(uri: "/readyz", method: .get)
            #expect(starting.status == .serviceUnavailable)
            // (PostgreSQL's first connection may miss the one-second limit on a busy machine: either answer is fine here.)
            #expect(starting.text.hasPrefix("{\"ready\":false,\"state\":\"starting\",\"checks\":{\"postgresql\":")
                    && starting.text.hasSuffix(",\"redis\":\"unavailable\"}}\n"), "no internal details for a remote caller outside development: \(starting.text)")
            try redis.start()
            // The first check also opens the connections; on a busy test machine allow a few tries.
            var ready = try await client.execute(uri: "/readyz", method: .get)
            for _ in 0..<20 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(200))
                ready = try await client.execute(uri: "/readyz", method: .get)
            }
            #expect(ready.status == .ok)
            #expect(ready.text == "{\"ready\":true,\"state\":\"ready\",\"checks\":{\"postgresql\":\"ok\",\"redis\":\"ok\"}}\n")
            redis.stop()
            let notReady = try await client.execute(uri: "/readyz", method: .get)
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.text == "{\"ready\":false,\"state\":\"dependency-down\",\"checks\":{\"postgresql\":\"ok\",\"redis\":\"unavailable\"}}\n",
                    "ready once, now a dependency is down")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "alive while Redis is away")
        }
    }

    @Test func metricsNeedLoopbackOrTheToken() async throws {
        let token = "a-metrics-token-of-32-characters"
        try await TestSite.withServer(adjust: { $0.metricsToken = token }) { client, _, _ in
            // The router test client has no TCP peer: it is "remote".
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong-token-of-32-characters!!!"]).status == .notFound)
            _ = try await client.execute(uri: "/", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        }
        try await TestSite.withServer(.live) { client, _, _ in
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok, "loopback scrapers need no token")
        }
    }

    @Test func jsonLogLinesParse() throws {
        for text in ["plain", "quote \" and \\ backslash", "new\nline\ttab", "control \u{01}", "separator \u{2028}", "émoji 🎧"] {
            let line = "{\"m\":\(JSONLogHandler.quoted(text))}"
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(object?["m"] == text)
            #expect(!line.contains("\n") && !line.contains("\u{2028}"))
        }
    }

    /// Peer, X-Forwarded-For, X-Forwarded-Proto → client, HTTPS (nil: not told).
    static let forwarding: [(String?, String?, String?, String?, Bool?)] = [
        ("203.0.113.9", "1.2.3.4", "https", "203.0.113.9", nil),                    // untrusted peer: headers ignored
        ("10.0.3.7", "198.51.100.20", "https", "198.51.100.20", true),              // the ALB
        ("10.0.3.7", "6.6.6.6, 198.51.100.20", "https", "198.51.100.20", true),     // a forged hop left of the real client
        ("10.0.3.7", "198.51.100.20, 10.0.9.9", "http", "198.51.100.20", false),    // through two of our proxies
        ("10.0.3.7", nil, "https", "10.0.3.7", true),
        ("10.0.3.7", "not-an-ip", "https", "10.0.3.7", true),
        ("10.0.3.7", "198.51.100.20", "gopher", "198.51.100.20", nil),
        ("::1", "2001:db8::5", "https", "2001:db8::5", true),
        ("::ffff:10.0.3.7", "198.51.100.20", "https", "198.51.100.20", true),     // IPv4-mapped peer
        (nil, "198.51.100.20", "https", nil, nil),
    ]

    @Test(arguments: forwarding) func forwardedHeadersOnlyFromTrustedProxies(_ peer: String?, _ forwardedFor: String?, _ proto: String?,
                                                                            _ client: String?, _ https: Bool?) throws {
        let proxies = try TrustedProxies("10.0.0.0/16, ::1")
        let resolved = proxies.resolve(peer: peer, forwardedFor: forwardedFor, forwardedProto: proto)
        #expect(resolved.client == client)
        #expect(resolved.isHTTPS == https)
    }

    /// Behind CloudFront the ALB's X-Forwarded-For ends with CloudFront's edge: the viewer's own
    /// address comes in CloudFront-Viewer-Address, believed only from our proxies.
    static let viewers: [(peer: String, forwardedFor: String, viewer: String?, client: String)] = [
        ("10.0.3.7", "198.51.100.20, 130.176.1.1", "198.51.100.20:46532", "198.51.100.20"),
        ("10.0.3.7", "6.6.6.6, 198.51.100.20, 130.176.1.1", "198.51.100.20:46532", "198.51.100.20"),  // a forged X-Forwarded-For changes nothing
        ("10.0.3.7", "2001:db8::5, 130.176.1.1", "2001:db8::5:443", "2001:db8::5"),
        ("10.0.3.7", "2001:db8::5, 130.176.1.1", "[2001:db8::5]:443", "2001:db8::5"),
        ("10.0.3.7", "198.51.100.20, 130.176.1.1", nil, "130.176.1.1"),                   // no header: X-Forwarded-For as before
        ("10.0.3.7", "198.51.100.20, 130.176.1.1", "garbage:12", "130.176.1.1"),
        ("203.0.113.9", "1.2.3.4", "5.6.7.8:1", "203.0.113.9"),                            // not from our proxies: ignored
    ]

    @Test(arguments: viewers) func theViewerAddressFromCloudFront(_ example: (peer: String, forwardedFor: String, viewer: String?, client: String)) throws {
        var proxies = try TrustedProxies("10.0.0.0/16")
        proxies.viewerAddressHeader = HTTPField.Name("CloudFront-Viewer-Address")
        #expect(proxies.resolve(peer: example.peer, forwardedFor: example.forwardedFor, forwardedProto: "https", viewerAddress: example.viewer).client == example.client)
    }

    @Test func trustedProxyRanges() throws {
        let proxies = try TrustedProxies(" 192.168.0.0/23 ,fd00::/8, 127.0.0.1 ")
        #expect(proxies.ranges.count == 3)
        #expect(proxies.trusts("192.168.1.255") && !proxies.trusts("192.168.2.0"))
        #expect(proxies.trusts("fd12:3456::1") && !proxies.trusts("fe80::1"))
        #expect(proxies.trusts("127.0.0.1") && !proxies.trusts("127.0.0.2"))
        #expect(!TrustedProxies.none.trusts("127.0.0.1"))
        #expect(try TrustedProxies("0.0.0.0/0").trusts("8.8.8.8"))
    }
}
