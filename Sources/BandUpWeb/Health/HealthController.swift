import Hummingbird

/// `/healthz` (the process is alive) and `/readyz` (it can serve: PostgreSQL and Redis answer;
/// its `state` tells "starting" from "dependency-down") for the load balancer, ECS and Docker.
struct HealthController {
    let readiness: Readiness
    /// Whether failures are described (host names, error text) to anyone, or only to loopback.
    let describesFailures: Bool

    func addRoutes(to router: some RouterMethods<WebContext>) {
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: .init(string: "ok\n")))
        }
        router.get("readyz") { _, context in
            let (state, checks) = await readiness.report()
            let ready = state == .ready
            // Internal host names and error text stay inside: remote callers (the ALB) learn only which check failed.
            let details = describesFailures || context.isFromLoopback
            let fields = checks.map { check in
                "\(JSONLogHandler.quoted(check.name)):" + (check.problem.map { JSONLogHandler.quoted(details ? $0 : "unavailable") } ?? "\"ok\"")
            }
            let body = "{\"ready\":\(ready),\"state\":\"\(state.rawValue)\",\"checks\":{\(fields.joined(separator: ","))}}\n"
            return Response(status: ready ? .ok : .serviceUnavailable,
                            headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: .init(string: body)))
        }
    }
}
