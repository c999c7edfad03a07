/// A list as the renderer holds it: one reference, cheap to copy, whose element reads run
/// code specialised for the element type (closures formed where the type is concrete).
@usableFromInline
class ListStorage {
    @usableFromInline let count: Int
    @usableFromInline let elementThunk: (ListStorage, Int) -> TemplateValue
    @usableFromInline let memberThunk: (ListStorage, Int, String) -> TemplateValue?

    @usableFromInline
    init(count: Int, element: @escaping (ListStorage, Int) -> TemplateValue,
         member: @escaping (ListStorage, Int, String) -> TemplateValue?)
    {
        self.count = count
        self.elementThunk = element
        self.memberThunk = member
    }

    @inline(__always)
    final func element(at index: Int) -> TemplateValue { elementThunk(self, index) }

    @inline(__always)
    final func member(_ name: String, ofElementAt index: Int) -> TemplateValue? { memberThunk(self, index, name) }
}

/// A Swift array of convertible values. Built by `Array.templateValue`, which is inlinable, so the
/// thunks are specialised for `Element` in the caller's module and capture nothing.
@usableFromInline
final class ArrayListStorage<Element: TemplateValueConvertible>: ListStorage {
    @usableFromInline let elements: [Element]

    @inlinable
    init(_ elements: [Element]) {
        self.elements = elements
        super.init(
            count: elements.count,
            element: { storage, index in
                unsafeDowncast(storage, to: ArrayListStorage<Element>.self).elements.withUnsafeBufferPointer { $0[index].templateValue }
            },
            member: { storage, index, name in
                unsafeDowncast(storage, to: ArrayListStorage<Element>.self).elements.withUnsafeBufferPointer { $0[index].templateMember(name) }
            }
        )
    }
}

/// A user-defined ``TemplateList``.
final class CustomListStorage: ListStorage {
    let list: any TemplateList

    init(_ list: any TemplateList) {
        self.list = list
        super.init(
            count: list.count,
            element: { storage, index in unsafeDowncast(storage, to: CustomListStorage.self).list.element(at: index) },
            member: { storage, index, name in unsafeDowncast(storage, to: CustomListStorage.self).list.member(name, ofElementAt: index) }
        )
    }
}
