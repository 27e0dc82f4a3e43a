public import EcoEnterprise
public import EcoKit
import Foundation

/// A year's credit ratings, as `ecoprov credit rate --format json` (and the API) give them.
public struct CreditDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// The year rated.
    public var year: Int
    /// The scheme's id.
    public var scheme: String
    /// Its version.
    public var schemeVersion: Int
    /// One per registered enterprise, in credit-code order.
    public var ratings: [CreditRating]
    /// The scheme's values marked reconstructed, with their sources.
    public var reconstructed: [String]

    /// Creates the document.
    public init(year: Int, scheme: String, schemeVersion: Int, ratings: [CreditRating], reconstructed: [String]) {
        self.year = year; self.scheme = scheme; self.schemeVersion = schemeVersion; self.ratings = ratings; self.reconstructed = reconstructed
    }
}
