import EcoCore
import EcoIngest

/// The built-in divisions.
enum BuiltinDataRegions {
    static func all() throws -> [Region] { try BuiltinData.regions() }
}
