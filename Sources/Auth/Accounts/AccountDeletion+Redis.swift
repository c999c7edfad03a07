import FoundationEssentials
import Redis

/// What Redis holds about an account, and forgetting it when the account is deleted. Keys are
/// found by name (SCAN with MATCH, never KEYS, so Redis is not blocked) and by what they hold.
extension AccountDeletion {
    /// Job streams are read this many entries at a time.
    static let streamPage = 1_000
    /// The feedback queue's consumer group (`FeedbackQueue.group` in Feedback).
    static let jobGroup = "workers"

    /// Deletes every key of the account's in Redis, and the entries of its answers and card sets
    /// (`jobs`) in the job streams. `tokens` are its API tokens' ids (their rate limits);
    /// `addresses` every address it has used, `email` among them (flash messages may name any).
    ///
    /// The keys, by who writes them:
    /// - ``SessionStore``: `session:<handle>` and `user-sessions:<id>`;
    /// - ``SignInThrottle``: `signin-strikes:<email>:*`, `signin-lock:<email>:*`,
    ///   `signin-fail:account:<email>:*`, `signin-guessers:<email>` (the `signin-fail:client:*`
    ///   counters are a client address's, not the account's);
    /// - ``PendingSignIns``: `signin:pending:<hash>`, a hash whose `user` is the id;
    /// - ``PasswordResets``: `reset:address:<email>:*`;
    /// - the API (BandUpWeb): `api:idempotency:<id>:*` (kept answers) and `api:rate:token:<token id>:*`;
    /// - flash messages (BandUpWeb): `flash:<random id>`, deleted when their words name any of its addresses;
    /// - the feedback queue (Feedback): `<prefix>:events:<job>` streams, and the job's entries in
    ///   `<prefix>:live` (`job`), `<prefix>:jobs` and `<prefix>:dead` (`attempt`).
    func forget(userID: Int64, email: String, addresses: Set<String>, jobs: [UUID], tokens: [Int64]) async throws {
        try await forgetSessions(userID: userID)
        let address = email.lowercased(), glob = Self.globEscaped(address), named = addresses.union([address])
        var doomed = ["signin-guessers:\(address)", "signin-codes:\(userID)"] + jobs.map { "\(jobPrefix):events:\($0.uuidString.lowercased())" }
        let patterns = ["signin-strikes:\(glob):*", "signin-lock:\(glob):*", "signin-fail:account:\(glob):*",
                        "reset:address:\(glob):*", "api:idempotency:\(userID):*"] + tokens.map { "api:rate:token:\($0):*" }
        for pattern in patterns { doomed += try await keys(matching: pattern) }
        for key in try await keys(matching: "signin:pending:*") {
            if try await redis.hashGet(key, field: "user") == String(userID) { doomed.append(key) }
        }
        for key in try await keys(matching: "flash:*") {
            let words = try await redis.get(key)?.lowercased() ?? ""
            if named.contains(where: { Self.names(words, $0) }) { doomed.append(key) }
        }
        for start in stride(from: 0, to: doomed.count, by: 500) {
            try await redis.send(["DEL"] + Array(doomed[start..<min(start + 500, doomed.count)]))
        }
        let ids = Set(jobs.map { $0.uuidString.lowercased() })
        guard !ids.isEmpty else { return }
        try await removeEntries(from: "\(jobPrefix):live", field: "job", matching: ids)
        try await removeEntries(from: "\(jobPrefix):jobs", field: "attempt", matching: ids, group: Self.jobGroup)
        try await removeEntries(from: "\(jobPrefix):dead", field: "attempt", matching: ids)
    }

    /// Ends every session of the account, and drops its index.
    func forgetSessions(userID: Int64) async throws {
        try await sessions.endAll(userID: userID)
        try await redis.send(["DEL", SessionStore.index(userID)])
    }

    /// Every key whose name matches the glob `pattern`, through SCAN (a few hundred keys a call).
    func keys(matching pattern: String) async throws -> [String] {
        var cursor = "0", found: [String] = []
        repeat {
            let reply = try await redis.send(["SCAN", cursor, "MATCH", pattern, "COUNT", "500"])
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw RedisError.unexpectedReply("SCAN answered \(reply)")
            }
            found += parts[1].array?.compactMap(\.string) ?? []
            cursor = next
        } while cursor != "0"
        return found
    }

    /// Deletes the entries of `stream` whose `field` is one of `jobs` (ids in lower case), read a
    /// page at a time; entries still pending in `group` are acknowledged first.
    private func removeEntries(from stream: String, field: String, matching jobs: Set<String>, group: String? = nil) async throws {
        var start = "-"
        while true {
            let page = try await redis.streamRange(stream, from: start, count: Self.streamPage)
            let doomed = page.filter { entry in entry[field].map { jobs.contains($0.lowercased()) } ?? false }.map(\.id)
            if !doomed.isEmpty {
                if let group { try await redis.send(["XACK", stream, group] + doomed) }
                try await redis.send(["XDEL", stream] + doomed)
            }
            guard page.count == Self.streamPage, let last = page.last else { return }
            start = "(" + last.id
        }
    }

    /// `text` with Redis's glob characters escaped, to match it literally in a pattern.
    static func globEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
