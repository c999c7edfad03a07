/// What a name means at some point of a template, decided at compile time.
enum Binding {
    /// A local variable in a slot.
    case slot(Int)
    /// The `loop` variable of a `for`: its index and count slots.
    case loop(index: Int, count: Int)
}

/// The names visible at a point of a template: locals, macros, and whether the render context is.
struct Scope {
    /// The file whose code is being compiled (for errors and macro lookup).
    let file: SourceFile
    /// Locals, innermost last.
    var locals: [(String, Binding)] = []
    /// Pages see the render context; partials and macros see only their parameters.
    let seesContext: Bool
    /// Macros callable by plain name.
    let macros: [String: MacroDefinition]
    /// Macros reachable as `namespace.name`.
    let namespaces: [String: [String: MacroDefinition]]
    /// Why context names are not visible here (for the error message).
    let isolation: String
    /// Inside a block: its name and how far up the inheritance chain its definition is (for `super()`).
    var block: (name: String, level: Int)? = nil
    /// Pages fill blocks from their inheritance chain; partials and macros render their own blocks.
    var fillsBlocks: Bool

    func lookup(_ name: String) -> Binding? {
        locals.last(where: { $0.0 == name })?.1
    }
}
