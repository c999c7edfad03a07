import Testing
@testable import BandUpWeb

/// The page limit's local count: when it must go to Redis, and what it decides between sends.
@Suite struct PageRateCounterTests {
    typealias Step = PageRateCounter.Step

    /// Requests of one client in one minute, with Redis answering each send with the running total
    /// of every instance (`others` more from elsewhere): the steps this instance takes.
    static func steps(perMinute: Int, requests: Int, others: Int = 0, withSession: Bool = false, every: Duration = .zero) -> [Step] {
        let counter = PageRateCounter(perMinute: perMinute)
        var total = others, now = ContinuousClock.now, steps: [Step] = []
        for _ in 0..<requests {
            let step = counter.count(client: "203.0.113.9", window: 100, mustSend: withSession, now: now)
            if case .send(let increment) = step {
                total += increment
                counter.sent(client: "203.0.113.9", window: 100, total: total)
            }
            steps.append(step)
            now += every
        }
        return steps
    }

    @Test(arguments: [
        // A small limit is exact: every request goes to Redis.
        (3, 4, 0, false, Duration.zero, [Step.send(1), .send(1), .send(1), .send(1)]),
        // 600 a minute: a batch of 12; the first request of the minute always goes.
        (600, 13, 0, false, .zero, [.send(1)] + Array(repeating: .allow, count: 11) + [.send(12)]),
        // With a session the count rides along with it every time.
        (600, 3, 0, true, .zero, [.send(1), .send(1), .send(1)]),
        // A second since the last send: sent again, batch or not.
        (600, 3, 0, false, .milliseconds(600), [.send(1), .allow, .send(2)]),
        // Others used the minute up: refused here between sends, from Redis's last total (a refused
        // request counts too, as it did in Redis).
        (100, 3, 99, false, .zero, [.send(1), .refuse, .send(2)]),
        (600, 3, 595, false, .zero, [.send(1), .allow, .allow]),
        (600, 8, 595, false, .zero, [.send(1), .allow, .allow, .allow, .allow, .refuse, .refuse, .refuse]),
    ] as [(Int, Int, Int, Bool, Duration, [Step])])
    func stepsOfOneClient(_ perMinute: Int, _ requests: Int, _ others: Int, _ withSession: Bool, _ every: Duration, _ expected: [Step]) {
        #expect(Self.steps(perMinute: perMinute, requests: requests, others: others, withSession: withSession, every: every) == expected)
    }

    @Test func aNewMinuteStartsAgainAndClientsAreApart() {
        let counter = PageRateCounter(perMinute: 600)
        #expect(counter.count(client: "a", window: 1, mustSend: false) == .send(1))
        counter.sent(client: "a", window: 1, total: 600)
        #expect(counter.count(client: "a", window: 1, mustSend: false) == .refuse)
        #expect(counter.count(client: "b", window: 1, mustSend: false) == .send(1), "another client has its own count")
        #expect(counter.count(client: "a", window: 2, mustSend: false) == .send(1), "the next minute")
        counter.sent(client: "a", window: 1, total: 900)  // a late answer for the old minute changes nothing
        #expect(counter.count(client: "a", window: 2, mustSend: false) == .send(1))
    }

    @Test func aFloodOfAddressesIsNotRemembered() {
        let counter = PageRateCounter(perMinute: 600)
        for client in 0..<PageRateCounter.maximumClients {
            #expect(counter.count(client: "c\(client)", window: 7, mustSend: false) == .send(1))
        }
        // The next new address goes to Redis every time; the remembered ones are counted here.
        #expect(counter.count(client: "flood", window: 7, mustSend: false) == .send(1))
        #expect(counter.count(client: "flood", window: 7, mustSend: false) == .send(1))
        counter.sent(client: "c1", window: 7, total: 1)
        #expect(counter.count(client: "c1", window: 7, mustSend: false) == .allow)
        // A new minute forgets the old one's: the address is remembered again.
        #expect(counter.count(client: "flood", window: 8, mustSend: false) == .send(1))
        counter.sent(client: "flood", window: 8, total: 1)
        #expect(counter.count(client: "flood", window: 8, mustSend: false) == .allow)
    }
}
