/// Monitoring-factor codes of HJ 212-2017 Appendix B (Tables B.1 water, B.2 air): the Chinese name and default
/// concentration unit of the codes pollution sources send most (hj212.md §8.1). No unit travels in a packet; the
/// default is the table's. Codes not listed are shown as sent.
public enum HJ212Factors {
    /// Code → (name, default concentration unit).
    public static let table: [String: (name: String, unit: String)] = [
        "a00000": ("废气", "m³/s"), "a01011": ("烟气流速", "m/s"), "a01012": ("烟气温度", "℃"), "a01013": ("烟气压力", "kPa"),
        "a01014": ("烟气湿度", "%"), "a01016": ("烟道截面积", "m²"), "a01017": ("烟气动压", "kPa"), "a19001": ("氧气含量", "%"),
        "a21026": ("二氧化硫", "mg/m³"), "a21002": ("氮氧化物", "mg/m³"), "a21003": ("一氧化氮", "mg/m³"), "a21004": ("二氧化氮", "mg/m³"),
        "a21005": ("一氧化碳", "mg/m³"), "a34013": ("烟尘", "mg/m³"), "a24088": ("非甲烷总烃", "mg/m³"), "a21001": ("氨", "mg/m³"),
        "a21024": ("氯化氢", "mg/m³"), "a21028": ("硫化氢", "mg/m³"), "a05002": ("甲烷", "mg/m³"),
        "w00000": ("污水", "L/s"), "w01001": ("pH值", "无量纲"), "w01018": ("化学需氧量", "mg/L"), "w21003": ("氨氮", "mg/L"),
        "w21011": ("总磷", "mg/L"), "w21001": ("总氮", "mg/L"), "w01012": ("悬浮物", "mg/L"), "w01009": ("溶解氧", "mg/L"),
        "w01010": ("水温", "℃"), "w01014": ("电导率", "µS/cm"), "w01019": ("高锰酸盐指数", "mg/L"), "w22001": ("石油类", "mg/L"),
        "w20111": ("总汞", "µg/L"), "w20115": ("总镉", "µg/L"), "w20117": ("六价铬", "µg/L"), "w20120": ("总铅", "µg/L"),
    ]

    /// The Chinese name of a code, or the code.
    public static func name(_ code: String) -> String { table[code]?.name ?? code }
}
