import FoundationEssentials

/// A Swift value a template can read.
///
/// Scalars, strings, dates, optionals and arrays of convertible values already conform.
/// Models usually conform through ``TemplateObject``.
public protocol TemplateValueConvertible {
    /// This value as a template value.
    var templateValue: TemplateValue { get }
    /// The member `name` of this value (`value.name` in a template), or nil when there is none.
    func templateMember(_ name: String) -> TemplateValue?
}

extension TemplateValueConvertible {
    public func templateMember(_ name: String) -> TemplateValue? { templateValue.member(name) }
}

/// A model that answers member reads itself, so rendering reads only the members a template uses.
///
/// ```swift
/// extension Lesson: TemplateObject {
///     func templateMember(_ name: String) -> TemplateValue? {
///         switch name {
///         case "title": title.templateValue
///         case "minutes": minutes.templateValue
///         default: nil
///         }
///     }
/// }
/// ```
public protocol TemplateObject: TemplateValueConvertible {
    func templateMember(_ name: String) -> TemplateValue?
}

extension TemplateObject {
    @inlinable
    public var templateValue: TemplateValue { TemplateValue(.object(TypedObjectStorage(self))) }
}

/// A list whose elements are produced on demand; `for` iterates it without copying.
public protocol TemplateList {
    var count: Int { get }
    /// Element `index` as a template value.
    func element(at index: Int) -> TemplateValue
    /// Member `name` of element `index`, read without materialising the element.
    func member(_ name: String, ofElementAt index: Int) -> TemplateValue?
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    @inlinable
    public var templateValue: TemplateValue { TemplateValue(.list(ArrayListStorage(self))) }
}

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
    public func templateMember(_ name: String) -> TemplateValue? { member(name) }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(self) }
}

extension Double: TemplateValueConvertible {
    public var templateValue: TemplateValue { .double(self) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Date: TemplateValueConvertible {
    public var templateValue: TemplateValue { .date(self) }
}

extension TrustedHTML: TemplateValueConvertible {
    public var templateValue: TemplateValue { .html(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
    public func templateMember(_ name: String) -> TemplateValue? { self?.templateMember(name) }
}

extension Dictionary: TemplateValueConvertible where Key == String, Value: TemplateValueConvertible {
    public var templateValue: TemplateValue { .dictionary(mapValues(\.templateValue)) }
    public func templateMember(_ name: String) -> TemplateValue? { self[name]?.templateValue }
}
