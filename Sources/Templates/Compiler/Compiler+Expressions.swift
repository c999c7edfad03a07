/// Evaluates an expression, or nil when a name or member on its path is undefined (for `default` and `is defined`).
typealias LenientEval = @Sendable (inout RenderState) throws -> TemplateValue?

extension Compiler {
    /// Compiles an expression; unknown names inside partials and macros are compile errors.
    func compileExpression(_ expr: Expr, scope: Scope) -> Eval {
        let spot = SourceSpot(file: scope.file, offset: expr.offset)
        switch expr {
        case .literal(let value, _):
            let constant = Constant(value: value)
            return { _ in constant.value }
        case .name(let name, _):
            switch scope.lookup(name) {
            case .slot(let slot):
                return { state in
                    if let value = state.slots[slot] { return value }
                    return .null
                }
            case .loop:
                record(spot.error("'loop' is not a value itself", hint: "use loop.index, loop.index0, loop.first, loop.last or loop.length"))
                return { _ in .null }
            case nil:
                guard scope.seesContext else {
                    record(spot.error("undefined variable '\(name)'", hint: scope.isolation + (nameSuggestion(name, scope).map { "; \($0)" } ?? "")))
                    return { _ in .null }
                }
                let slot = contextSlot(name)
                return { state in
                    if let memo = state.slots[slot] { return memo }
                    guard let value = state.rootMember(name) else { throw spot.error("undefined variable '\(name)'", hint: "the page's context has no member '\(name)'") }
                    state.slots[slot] = value
                    return value
                }
            }
        case .member(.name("loop", _), let member, _) where scope.lookup("loop") != nil:
            guard case .loop(let index, let count) = scope.lookup("loop")! else { break }
            loopCountersRead.insert(index)
            if let eval = loopMember(member, index: index, count: count) { return eval }
            record(spot.error("'loop' has no member '\(member)'", hint: "use loop.index, loop.index0, loop.revindex, loop.first, loop.last or loop.length"))
            return { _ in .null }
        case .member(.name(let local, let nameOffset), let member, _):
            // A member of a local (`result.title` in a loop): read it in place, without copying the local.
            if case .slot(let slot) = scope.lookup(local) {
                return { state in try state.member(member, ofSlot: slot, at: spot) }
            }
            let baseEval = compileExpression(.name(local, offset: nameOffset), scope: scope)
            return { state in
                let value = try baseEval(&state)
                if let result = value.member(member) { return result }
                throw Operators.missingMember(member, of: value, at: spot)
            }
        case .member(let base, let member, _):
            let baseEval = compileExpression(base, scope: scope)
            return { state in
                let value = try baseEval(&state)
                if let result = value.member(member) { return result }
                throw Operators.missingMember(member, of: value, at: spot)
            }
        case .index(let base, let index, _):
            let baseEval = compileExpression(base, scope: scope)
            let indexEval = compileExpression(index, scope: scope)
            return { state in
                let value = try baseEval(&state)
                let key = try indexEval(&state)
                guard let result = try Operators.subscripted(value, key, at: spot) else {
                    throw spot.error("\(value.typeName) has no element \(key)", hint: "use the default filter for optional elements")
                }
                return result
            }
        case .call(let callee, _, _):
            let name = callee.dottedPath?.joined(separator: ".") ?? "this"
            record(SourceSpot(file: scope.file, offset: callee.offset).error("'\(name)' cannot be called inside an expression", hint: "macros are called on their own: {{ \(name)(...) }}"))
            return { _ in .null }
        case .filter(let input, let name, let arguments, _):
            return compileFilter(input, name: name, arguments: arguments, scope: scope, spot: spot)
        case .not(let inner, _):
            let eval = compileExpression(inner, scope: scope)
            return { state in .bool(!(try eval(&state).isTruthy)) }
        case .negate(let inner, _):
            let eval = compileExpression(inner, scope: scope)
            return { state in try Operators.negate(try eval(&state), at: spot) }
        case .binary(let op, let lhs, let rhs, _):
            let left = compileExpression(lhs, scope: scope)
            let right = compileExpression(rhs, scope: scope)
            switch op {
            case .and: return { state in let l = try left(&state); return l.isTruthy ? try right(&state) : l }
            case .or: return { state in let l = try left(&state); return l.isTruthy ? l : try right(&state) }
            default: return { state in try Operators.apply(op, try left(&state), try right(&state), at: spot) }
            }
        case .test(let inner, let test, let negated, _):
            if test == "defined" {
                let eval = compileLenient(inner, scope: scope)
                return { state in .bool((try eval(&state) != nil) != negated) }
            }
            let eval = compileExpression(inner, scope: scope)
            return { state in
                let value = try eval(&state).resolved
                let result: Bool
                switch (test, value.storage) {
                case ("none", _): result = value.isNull
                case ("even", .int(let i)): result = i % 2 == 0
                case ("odd", .int(let i)): result = i % 2 != 0
                default: throw spot.error("'is \(test)' needs an int, not \(value.typeName)")
                }
                return .bool(result != negated)
            }
        case .list(let items, _):
            let evals = items.map { compileExpression($0, scope: scope) }
            return { state in
                var values: [TemplateValue] = []
                values.reserveCapacity(evals.count)
                for e in evals { values.append(try e(&state)) }
                return .array(values)
            }
        }
        return { _ in .null }
    }

    /// Like `compileExpression`, but an undefined name or member on the path gives nil instead of an error.
    func compileLenient(_ expr: Expr, scope: Scope) -> LenientEval {
        switch expr {
        case .name(let name, _) where scope.lookup(name) == nil:
            guard scope.seesContext else { return { _ in nil } }
            let slot = contextSlot(name)
            return { state in
                if let memo = state.slots[slot] { return memo }
                guard let value = state.rootMember(name) else { return nil }
                state.slots[slot] = value
                return value
            }
        case .member(let base, let member, _) where !isLoopMember(expr, scope):
            let baseEval = compileLenient(base, scope: scope)
            return { state in try baseEval(&state)?.member(member) }
        case .index(let base, let index, _):
            let baseEval = compileLenient(base, scope: scope)
            let indexEval = compileExpression(index, scope: scope)
            let spot = SourceSpot(file: scope.file, offset: expr.offset)
            return { state in
                guard let value = try baseEval(&state) else { return nil }
                return try Operators.subscripted(value, try indexEval(&state), at: spot)
            }
        default:
            let eval = compileExpression(expr, scope: scope)
            return { state in try eval(&state) }
        }
    }

    private func isLoopMember(_ expr: Expr, _ scope: Scope) -> Bool {
        if case .member(.name("loop", _), _, _) = expr, case .loop = scope.lookup("loop") { return true }
        return false
    }

    private func loopMember(_ member: String, index: Int, count: Int) -> Eval? {
        @Sendable func int(_ slot: Int, _ state: RenderState) -> Int {
            if case .int(let i) = state.slots[slot]?.storage { return i }
            return 0
        }
        switch member {
        case "index": return { state in .int(int(index, state) + 1) }
        case "index0": return { state in .int(int(index, state)) }
        case "revindex": return { state in .int(int(count, state) - int(index, state)) }
        case "first": return { state in .bool(int(index, state) == 0) }
        case "last": return { state in .bool(int(index, state) == int(count, state) - 1) }
        case "length": return { state in .int(int(count, state)) }
        default: return nil
        }
    }

    func nameSuggestion(_ name: String, _ scope: Scope) -> String? {
        suggestion(for: name, among: scope.locals.map(\.0))
    }
}

extension Compiler {
    /// Compiles an expression that only reads the render context (no locals) so that it is
    /// evaluated once per render, however often it runs: `{% include "row.html" with target=user.targetBand %}`
    /// inside a loop reads `user.targetBand` once.
    func compileHoisted(_ expr: Expr, scope: Scope) -> Eval {
        let eval = compileExpression(expr, scope: scope)
        switch expr {
        case .literal, .name: return eval // constants, and context names are memoised already
        default: break
        }
        guard readsOnlyContext(expr, scope) else { return eval }
        let slot = newSlot()
        return { state in
            if let memo = state.slots[slot] { return memo }
            let value = try eval(&state)
            state.slots[slot] = value
            return value
        }
    }

    private func readsOnlyContext(_ expr: Expr, _ scope: Scope) -> Bool {
        switch expr {
        case .literal: return true
        case .name(let name, _): return scope.seesContext && scope.lookup(name) == nil
        case .member(let base, _, _), .not(let base, _), .negate(let base, _), .test(let base, _, _, _):
            return readsOnlyContext(base, scope)
        case .index(let base, let index, _), .binary(_, let base, let index, _):
            return readsOnlyContext(base, scope) && readsOnlyContext(index, scope)
        case .filter(let input, _, let arguments, _):
            return readsOnlyContext(input, scope) && arguments.allSatisfy { readsOnlyContext($0.value, scope) }
        case .list(let items, _): return items.allSatisfy { readsOnlyContext($0, scope) }
        case .call: return false
        }
    }
}
