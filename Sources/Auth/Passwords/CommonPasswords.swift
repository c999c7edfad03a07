/// Passwords so common that attackers try them first; refused at sign-up and password change.
enum CommonPasswords {
    static let all: Set<String> = Set(list.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Whether `password` (compared lower-cased, without surrounding spaces) is on the list.
    static func contains(_ password: String) -> Bool {
        all.contains(password.trimmingWhitespace.lowercased())
    }
}

extension String {
    var trimmingWhitespace: String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
