public import ArgumentParser
import EcoKit
import EcoPresent
import EcoStandards
import Foundation

/// `ecoprov water`: surface water (GB 3838-2002, 环办〔2011〕22号).
struct Water: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Surface water: GB 3838-2002 classes and the 环办〔2011〕22号 evaluation.",
                                                    subcommands: [WaterClassCommand.self])
}

/// `ecoprov water class --item NH3-N --value 1.2 [--water-body lake]`: the GB 3838-2002 class of one value.
struct WaterClassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "class",
        abstract: "The GB 3838-2002 class of one value (the best class whose limit it meets; 劣Ⅴ beyond class Ⅴ).")
    @Option(help: "Item key or Chinese name: pH, DO, CODMn, COD, BOD5, NH3-N, TP, TN, Cu, Zn, F, Se, As, Hg, Cd, Cr6+, Pb, CN, VP, Oil, LAS, S2-, FC.")
    var item: String
    @Option(help: "The value in mg/L (fecal coliform 个/L, pH none), a plain decimal with at most 6 decimals.") var value: String
    @Option(name: .customLong("water-body"), help: "river, lake or reservoir (TP and TN differ).") var waterBody: WaterBody = .river
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        guard let it = WaterItem(key: item) else {
            throw UserError("--item '\(item.prefix(40))' is not a GB 3838-2002 Table 1 item (" + WaterItem.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let decimals = value.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        guard case .success = StrictDecimal.parse(value), decimals <= WaterValue.places,
              let v = FixedDecimal.parse(value, places: WaterValue.places), v >= 0, v <= 1_000_000 * WaterValue.scale else {
            throw UserError("--value must be a plain non-negative decimal up to 1000000 with at most \(WaterValue.places) decimals, got '\(value.prefix(40))'")
        }
        guard let c = GB3838.itemClass(it, v, body: waterBody) else {
            throw UserError("\(it.rawValue) is not evaluated for a \(waterBody.rawValue) (GB 3838-2002: total nitrogen applies to lakes and reservoirs)")
        }
        let over = GB3838.exceedanceMultiple(it, v, over: .III, body: waterBody)
        let limits = it == .pH ? ["6–9", "6–9", "6–9", "6–9", "6–9"] : (GB3838.limits(it, body: waterBody) ?? []).map(WaterValue.text)
        let row: [String: String] = ["item": it.rawValue, "name": it.name, "value": WaterValue.text(v), "unit": it.unit,
                                     "waterBody": waterBody.rawValue, "class": c.nameEn, "className": c.name, "status": c.status.name,
                                     "overIII": over.map { NumberText.fixed(GBT8170Rounding.round($0, decimals: 2), decimals: 2) } ?? "",
                                     "limits": limits.joined(separator: " / ")]
        switch format {
        case .json: print(try JSONDocument.text(row))
        case .csv:
            let keys = ["item", "value", "unit", "waterBody", "class", "className", "status", "overIII"]
            print(try CSVOutput.write(header: keys, rows: [keys.map { row[$0] ?? "" }]), terminator: "")
        case .table:
            print("\(it.name) \(it.rawValue) \(WaterValue.text(v)) \(it.unit) (\(waterBody.rawValue)): \(c.name) \(c.status.name)"
                  + (over.map { "，超Ⅲ类 \(NumberText.fixed(GBT8170Rounding.round($0, decimals: 2), decimals: 2)) 倍" } ?? ""))
            print("GB 3838-2002 Ⅰ–Ⅴ类 limits: \(row["limits"] ?? "")" + (it == .DO ? " (≥)" : it == .pH ? "" : " (≤)"))
        }
    }
}

extension WaterBody: ExpressibleByArgument {}
