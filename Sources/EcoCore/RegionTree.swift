import Foundation

/// The division tree, indexed for lookups by code, parent and level.
public struct RegionTree: Sendable {
    public let regions: [Region]
    private let byCode: [RegionCode: Int]
    private let childrenByParent: [RegionCode: [Int]]

    public init(_ regions: [Region]) {
        let sorted = regions.sorted { $0.code < $1.code }
        self.regions = sorted
        var byCode: [RegionCode: Int] = [:]
        var children: [RegionCode: [Int]] = [:]
        for (i, r) in sorted.enumerated() {
            byCode[r.code] = i
            if let p = r.parent { children[p, default: []].append(i) }
        }
        self.byCode = byCode
        self.childrenByParent = children
    }

    public subscript(_ code: RegionCode) -> Region? {
        byCode[code].map { regions[$0] }
    }

    /// The current (not retired) regions, optionally of one level and under one parent (direct children).
    public func current(level: RegionLevel? = nil, parent: RegionCode? = nil) -> [Region] {
        regions.filter { r in
            r.validTo == nil && (level == nil || r.level == level) && (parent == nil || r.parent == parent)
        }
    }

    /// The regions of a listing (`region list`, `/api/v1/regions`): current ones, or every one with
    /// `includeRetired`, optionally of one level and only the direct children of `parent`.
    public func listing(level: RegionLevel? = nil, parent: RegionCode? = nil, includeRetired: Bool = false) -> [Region] {
        regions.filter { r in
            (includeRetired || r.validTo == nil) && (level == nil || r.level == level) && (parent == nil || r.parent == parent)
        }
    }

    /// Direct children, including retired ones when `includeRetired`.
    public func children(of code: RegionCode, includeRetired: Bool = false) -> [Region] {
        (childrenByParent[code] ?? []).map { regions[$0] }.filter { includeRetired || $0.validTo == nil }
    }

    /// The chain from the region itself up to the root: [self, parent, grandparent, …].
    public func lineage(of code: RegionCode) -> [Region] {
        var chain: [Region] = []
        var next: RegionCode? = code
        while let c = next, let r = self[c], !chain.contains(where: { $0.code == c }) {
            chain.append(r)
            next = r.parent
        }
        return chain
    }

    /// The value of an attribute for a region: `level` from the region itself, otherwise its own attribute or,
    /// when it has none, its nearest ancestor's (a county inherits the province's economic zone).
    public func attribute(_ name: String, of code: RegionCode) -> String? {
        if name == RegionAttribute.level { return self[code]?.level.rawValue }
        var next: RegionCode? = code
        var steps = 0
        while let c = next, let r = self[c], steps < 16 {
            if let v = r.attributes[name], v != "未知", !v.isEmpty { return v }
            next = r.parent
            steps += 1
        }
        return nil
    }
}
