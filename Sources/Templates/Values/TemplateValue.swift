import FoundationEssentials

/// A value a template can read: what `{{ expr }}` evaluates to.
///
/// Build one from literals (`["title": "Reading 1", "band": 6.5]`), from any
/// ``TemplateValueConvertible`` model (the fast path: members are read on demand),
/// or from any `Encodable` model with ``TemplateValue/init(encoding:)`` (the pleasant path).
public struct TemplateValue {
    @usableFromInline
    enum Storage {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case html(TrustedHTML)
        case date(Date)
        case array([TemplateValue])
        case dictionary([String: TemplateValue])
        case object(ObjectStorage)
        case list(ListStorage)
        /// Element `index` of a list, kept unmaterialised so member reads do not box structs.
        case element(ListStorage, Int)
    }

    @usableFromInline
    var storage: Storage

    @inlinable
    init(_ storage: Storage) { self.storage = storage }

    /// The absent value; prints as nothing and is false in conditions.
    public static var null: TemplateValue { TemplateValue(.null) }
    public static func bool(_ value: Bool) -> TemplateValue { TemplateValue(.bool(value)) }
    public static func int(_ value: Int) -> TemplateValue { TemplateValue(.int(value)) }
    public static func double(_ value: Double) -> TemplateValue { TemplateValue(.double(value)) }
    public static func string(_ value: String) -> TemplateValue { TemplateValue(.string(value)) }
    public static func html(_ value: TrustedHTML) -> TemplateValue { TemplateValue(.html(value)) }
    public static func date(_ value: Date) -> TemplateValue { TemplateValue(.date(value)) }
    public static func array(_ value: [TemplateValue]) -> TemplateValue { TemplateValue(.array(value)) }
    public static func dictionary(_ value: [String: TemplateValue]) -> TemplateValue { TemplateValue(.dictionary(value)) }
    /// A model that answers member reads itself (no encoding step).
    public static func object(_ value: any TemplateObject) -> TemplateValue { value.templateValue }
    /// A list whose elements are produced on demand.
    public static func list(_ value: any TemplateList) -> TemplateValue { TemplateValue(.list(CustomListStorage(value))) }
}

extension TemplateValue {
    /// Resolves list elements to their own value.
    var resolved: TemplateValue {
        if case .element(let list, let index) = storage { return list.element(at: index) }
        return self
    }

    /// Truthiness as Jinja defines it: null, false, 0, "" and empty collections are false.
    var isTruthy: Bool {
        switch storage {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .html(let h): return !h.source.isEmpty
        case .date: return true
        case .array(let a): return !a.isEmpty
        case .dictionary(let d): return !d.isEmpty
        case .object: return true
        case .list(let l): return l.count > 0
        case .element: return resolved.isTruthy
        }
    }

    var isNull: Bool {
        if case .null = storage { return true }
        if case .element = storage { return resolved.isNull }
        return false
    }

    /// A short name of the value's type, for error messages.
    var typeName: String {
        switch storage {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "number"
        case .string: return "string"
        case .html: return "trusted HTML"
        case .date: return "date"
        case .array, .list: return "list"
        case .dictionary, .object: return "object"
        case .element: return resolved.typeName
        }
    }

    /// The member `name`, or nil when the value has no such member.
    func member(_ name: String) -> TemplateValue? {
        switch storage {
        case .dictionary(let d): return d[name]
        case .object(let o): return o.member(name)
        case .element(let list, let index): return list.member(name, ofElementAt: index)
        default: return nil
        }
    }
}

extension TemplateValue {
    /// The text of a string value (for template functions), or nil for other kinds.
    public var stringValue: String? {
        if case .string(let text) = resolved.storage { return text }
        return nil
    }
}

extension TemplateValue: CustomStringConvertible {
    public var description: String {
        switch storage {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s.debugDescription
        case .html(let h): return "html(\(h.source.debugDescription))"
        case .date(let d): return "date(\(d.timeIntervalSince1970))"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .dictionary(let d):
            return "[" + d.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
        case .object(let o): return "object(\(type(of: o.object)))"
        case .list(let l): return "list(\(l.count))"
        case .element: return resolved.description
        }
    }
}

extension TemplateValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self.init(.null) }
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
    public init(integerLiteral value: Int) { self.init(.int(value)) }
    public init(floatLiteral value: Double) { self.init(.double(value)) }
    public init(stringLiteral value: String) { self.init(.string(value)) }
    public init(arrayLiteral elements: TemplateValue...) { self.init(.array(elements)) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(.dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }
}

/// A value fixed at compile time (a literal), safe to share between renders on any thread.
struct Constant: @unchecked Sendable {
    // Only built from template literals: scalars, strings and lists of them, never user objects.
    let value: TemplateValue
}

/// A model held by reference, so template values stay small and cheap to copy; member reads
/// run code specialised for the model's type (the thunk is formed where the type is concrete).
@usableFromInline
class ObjectStorage {
    @usableFromInline let memberThunk: (ObjectStorage, String) -> TemplateValue?

    @usableFromInline
    init(member: @escaping (ObjectStorage, String) -> TemplateValue?) { self.memberThunk = member }

    /// The model as an existential (slow paths only: JSON, descriptions).
    var object: any TemplateObject { fatalError("subclass responsibility") }

    @inline(__always)
    final func member(_ name: String) -> TemplateValue? { memberThunk(self, name) }
}

@usableFromInline
final class TypedObjectStorage<Model: TemplateObject>: ObjectStorage {
    @usableFromInline let model: Model

    @inlinable
    init(_ model: Model) {
        self.model = model
        super.init(member: { storage, name in unsafeDowncast(storage, to: TypedObjectStorage<Model>.self).model.templateMember(name) })
    }

    override var object: any TemplateObject { model }
}

extension String {
    /// "a" or "an" for a type name in an error message.
    var article: String { ["a", "e", "i", "o", "u"].contains(where: hasPrefix) ? "an" : "a" }
}
