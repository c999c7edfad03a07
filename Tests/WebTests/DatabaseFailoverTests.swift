import AsyncHTTPClient
import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What an RDS Multi-AZ failover looks like from `bandup serve`: the database goes away under
/// load, and comes back (a restart), or comes back elsewhere under the same DNS name (the
/// endpoint's address moves to the standby). Pages answer 200 or a friendly 503 meanwhile, never
/// a 500, and BandUp recovers by itself.
@Suite(.serialized) struct DatabaseFailoverTests {
    /// Learners' requests in a loop from a few clients until stopped: the statuses they got, in order.
    final class Load: Sendable {
        private final class Record: Sendable {
            let statuses = Mutex<[Int]>([])
            let running = Atomic<Bool>(true)
        }
        private let record = Record()
        private let task: Task<Void, Never>

        init(port: Int, path: String = "/", clients: Int = 4) {
            let record = record
            task = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<clients {
                        group.addTask {
                            while record.running.load(ordering: .relaxed) {
                                let status = await ServeProcessTests.get(port, path)?.status ?? 0
                                record.statuses.withLock { $0.append(status) }
                                // A learner's pace, not a flood: the rest of the suite shares the two cores.
                                try? await Task.sleep(for: .milliseconds(status == 200 ? 20 : 50))
                            }
                        }
                    }
                }
            }
        }

        var seen: [Int] { record.statuses.withLock { $0 } }

        /// Stops the clients and returns every status seen.
        func stop() async -> [Int] {
            record.running.store(false, ordering: .relaxed)
            await task.value
            return seen
        }

        /// Waits until `count` requests in a row have answered 200 since `start` (at most `timeout`).
        func recovered(after start: Int, count: Int = 20, timeout: Duration = .seconds(30)) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let recent = seen.dropFirst(start)
                if recent.count >= count, recent.suffix(count).allSatisfy({ $0 == 200 }) { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
    }

    /// Eight clients on one address are many learners here: no page rate limit.
    static let unlimited = ["PAGE_REQUESTS_PER_MINUTE": "1000000"]

    @Test func postgreSQLRestartedUnderLoad() async throws {
        let postgres = try PostgresServer()
        let redis = try RedisServer()
        let (server, port) = try ServeProcessTests.serve(database: "postgres", postgres: postgres, redis: redis, extra: Self.unlimited.merging(ServeProcessTests.prompt) { $1 })
        #expect(await ServeProcessTests.waitFor(port, "/readyz", status: 200, timeout: .seconds(60)) != nil, "\(server.output)")
        let load = Load(port: port)
        // Served before the outage: wait for the first pages (a loaded machine takes a while).
        let served = ContinuousClock.now + .seconds(30)
        while !load.seen.contains(200), ContinuousClock.now < served { try await Task.sleep(for: .milliseconds(100)) }
        try postgres.stop()
        // A short outage is ridden out (queries wait for a connection); past the query deadline pages answer 503.
        let deadline = ContinuousClock.now + .seconds(15)
        while !load.seen.contains(503), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let outage = load.seen.count
        try postgres.start()
        #expect(await load.recovered(after: outage), "\(server.output)")
        let statuses = await load.stop()
        #expect(Set(statuses).isSubset(of: [200, 503]), "200 or the friendly 503, never a 500 or a dropped request: \(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(statuses.prefix(outage).contains(200) && statuses.contains(503), "served before, a friendly 503 during the outage")
        #expect(server.isRunning)
        server.terminate()
        let exit = try await server.waitForExit(timeout: .seconds(45))
        #expect(exit == 0, "exit \(exit.map(String.init) ?? "not yet"): \(server.output.suffix(3000))")
    }

    /// Two clusters on one port at 127.0.0.2 and 127.0.0.3, a name in /etc/hosts pointing at the
    /// first; the first stops and the name moves to the second, as RDS's endpoint moves to the
    /// standby. (glibc reads /etc/hosts on every lookup, so this is what a DNS change looks like.)
    @Test func theDatabaseNameMovesToTheStandby() async throws {
        let port = LoopbackPort.free()
        let primary = try PostgresServer(address: "127.0.0.2", port: port)
        let standby = try PostgresServer(address: "127.0.0.3", port: port)
        defer { try? standby.stop() }
        for cluster in [primary, standby] {
            let migrated = try BandUpProcess.run(["migrate"], environment: ["DATABASE_URL": cluster.url(database: "postgres")])
            #expect(migrated.status == 0, "\(migrated.output)")
        }
        let name = "bandup-db-\(UUID().uuidString.prefix(8).lowercased()).test"
        let hosts = try HostsEntry(name: name, address: "127.0.0.2")
        defer { hosts.remove() }

        let redis = try RedisServer()
        let (server, web) = try ServeProcessTests.serve(database: "postgres", postgres: primary, redis: redis, environment: "test",
                                                         extra: Self.unlimited.merging(ServeProcessTests.prompt) { $1 }
                                                             .merging(["DATABASE_URL": "postgres://postgres@\(name):\(port)/postgres?sslmode=disable"]) { $1 })
        #expect(await ServeProcessTests.waitFor(web, "/readyz", status: 200, timeout: .seconds(60)) != nil, "\(server.output)")
        let load = Load(port: web)
        try await Task.sleep(for: .seconds(1))
        try primary.stop()
        try hosts.move(to: "127.0.0.3")
        let outage = load.seen.count
        #expect(await load.recovered(after: outage), "\(server.output)")
        let statuses = await load.stop()
        #expect(Set(statuses).isSubset(of: [200, 503]), "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))\n\(server.output)")
        #expect(await ServeProcessTests.waitFor(web, "/readyz", status: 200, timeout: .seconds(30)) != nil)
        server.terminate()
        #expect(try await server.waitForExit() == 0, "\(server.output)")
    }
}

/// A line of /etc/hosts for one test, changed in place so a lookup at any moment sees a whole
/// file: appended in one write, its address rewritten with one write of the same length, then cut
/// off again by truncating to the original length.
struct HostsEntry {
    static let path = "/etc/hosts"
    let originalLength: off_t
    let addressOffset: off_t

    init(name: String, address: String) throws {
        let existing = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        originalLength = off_t(existing.count)
        let prefix = existing.last == UInt8(ascii: "\n") || existing.isEmpty ? "" : "\n"
        addressOffset = originalLength + off_t(prefix.utf8.count)
        try Self.write(prefix + address + "\t" + name + "\n", at: nil)
    }

    func move(to address: String) throws {
        try Self.write(address, at: addressOffset)
    }

    func remove() {
        _ = truncate(Self.path, originalLength)
    }

    private static func write(_ text: String, at offset: off_t?) throws {
        let descriptor = open(path, offset == nil ? O_WRONLY | O_APPEND : O_WRONLY)
        guard descriptor >= 0 else { throw HostsError(message: "cannot write \(path) (errno \(errno)); the failover test needs root, as scripts/test has") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = offset.map { pwrite(descriptor, bytes, bytes.count, $0) } ?? Glibc.write(descriptor, bytes, bytes.count)
        guard written == bytes.count else { throw HostsError(message: "short write to \(path)") }
    }

    struct HostsError: Error, CustomStringConvertible { let message: String; var description: String { message } }
}
