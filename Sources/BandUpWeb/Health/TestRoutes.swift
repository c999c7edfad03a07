import Hummingbird

/// Routes that exist only when `BANDUP_ENV=test`, for the test suite to exercise the server
/// (never registered in development or production).
struct TestRoutes {
    func addRoutes(to router: some RouterMethods<WebContext>) {
        // A request that takes a while, to prove that shutdown lets it finish.
        router.get("_test/slow") { request, _ in
            let milliseconds = min(request.uri.queryParameters.get("ms", as: Int.self) ?? 1000, 30_000)
            try await Task.sleep(for: .milliseconds(milliseconds))
            return "finished after \(milliseconds) ms\n"
        }
    }
}
