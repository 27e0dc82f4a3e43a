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

/// The list of final ratings for the provincial credit-sharing platform (信用共享平台): one row per enterprise, keyed
/// by its unified social credit code, UTF-8 with a BOM so that Excel on Chinese Windows reads it.
public enum CreditExport {
    /// The header.
    public static let header = ["credit_code", "name", "year", "scheme", "scheme_version", "score", "grade", "grade_name", "plate", "finalized_on", "measures"]

    /// The final files of `files` (others are not published), in credit-code order; every cell neutralised.
    public static func csv(_ files: [CreditFile]) throws -> String {
        let rows = files.filter { $0.stage == .final }.sorted { $0.rating.enterprise < $1.rating.enterprise }.map { f -> [String] in
            let r = f.rating
            return [r.enterprise, r.name, String(r.year), r.scheme, String(r.schemeVersion), NumberText.fixed(r.score, decimals: 2), r.grade ?? "",
                    r.gradeName?.zh ?? "", r.plate?.zh ?? "", f.finalizedOn?.description ?? "", r.measures.joined(separator: "；")]
        }
        return CSVOutput.bom + (try CSVOutput.write(header: header, rows: rows))
    }
}
