/// Layouts (`extends`, blocks, `super()`), partials (`include`) and macro imports.
extension Compiler {
    /// Follows `extends` up to the base layout and collects every block's definitions, most derived first.
    func resolveInheritance(_ page: ParsedTemplate) -> (ParsedTemplate, [String: [(body: [Node], file: SourceFile)]])? {
        var chain = [page]
        var current = page
        while let parent = current.parent {
            guard let next = templates[parent.name] else {
                record(current.file.error(at: parent.offset, "unknown layout '\(parent.name)'", hint: templateSuggestion(parent.name)))
                return nil
            }
            if chain.contains(where: { $0.file.name == next.file.name }) {
                let cycle = (chain.map(\.file.name) + [next.file.name]).joined(separator: " → ")
                record(current.file.error(at: parent.offset, "'extends' cycle: \(cycle)"))
                return nil
            }
            chain.append(next)
            current = next
        }
        var chains: [String: [(body: [Node], file: SourceFile)]] = [:]
        let errorsBefore = errors.count
        for template in chain {
            if template.parent != nil { checkOnlyBlocks(template.nodes, file: template.file) }
            var seen: Set<String> = []
            collectBlocks(template.nodes, file: template.file, seen: &seen, into: &chains)
        }
        return errors.count == errorsBefore ? (current, chains) : nil
    }

    /// In a template that extends another, only blocks are rendered: anything else outside them is a mistake.
    private func checkOnlyBlocks(_ nodes: [Node], file: SourceFile) {
        for node in nodes {
            switch node {
            case .block: continue
            case .text(let bytes, let offset):
                if let i = bytes.firstIndex(where: { !Segmenter.isSpace($0) }) {
                    record(file.error(at: offset + (i - bytes.startIndex), "text outside a block in a template that extends a layout is never shown",
                                      hint: "move it into a {% block %}"))
                    return
                }
            case .output(_, let offset), .set(_, _, let offset), .include(_, _, let offset), .conditional(_, let offset, _):
                record(file.error(at: offset, "content outside a block in a template that extends a layout is never shown", hint: "move it into a {% block %}"))
                return
            case .loop(let loop):
                record(file.error(at: loop.offset, "content outside a block in a template that extends a layout is never shown", hint: "move it into a {% block %}"))
                return
            }
        }
    }

    private func collectBlocks(_ nodes: [Node], file: SourceFile, seen: inout Set<String>,
                               into chains: inout [String: [(body: [Node], file: SourceFile)]])
    {
        for node in nodes {
            switch node {
            case .block(let name, let body, let offset):
                if !seen.insert(name).inserted {
                    record(file.error(at: offset, "the block '\(name)' is defined twice in this template"))
                }
                chains[name, default: []].append((body, file))
                collectBlocks(body, file: file, seen: &seen, into: &chains)
            case .conditional(let branches, _, _):
                for b in branches { collectBlocks(b.body, file: file, seen: &seen, into: &chains) }
            case .loop(let loop):
                collectBlocks(loop.body, file: file, seen: &seen, into: &chains)
                if let empty = loop.empty { collectBlocks(empty, file: file, seen: &seen, into: &chains) }
            default: break
            }
        }
    }

    /// A block renders its most derived definition.
    func compileBlock(_ name: String, defaultBody: [Node], scope: Scope, context: HTMLContext) -> ([Step], HTMLContext) {
        guard scope.fillsBlocks, let chain = blockChains[name], !chain.isEmpty else {
            var inner = scope
            return compileNodes(defaultBody, scope: &inner, context: context)
        }
        return compileBlockLevel(name, level: 0, chain: chain, locals: scope.locals, context: context)
    }

    private func compileBlockLevel(_ name: String, level: Int, chain: [(body: [Node], file: SourceFile)],
                                   locals: [(String, Binding)], context: HTMLContext) -> ([Step], HTMLContext)
    {
        let definition = chain[level]
        guard let template = templates[definition.file.name] else { return ([], context) }
        // A block that ends up inside itself (through overrides) would expand forever.
        let key = "block \(name) \(level)"
        guard !expanding.contains(key) else {
            record(definition.file.error(at: definition.body.first.map(\.offset) ?? 0, "the block '\(name)' ends up inside itself",
                                         hint: "a block cannot contain, directly or through overrides, a block of the same name"))
            return ([], context)
        }
        expanding.append(key)
        defer { expanding.removeLast() }
        var inner = pageScope(for: template)
        inner.locals = locals
        inner.block = (name, level)
        return compileNodes(definition.body, scope: &inner, context: context)
    }

    /// `{{ super() }}`: the parent layout's definition of the current block.
    func compileSuper(at offset: Int, scope: Scope, context: HTMLContext) -> ([Step], HTMLContext)? {
        guard let (name, level) = scope.block, let chain = blockChains[name] else {
            record(scope.file.error(at: offset, "super() is only available inside a block that overrides a layout's block"))
            return nil
        }
        guard level + 1 < chain.count else {
            record(scope.file.error(at: offset, "the block '\(name)' has no parent definition to call with super()"))
            return nil
        }
        return compileBlockLevel(name, level: level + 1, chain: chain, locals: scope.locals, context: context)
    }

    /// `{% include "x.html" with a=b %}`: the partial is inlined and sees only its parameters.
    func compileInclude(_ path: String, parameters: [(String, Expr)], offset: Int, scope: Scope, context: HTMLContext) -> ([Step], HTMLContext) {
        guard let partial = templates[path] else {
            record(scope.file.error(at: offset, "unknown template '\(path)'", hint: templateSuggestion(path)))
            return ([], context)
        }
        if expanding.contains(path) {
            record(scope.file.error(at: offset, "'include' cycle: " + (expanding + [path]).joined(separator: " → "),
                                    hint: "partials are expanded at compile time and cannot include themselves"))
            return ([], context)
        }
        if let parent = partial.parent {
            record(partial.file.error(at: parent.offset, "a partial cannot extend a layout", hint: "'\(path)' is included from \(scope.file.name)"))
            return ([], context)
        }
        var inner = isolatedScope(for: partial, isolation: "a partial sees only the parameters passed to it: {% include \"\(path)\" with name=value %}")
        var setup: [Step] = []
        for (name, expr) in parameters {
            // A local passed on as it is (`with result=r`) is the same slot: no copy per call.
            if case .name(let local, _) = expr, let binding = scope.lookup(local), case .slot = binding {
                inner.locals.append((name, binding))
                continue
            }
            let eval = compileHoisted(expr, scope: scope)
            let slot = newSlot()
            setup.append(Step { state in state.slots[slot] = try eval(&state) })
            inner.locals.append((name, .slot(slot)))
        }
        expanding.append(path)
        defer { expanding.removeLast() }
        let (body, end) = compileNodes(partial.nodes, scope: &inner, context: context)
        return (setup + body, end)
    }

    func pageScope(for template: ParsedTemplate) -> Scope {
        let (macros, namespaces) = visibleMacros(template)
        return Scope(file: template.file, seesContext: true, macros: macros, namespaces: namespaces, isolation: "", fillsBlocks: true)
    }

    func macroScope(_ macro: MacroDefinition) -> Scope {
        guard let template = templates[macro.file.name] else {
            return Scope(file: macro.file, seesContext: false, macros: [:], namespaces: [:], isolation: "", fillsBlocks: false)
        }
        return isolatedScope(for: template, isolation: "a macro sees only its parameters")
    }

    private func isolatedScope(for template: ParsedTemplate, isolation: String) -> Scope {
        let (macros, namespaces) = visibleMacros(template)
        return Scope(file: template.file, seesContext: false, macros: macros, namespaces: namespaces, isolation: isolation, fillsBlocks: false)
    }

    /// A template's own macros, plus those it imports.
    private func visibleMacros(_ template: ParsedTemplate) -> ([String: MacroDefinition], [String: [String: MacroDefinition]]) {
        var macros = template.macros
        var namespaces: [String: [String: MacroDefinition]] = [:]
        for item in template.imports {
            guard let source = templates[item.path] else {
                record(template.file.error(at: item.offset, "unknown template '\(item.path)'", hint: templateSuggestion(item.path)))
                continue
            }
            if let alias = item.alias { namespaces[alias] = source.macros }
            for (name, alias) in item.names {
                guard let macro = source.macros[name] else {
                    record(template.file.error(at: item.offset, "'\(item.path)' has no macro '\(name)'",
                                               hint: suggestion(for: name, among: Array(source.macros.keys))))
                    continue
                }
                macros[alias] = macro
            }
        }
        return (macros, namespaces)
    }

    private func templateSuggestion(_ name: String) -> String {
        suggestion(for: name, among: Array(templates.keys)) ?? "template names are paths relative to the templates directory"
    }
}
