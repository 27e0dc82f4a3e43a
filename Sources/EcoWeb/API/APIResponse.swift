import EcoPresent
import Foundation
import Hummingbird
import NIOCore

/// JSON answers of the API: the documents of `EcoPresent` in their one encoding, and the error body.
enum APIResponse {
    /// A 200 (or `status`) answer with `value` as its body.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Rendered {
        Rendered(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(bytes: try JSONDocument.data(value)))
    }

    /// The error body `{"error": {"status", "message"}}`.
    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let status: Int
            let message: String
        }
        let error: Detail
    }

    /// The answer of a user error.
    static func error(_ e: WebError) -> Rendered {
        let body = (try? JSONDocument.data(ErrorBody(error: .init(status: Int(e.status.code), message: e.message)))) ?? Data()
        return Rendered(status: e.status, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(bytes: body))
    }
}
