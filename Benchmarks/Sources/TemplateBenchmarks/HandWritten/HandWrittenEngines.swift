// The two hand-written "engines": the practical limit (`[UInt8]` appends) and
// the stretch goal (raw pointer + SWAR escaping).

/// Appends to one `[UInt8]` whose capacity is reserved once from a cheap
/// size guess, so a render is exactly one allocation.
struct HandWrittenArrayEngine: TemplateEngine {
    let name = handWrittenArrayName

    func renderFortunes(_ fortunes: [Fortune]) -> [UInt8] {
        var w = ArrayWriter(capacity: 256 + 512 * fortunes.count)
        HandWrittenPages.fortunes(fortunes, into: &w)
        return w.bytes
    }

    func renderBandUp(_ page: BandUpPage) -> [UInt8] {
        var w = ArrayWriter(capacity: 2048 + 512 * page.results.count)
        HandWrittenPages.bandUp(page, into: &w)
        return w.bytes
    }
}

/// Sizes the output exactly-enough with a `BoundWriter` pass (worst case:
/// every escaped byte becomes 6), then writes with unchecked stores straight
/// into the new array's storage. One allocation per render.
struct HandWrittenRawPointerEngine: TemplateEngine {
    let name = "Hand-written raw pointer + SWAR"

    func renderFortunes(_ fortunes: [Fortune]) -> [UInt8] {
        var bound = BoundWriter()
        HandWrittenPages.fortunes(fortunes, into: &bound)
        return [UInt8](unsafeUninitializedCapacity: bound.count) { buffer, count in
            var w = RawPointerWriter(buffer)
            HandWrittenPages.fortunes(fortunes, into: &w)
            count = w.cursor - buffer.baseAddress!
            precondition(count <= bound.count, "BoundWriter under-counted")  // late, but loud
        }
    }

    func renderBandUp(_ page: BandUpPage) -> [UInt8] {
        var bound = BoundWriter()
        HandWrittenPages.bandUp(page, into: &bound)
        return [UInt8](unsafeUninitializedCapacity: bound.count) { buffer, count in
            var w = RawPointerWriter(buffer)
            HandWrittenPages.bandUp(page, into: &w)
            count = w.cursor - buffer.baseAddress!
            precondition(count <= bound.count, "BoundWriter under-counted")  // late, but loud
        }
    }
}
