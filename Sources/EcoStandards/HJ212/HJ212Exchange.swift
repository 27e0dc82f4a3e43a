/// The data periods a device uploads (HJ 212-2017 Table 9): real-time 2011, minute 2051, hour 2061, day 2031.
public enum HJ212DataKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Real-time values (`-Rtd`), CN 2011; DataTime is the acquisition moment.
    case rtd
    /// Minute values (`-Avg/-Min/-Max/-Cou`), CN 2051; DataTime is the start of the period.
    case minute
    /// Hourly values, CN 2061.
    case hour
    /// Daily values, CN 2031.
    case day

    /// The kind of an upload command, nil for another command.
    public init?(cn: String) {
        switch cn { case "2011": self = .rtd; case "2051": self = .minute; case "2061": self = .hour; case "2031": self = .day; default: return nil }
    }

    /// The upload command.
    public var cn: String { switch self { case .rtd: "2011"; case .minute: "2051"; case .hour: "2061"; case .day: "2031" } }

    /// The suffix holding the period's value compared with a limit: `Rtd` for real-time, `Avg` otherwise.
    public var valueSuffix: String { self == .rtd ? "Rtd" : "Avg" }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// How the platform treats each command it receives (HJ 212-2017 Table 9 and §6.5; hj212.md §6.4, §7, §9).
public enum HJ212Command {
    /// Uploads answered with 9014 when Flag bit A is set: the four data periods, facility state 2021, facility
    /// running time 2041, boot time 2081, and the unprompted 1011/1061/1063 parameter uploads and 3015/3017–3020
    /// records (hj212.md §7.1 and §7.2).
    public static let uploads: Set<String> = ["2011", "2051", "2061", "2031", "2021", "2041", "2081",
                                              "1011", "1061", "1063", "3015", "3017", "3018", "3019", "3020"]
    /// Notices answered with 9013: 1013 time-calibration request (always, then the platform sends 1012), and the
    /// heartbeats 9015 (HJ 212-2025) and 9021 (2005-era loggers), answered when bit A is set.
    public static let notices: Set<String> = ["1013", "9015", "9021"]
    /// The device's answers to the platform's requests: acknowledged by nothing.
    public static let answers: Set<String> = ["9011", "9012", "9013", "9014"]

    /// A short Chinese name of a command, for logs and pages.
    public static func name(_ cn: String) -> String {
        switch cn {
        case "2011": "实时数据"; case "2051": "分钟数据"; case "2061": "小时数据"; case "2031": "日数据"
        case "2021": "设备运行状态"; case "2041": "设备运行时间日历史数据"; case "2081": "数采仪开机时间"
        case "1011": "现场机时间"; case "1013": "时间校准请求"; case "1061": "实时数据间隔"; case "1063": "分钟数据间隔"
        case "3015": "超标留样"; case "3019": "设备唯一标识"; case "3020": "现场机信息"
        case "9011": "请求应答"; case "9012": "执行结果"; case "9013": "通知应答"; case "9014": "数据应答"
        case "9015", "9021": "心跳"
        default: "未知命令"
        }
    }
}

/// The answers the platform sends (hj212.md §7.1, §7.3, §7.6): the data acknowledgement 9014 and the notice
/// acknowledgement 9013, `QN=<the packet's QN>;ST=91;CN=…;PW=…;MN=…;Flag=<the device's version bits, A=0>;CP=&&&&`
/// (Flag 4 for 2017, 8 for 2025, 0 for 2005). A packet without QN is answered without QN.
public enum HJ212Reply {
    /// The data segment answering `packet`, nil when it needs none.
    public static func segment(answering packet: HJ212Packet) -> String? {
        let answer: String
        if HJ212Command.answers.contains(packet.cn) { return nil }
        if packet.cn == "1013" { answer = "9013" } else {
            guard packet.flag?.needsAnswer == true else { return nil }
            answer = HJ212Command.notices.contains(packet.cn) ? "9013" : "9014"
        }
        var s = ""
        if let qn = packet.qn { s += "QN=\(qn);" }
        s += "ST=91;CN=\(answer);PW=\(packet.pw ?? "");MN=\(packet.mn);Flag=\((packet.flag?.versionBits ?? 0) << 2);CP=&&&&"
        return s
    }
}
