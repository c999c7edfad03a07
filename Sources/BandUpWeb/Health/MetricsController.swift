import Auth
import Hummingbird
import Prometheus

/// `/metrics` in Prometheus text format, for loopback scrapers or anyone with the metrics token.
struct MetricsController {
    let registry: PrometheusCollectorRegistry
    let token: String?

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("metrics") { request, context in
            guard context.isFromLoopback || authorized(request) else {
                throw HTTPError(.notFound)
            }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: .init(bytes: bytes)))
        }
    }

    /// `Authorization: Bearer <token>`, compared in constant time.
    private func authorized(_ request: Request) -> Bool {
        guard let token, let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return SecretText.equal(String(header.dropFirst("Bearer ".count)), token)
    }
}
