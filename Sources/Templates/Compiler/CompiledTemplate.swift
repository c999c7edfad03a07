/// Appends part of a page.
typealias Emit = @Sendable (inout RenderState) throws -> Void
/// Evaluates an expression.
typealias Eval = @Sendable (inout RenderState) throws -> TemplateValue

/// The state of one render: the output buffer, the local variable slots and the context.
struct RenderState {
    var out: Output
    /// Local variables, loop counters and memoised context lookups, numbered at compile time.
    let slots: UnsafeMutablePointer<TemplateValue?>
    /// The context model, read through `rootType` without boxing it.
    let rootPointer: UnsafeRawPointer
    let rootType: any TemplateValueConvertible.Type

    /// Member `name` of the local in `slot` (`result.title`), read in place.
    @inline(__always)
    func member(_ name: String, ofSlot slot: Int, at spot: SourceSpot) throws -> TemplateValue {
        if let value = slots[slot]?.member(name) { return value }
        throw Operators.missingMember(name, of: slots[slot] ?? .null, at: spot)
    }

    /// Member `name` of the render context.
    func rootMember(_ name: String) -> TemplateValue? {
        func read<T: TemplateValueConvertible>(_: T.Type) -> TemplateValue? {
            rootPointer.assumingMemoryBound(to: T.self).pointee.templateMember(name)
        }
        return read(rootType)
    }
}

/// A template compiled to a tree of closures, with every value position's escaper fixed.
struct CompiledTemplate: Sendable {
    let body: Emit
    /// How many slots a render needs.
    let slotCount: Int

    func render<Context: TemplateValueConvertible>(_ context: Context, into out: inout Output) throws {
        try withUnsafePointer(to: context) { pointer in
            try withUnsafeTemporaryAllocation(of: TemplateValue?.self, capacity: max(slotCount, 1)) { slots in
                let base = slots.baseAddress!
                base.initialize(repeating: nil, count: slots.count)
                defer { base.deinitialize(count: slots.count) }
                var state = RenderState(out: out, slots: base, rootPointer: UnsafeRawPointer(pointer), rootType: Context.self)
                defer { out = state.out }
                try body(&state)
            }
        }
    }
}
