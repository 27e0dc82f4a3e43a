/// Monitoring-factor codes of HJ 212-2017 Appendix B (Tables B.1 water, B.2 air): the Chinese name and default
/// concentration unit of the codes pollution sources send most (hj212.md §8.1). No unit travels in a packet; the
/// default is the table's. Codes not listed are shown as sent.
public enum HJ212Factors {
    /// Code → (Chinese name, English name, default concentration unit).
    public static let table: [String: (name: String, nameEn: String, unit: String)] = [
        "a00000": ("废气", "flue-gas flow", "m³/s"), "a01011": ("烟气流速", "flue-gas velocity", "m/s"), "a01012": ("烟气温度", "flue-gas temperature", "℃"), "a01013": ("烟气压力", "flue-gas pressure", "kPa"),
        "a01014": ("烟气湿度", "flue-gas humidity", "%"), "a01016": ("烟道截面积", "duct cross-section", "m²"), "a01017": ("烟气动压", "flue-gas dynamic pressure", "kPa"), "a19001": ("氧气含量", "O2", "%"),
        "a21026": ("二氧化硫", "SO2", "mg/m³"), "a21002": ("氮氧化物", "NOx", "mg/m³"), "a21003": ("一氧化氮", "NO", "mg/m³"), "a21004": ("二氧化氮", "NO2", "mg/m³"),
        "a21005": ("一氧化碳", "CO", "mg/m³"), "a34013": ("烟尘", "particulate matter", "mg/m³"), "a24088": ("非甲烷总烃", "NMHC", "mg/m³"), "a21001": ("氨", "NH3", "mg/m³"),
        "a21024": ("氯化氢", "HCl", "mg/m³"), "a21028": ("硫化氢", "H2S", "mg/m³"), "a05002": ("甲烷", "CH4", "mg/m³"),
        "w00000": ("污水", "wastewater flow", "L/s"), "w01001": ("pH值", "pH", "无量纲"), "w01018": ("化学需氧量", "COD", "mg/L"), "w21003": ("氨氮", "NH3-N", "mg/L"),
        "w21011": ("总磷", "total phosphorus", "mg/L"), "w21001": ("总氮", "total nitrogen", "mg/L"), "w01012": ("悬浮物", "suspended solids", "mg/L"), "w01009": ("溶解氧", "dissolved oxygen", "mg/L"),
        "w01010": ("水温", "water temperature", "℃"), "w01014": ("电导率", "conductivity", "µS/cm"), "w01019": ("高锰酸盐指数", "CODMn", "mg/L"), "w22001": ("石油类", "petroleum", "mg/L"),
        "w20111": ("总汞", "total mercury", "µg/L"), "w20115": ("总镉", "total cadmium", "µg/L"), "w20117": ("六价铬", "hexavalent chromium", "µg/L"), "w20120": ("总铅", "total lead", "µg/L"),
    ]

    /// The Chinese name of a code, or the code.
    public static func name(_ code: String) -> String { table[code]?.name ?? code }

    /// The English name of a code, or the code.
    public static func nameEn(_ code: String) -> String { table[code]?.nameEn ?? code }
}
