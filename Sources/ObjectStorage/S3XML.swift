import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The few XML documents S3 answers with, read into flat records.
final class S3XML: NSObject, XMLParserDelegate {
    /// Each element named `record` becomes a dictionary of its children's texts.
    private let record: String
    private(set) var records: [[String: String]] = []
    /// Texts of elements outside records (`IsTruncated`, `NextContinuationToken`, `Code`, `Message`).
    private(set) var top: [String: String] = [:]
    private var current: [String: String]?
    private var text = ""

    private init(record: String) { self.record = record }

    static func parse(_ data: Data, record: String = "") -> (records: [[String: String]], top: [String: String]) {
        let reader = S3XML(record: record)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.parse()
        return (reader.records, reader.top)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == record { current = [:] }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == record, let finished = current {
            records.append(finished)
            current = nil
        } else if current != nil {
            current?[name] = text
        } else {
            top[name] = text
        }
        text = ""
    }
}
