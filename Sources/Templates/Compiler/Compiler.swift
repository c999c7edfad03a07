/// Compiles one page (a template and everything it extends, includes and imports) into closures,
/// tracking the HTML context of every position so each value gets the right escaper.
final class Compiler {
    let templates: [String: ParsedTemplate]
    private(set) var errors: [TemplateError] = []
    private var slotCount = 0
    /// Slots memoising context lookups, one per name, shared by the whole page.
    private var contextSlots: [String: Int] = [:]
    /// Templates being expanded, to detect `extends`/`include`/`import` cycles.
    var expanding: [String] = []
    /// For each block name, its definitions from the most derived template to the base layout.
    var blockChains: [String: [(body: [Node], file: SourceFile)]] = [:]
    /// Index slots of loops whose body reads `loop.*` (the others skip maintaining them).
    var loopCountersRead: Set<Int> = []

    /// Functions the application lends to templates (``TemplateFunction``).
    let functions: [String: TemplateFunction]

    init(templates: [String: ParsedTemplate], functions: [String: TemplateFunction] = [:]) {
        self.templates = templates
        self.functions = functions
    }

    /// Compiles the page `name`, or returns nil and leaves the problems in `errors`.
    func compilePage(_ name: String) -> CompiledTemplate? {
        guard let template = templates[name] else { return nil }
        expanding = [name]
        guard let (base, chains) = resolveInheritance(template) else { return nil }
        blockChains = chains
        var scope = pageScope(for: base)
        let start = HTMLContext.start(forTemplate: name)
        let (body, end) = compileNodes(base.nodes, scope: &scope, context: start)
        if errors.isEmpty, end.state != start.state {
            record(base.file.error(at: base.file.bytes.count, "the template ends inside \(end.phrase)",
                                          hint: "close every tag, attribute, comment and script you open"))
        }
        guard errors.isEmpty else { return nil }
        return CompiledTemplate(body: Self.fuse(body), slotCount: slotCount)
    }

    func record(_ error: TemplateError) {
        if !errors.contains(error) { errors.append(error) }
    }

    func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    func contextSlot(_ name: String) -> Int {
        if let slot = contextSlots[name] { return slot }
        let slot = newSlot()
        contextSlots[name] = slot
        return slot
    }

    // MARK: Nodes

    /// Compiles a sequence of nodes starting in `context`; returns the code and the context after it.
    func compileNodes(_ nodes: [Node], scope: inout Scope, context start: HTMLContext) -> ([Step], HTMLContext) {
        var emits: [Step] = []
        var pending: [UInt8] = []
        var context = start
        func flush() {
            guard !pending.isEmpty else { return }
            emits.append(Step(text: pending))
            pending = []
        }
        /// Takes the steps of an inlined block, partial or macro, merging static text across their edges.
        func absorb(_ steps: [Step]) {
            for step in steps {
                if let text = step.text { pending.append(contentsOf: text) } else { flush(); emits.append(step) }
            }
        }
        for node in nodes {
            switch node {
            case .text(let bytes, let offset):
                switch context.after(bytes) {
                case .success(let next): context = next
                case .failure(let problem):
                    record(scope.file.error(at: offset + problem.offset, problem.message, hint: problem.hint))
                }
                pending.append(contentsOf: bytes)
            case .output(let expr, let offset):
                if let (steps, next) = compileOutput(expr, offset: offset, scope: &scope, context: context) {
                    absorb(steps)
                    context = next
                }
            case .conditional(let branches, let offset, let endOffset):
                flush()
                let (emit, next) = compileConditional(branches, offset: offset, endOffset: endOffset, scope: scope, context: context)
                emits.append(Step(emit))
                context = next
            case .loop(let loop):
                flush()
                let (emit, next) = compileLoop(loop, scope: scope, context: context)
                emits.append(Step(emit))
                context = next
            case .set(let name, let expr, _):
                flush()
                let value = compileExpression(expr, scope: scope)
                let slot = newSlot()
                scope.locals.append((name, .slot(slot)))
                emits.append(Step { state in state.slots[slot] = try value(&state) })
            case .block(let name, let body, _):
                let (steps, next) = compileBlock(name, defaultBody: body, scope: scope, context: context)
                absorb(steps)
                context = next
            case .include(let path, let parameters, let offset):
                let (steps, next) = compileInclude(path, parameters: parameters, offset: offset, scope: scope, context: context)
                absorb(steps)
                context = next
            }
        }
        flush()
        return (emits, context)
    }

    private func compileConditional(_ branches: [Branch], offset: Int, endOffset: Int, scope: Scope, context: HTMLContext)
        -> (Emit, HTMLContext)
    {
        var compiled: [CompiledBranch] = []
        var ends: [(HTMLContext, Int)] = []
        for branch in branches {
            var inner = scope
            let condition = branch.condition.map { compileHoisted($0, scope: scope) }
            let (body, end) = compileNodes(branch.body, scope: &inner, context: context)
            compiled.append(CompiledBranch(condition: condition, body: Self.fuse(body)))
            ends.append((end, branch.offset))
        }
        if branches.last?.condition != nil { ends.append((context, endOffset)) } // no else: nothing printed
        let joined = joinContexts(ends, what: "'if'", at: offset, file: scope.file) ?? context
        let branchCode = compiled
        let emit: Emit = { state in
            for branch in branchCode {
                if let condition = branch.condition, !(try condition(&state).isTruthy) { continue }
                try branch.body(&state)
                return
            }
        }
        return (emit, joined)
    }

    private func compileLoop(_ loop: Loop, scope: Scope, context: HTMLContext) -> (Emit, HTMLContext) {
        let sequence = compileExpression(loop.sequence, scope: scope)
        let itemSlot = newSlot(), keySlot = loop.variables.count == 2 ? newSlot() : -1
        let indexSlot = newSlot(), countSlot = newSlot()
        var inner = scope
        inner.locals.reserveCapacity(inner.locals.count + 3)
        if loop.variables.count == 2 {
            inner.locals.append((loop.variables[0], .slot(keySlot)))
            inner.locals.append((loop.variables[1], .slot(itemSlot)))
        } else {
            inner.locals.append((loop.variables[0], .slot(itemSlot)))
        }
        inner.locals.append(("loop", .loop(index: indexSlot, count: countSlot)))
        // The body must end where it starts, so every iteration sees the same context.
        let errorsBefore = errors.count
        var firstPass = inner
        var (body, end) = compileNodes(loop.body, scope: &firstPass, context: context)
        var start = context
        if errors.count == errorsBefore, let joined = HTMLContext.join(context, end), joined != context {
            start = joined
            var secondPass = inner
            (body, end) = compileNodes(loop.body, scope: &secondPass, context: start)
        }
        var ends = [(start, loop.offset), (end, loop.offset)]
        var emptyBody: [Step]? = nil
        if let empty = loop.empty {
            var emptyScope = scope
            let (emptyEmits, emptyEnd) = compileNodes(empty, scope: &emptyScope, context: context)
            emptyBody = emptyEmits
            ends.append((emptyEnd, loop.offset))
        }
        let joined = joinContexts(ends, what: "'for'", at: loop.offset, file: scope.file) ?? context
        let spot = SourceSpot(file: scope.file, offset: loop.sequence.offset)
        let bodyCode = Self.fuse(body), emptyCode = emptyBody.map(Self.fuse)
        let countsLoop = loopCountersRead.contains(indexSlot)
        let emit: Emit = { state in
            let items = try sequence(&state)
            let count = try Iteration.forEach(items, at: spot, state: &state) { index, count, key, item, state in
                state.slots[itemSlot] = item
                if keySlot >= 0 { state.slots[keySlot] = key }
                if countsLoop {
                    state.slots[indexSlot] = .int(index)
                    state.slots[countSlot] = .int(count)
                }
                try bodyCode(&state)
            }
            if count == 0, let emptyCode { try emptyCode(&state) }
        }
        return (emit, joined)
    }

    /// Joins the contexts at the ends of branches, recording an error when they disagree.
    func joinContexts(_ ends: [(HTMLContext, Int)], what: String, at offset: Int, file: SourceFile) -> HTMLContext? {
        guard var joined = ends.first?.0 else { return nil }
        for (context, branchOffset) in ends.dropFirst() {
            guard let next = HTMLContext.join(joined, context) else {
                let (line, _) = file.position(of: branchOffset)
                record(file.error(at: offset, "the branches of this \(what) end in different HTML contexts: \(joined.phrase) and \(context.phrase) (branch at line \(line))",
                                  hint: "make every branch open and close the same tags and quotes"))
                return nil
            }
            joined = next
        }
        return joined
    }
}

/// One compiled branch of an `if` (a struct, so its closures are stored without reabstraction).
struct CompiledBranch: Sendable {
    let condition: Eval?
    let body: Emit
}

extension Compiler {
    /// One closure that runs `steps` in order. Nested captures are called directly, which avoids
    /// iterating an array of closures (a retain, a release and a reabstraction thunk per call).
    static func fuse(_ steps: [Step]) -> Emit {
        switch steps.count {
        case 0: return { _ in }
        case 1: return steps[0].run
        case 2:
            let a = steps[0].run, b = steps[1].run
            return { state in try a(&state); try b(&state) }
        case 3:
            let a = steps[0].run, b = steps[1].run, c = steps[2].run
            return { state in try a(&state); try b(&state); try c(&state) }
        case 4:
            let a = steps[0].run, b = steps[1].run, c = steps[2].run, d = steps[3].run
            return { state in try a(&state); try b(&state); try c(&state); try d(&state) }
        default:
            let middle = steps.count / 2
            let first = fuse(Array(steps[..<middle])), second = fuse(Array(steps[middle...]))
            return { state in try first(&state); try second(&state) }
        }
    }
}

/// One step of compiled code. Kept in a struct so arrays of steps hold their closures as they
/// are, not reabstracted through thunks on every call. Static text keeps its bytes, so text
/// from an inlined block, partial or macro merges with its neighbours into one copy.
struct Step: Sendable {
    let run: Emit
    /// The bytes, when this step only writes static text.
    let text: [UInt8]?

    init(_ run: @escaping Emit) {
        self.run = run
        self.text = nil
    }

    init(text bytes: [UInt8]) {
        self.run = { state in bytes.withUnsafeBufferPointer { state.out.append($0) } }
        self.text = bytes
    }
}
