import Foundation

/// A failure to read or write stored results that is not the input's fault (a full disk, an I/O error): such
/// failures exit with code 1, and the message says what the system reported.
public struct StoreError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// The failed operation on `path` with the system's reason, e.g. "cannot write results/x/toys.csv: No space
    /// left on device".
    init(_ operation: String, _ path: String, errno code: Int32) {
        self.init("cannot \(operation) \(path): \(String(cString: strerror(code)))")
    }
}
