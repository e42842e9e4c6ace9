import Foundation

/// A file-system or database error in plain words for logs, `/healthz` and the dashboard:
/// "PATH: Not a directory" rather than Foundation's `Error Domain=NSCocoaErrorDomain …`.
enum PlainError {
    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        guard text.contains("Error Domain=") else { return text }
        let nsError = error as NSError
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        var reason = nsError.localizedFailureReason ?? ""
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posixCode: Int32? = if let posix = underlying as? POSIXError {
                posix.code.rawValue
            } else if (underlying as NSError).domain == NSPOSIXErrorDomain {
                Int32(truncatingIfNeeded: (underlying as NSError).code)
            } else {
                nil
            }
            if let posixCode, let message = strerror(posixCode) { reason = String(cString: message) }
        }
        if reason.isEmpty { reason = "error \(nsError.code)" }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}
