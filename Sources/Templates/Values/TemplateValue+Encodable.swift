import FoundationEssentials

extension TemplateValue {
    /// Encodes any `Encodable` model into a template value tree.
    ///
    /// Dates stay dates (so the `date` filter works), ``TrustedHTML`` stays trusted,
    /// optionals that are nil become `null`. This walks the whole model once; for hot pages
    /// conform the model to ``TemplateObject`` instead.
    public init(encoding value: some Encodable) throws {
        self = try TemplateValueEncoding.encode(value)
    }
}

/// Builds a ``TemplateValue`` tree from an `Encodable` value.
enum TemplateValueEncoding {
    static func encode(_ value: some Encodable) throws -> TemplateValue {
        if let special = specialValue(value) { return special }
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.box.value
    }

    static func specialValue(_ value: some Encodable) -> TemplateValue? {
        switch value {
        case let date as Date: return .date(date)
        case let html as TrustedHTML: return .html(html)
        default: return nil
        }
    }
}

/// A reference cell so nested containers can write into their parent after the fact.
final class ValueBox {
    enum Content {
        case value(TemplateValue)
        case keyed([String: ValueBox])
        case unkeyed([ValueBox])
    }
    var content: Content = .value(.null)

    var value: TemplateValue {
        switch content {
        case .value(let v): return v
        case .keyed(let d): return .dictionary(d.mapValues(\.value))
        case .unkeyed(let a): return .array(a.map(\.value))
        }
    }
}

struct TreeEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let box = ValueBox()

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = box.content {} else { box.content = .keyed([:]) }
        return KeyedEncodingContainer(KeyedTree<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = box.content {} else { box.content = .unkeyed([]) }
        return UnkeyedTree(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTree(box: box, codingPath: codingPath) }
}

/// Encodes one nested value into a fresh box.
private func encodeNested(_ value: some Encodable, path: [any CodingKey]) throws -> ValueBox {
    if let special = TemplateValueEncoding.specialValue(value) {
        let box = ValueBox()
        box.content = .value(special)
        return box
    }
    let encoder = TreeEncoder(codingPath: path)
    try value.encode(to: encoder)
    return encoder.box
}

/// An unsigned integer as an int, or a number when it does not fit.
private func integer(_ value: some UnsignedInteger & FixedWidthInteger) -> TemplateValue {
    value <= Int.max ? .int(Int(value)) : .double(Double(value))
}

private func scalarBox(_ value: TemplateValue) -> ValueBox {
    let box = ValueBox()
    box.content = .value(value)
    return box
}

struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ValueBox
    var codingPath: [any CodingKey]

    private func set(_ key: Key, _ child: ValueBox) {
        guard case .keyed(var d) = box.content else { return }
        box.content = .value(.null)
        d[key.stringValue] = child
        box.content = .keyed(d)
    }

    mutating func encodeNil(forKey key: Key) throws { set(key, scalarBox(.null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, scalarBox(.bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, scalarBox(.string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(key, scalarBox(.double(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(key, scalarBox(.double(Double(value)))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, scalarBox(.int(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, scalarBox(integer(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, scalarBox(integer(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, scalarBox(.int(Int(value)))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(key, try encodeNested(value, path: codingPath + [key]))
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueBox()
        child.content = .keyed([:])
        set(key, child)
        return KeyedEncodingContainer(KeyedTree<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = ValueBox()
        child.content = .unkeyed([])
        set(key, child)
        return UnkeyedTree(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(codingPath: codingPath + [key]) }
}

struct UnkeyedTree: UnkeyedEncodingContainer {
    let box: ValueBox
    var codingPath: [any CodingKey]
    var count: Int {
        if case .unkeyed(let a) = box.content { return a.count }
        return 0
    }

    private func append(_ child: ValueBox) {
        guard case .unkeyed(var a) = box.content else { return }
        box.content = .value(.null)
        a.append(child)
        box.content = .unkeyed(a)
    }

    mutating func encodeNil() throws { append(scalarBox(.null)) }
    mutating func encode(_ value: Bool) throws { append(scalarBox(.bool(value))) }
    mutating func encode(_ value: String) throws { append(scalarBox(.string(value))) }
    mutating func encode(_ value: Double) throws { append(scalarBox(.double(value))) }
    mutating func encode(_ value: Int) throws { append(scalarBox(.int(value))) }
    mutating func encode(_ value: Float) throws { append(scalarBox(.double(Double(value)))) }
    mutating func encode(_ value: Int64) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int32) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int16) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: Int8) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt) throws { append(scalarBox(integer(value))) }
    mutating func encode(_ value: UInt64) throws { append(scalarBox(integer(value))) }
    mutating func encode(_ value: UInt32) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt16) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode(_ value: UInt8) throws { append(scalarBox(.int(Int(value)))) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try encodeNested(value, path: codingPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueBox()
        child.content = .keyed([:])
        append(child)
        return KeyedEncodingContainer(KeyedTree<NestedKey>(box: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = ValueBox()
        child.content = .unkeyed([])
        append(child)
        return UnkeyedTree(box: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath) }
}

struct SingleTree: SingleValueEncodingContainer {
    let box: ValueBox
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { box.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { box.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { box.content = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { box.content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.content = .value(.int(value)) }
    mutating func encode(_ value: Int64) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: Int8) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { box.content = .value(integer(value)) }
    mutating func encode(_ value: UInt64) throws { box.content = .value(integer(value)) }
    mutating func encode(_ value: UInt32) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { box.content = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt8) throws { box.content = .value(.int(Int(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.content = try encodeNested(value, path: codingPath).content
    }
}
