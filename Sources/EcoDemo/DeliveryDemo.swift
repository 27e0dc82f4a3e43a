public import EcoCore
public import EcoDelivery
public import EcoKit
import Foundation

/// The synthetic delivery data (示例数据, issue #16 §7): provincial departments and the 11 city bureaus, two projects
/// per city under the 专栏 items, the current year's task list (four tasks per city, six provincial), with progress
/// reported up to `today` — some behind their 序时进度, some overdue, some closed — and a year of supervision cases
/// walked through the five steps by the case machine itself, so every demo case is in a legal state. Departments,
/// projects and tasks are written in the import formats (each row marked `synthetic`). Deterministic for a seed and day.
public enum DeliveryDemo {
    /// The provincial departments: id, zh, en, the demo accounts that report for them.
    static let provincial: [(String, String, String, [String])] = [
        ("sx-eeb", "山西省生态环境厅", "Shanxi Department of Ecology and Environment", ["sheng"]),
        ("sx-drc", "山西省发展和改革委员会", "Shanxi Development and Reform Commission", []),
        ("sx-forestry", "山西省林业和草原局", "Shanxi Forestry and Grassland Bureau", []),
        ("sx-water", "山西省水利厅", "Shanxi Department of Water Resources", []),
        ("sx-housing", "山西省住房和城乡建设厅", "Shanxi Department of Housing and Urban-Rural Development", []),
        ("sx-agri", "山西省农业农村厅", "Shanxi Department of Agriculture and Rural Affairs", []),
    ]
    /// Demo accounts of the city bureaus.
    static let cityAccounts: [String: [String]] = ["140100": ["taiyuan", "taiyuan-review"], "140200": ["datong-review"]]

    /// The city bureau's department id of a city code (`eeb-140100`).
    public static func bureau(_ city: RegionCode) -> String { "eeb-\(city.rawValue)" }

    /// `departments.csv`, `projects.csv`, `tasks.csv` in the import formats.
    public static func texts(seed: UInt64, today: CivilDay, tree: RegionTree, programmes: [ProgrammeItem]) -> [String: String] {
        var rng = DemoRandom(seed: seed)
        let cities = tree.current(level: .city)
        var deps = ["id,name_zh,name_en,region,accounts,synthetic"]
        for (id, zh, en, acc) in provincial { deps.append("\(id),\(zh),\(en),140000,\(acc.joined(separator: ";")),true") }
        for c in cities {
            deps.append("\(bureau(c.code)),\(c.name.zh)生态环境局,\(c.name.en) Bureau of Ecology and Environment,\(c.code),\((cityAccounts[c.code.rawValue] ?? []).joined(separator: ";")),true")
        }
        if let xd = tree.current(level: .county, parent: RegionCode("140100") ?? cities[0].code).first {
            deps.append("eeb-\(xd.code),\(xd.name.zh)生态环境分局,\(xd.name.en) Branch Bureau,\(xd.code),xiaodian,true")
        }
        let year = today.year
        var projects = ["id,name,programme,region,lead_department,investment_planned,investment_done,start,end,indicators,status,milestones,synthetic"]
        let kinds = ["2.3": ("污水处理厂提标改造", "surface_water_good_share"), "2.4": ("燃煤锅炉清洁能源替代", "pm25"), "2.1": ("历史遗留矿山生态修复", "forest_cover"),
                     "3.3": ("农村生活污水治理", "rural_sewage_treatment"), "2.6": ("危险废物集中处置中心", ""), "2.2": ("光伏＋储能示范", "co2_intensity_reduction")]
        let keys = kinds.keys.sorted()
        let known = Set(programmes.map(\.id))
        for (i, c) in cities.enumerated() {
            for k in 0..<2 {
                let item = keys[(i * 2 + k) % keys.count]
                guard known.contains(item), let kind = kinds[item] else { continue }
                let start = CivilDay(year: year - 1 - (i + k) % 2, month: 1 + (i * 5 + k * 3) % 12, day: 1)
                let months = 18 + (i * 7 + k * 5) % 19
                let end = Schedule.adding(months: months, to: start).adding(-1)
                let planned = (Double.random(in: 0.8...6, using: &rng) * 10_000).rounded() / 10
                let mid = Schedule.adding(months: months / 2, to: start)
                projects.append("P\(c.code)-\(k + 1),\(c.name.zh)\(kind.0)工程,\(item),\(c.code),\(bureau(c.code)),\(planned),0,\(start),\(end),\(kind.1),underway,\(mid) 主体工程完工,true")
            }
        }
        var tasks = ["id,year,title,source,region,lead,supporting,responsible,start,deadline,milestones,synthetic"]
        let provincialTasks = [("制定年度生态省建设任务清单并分解下达", "九.(一)", "sx-eeb", "sx-drc"), ("推进太行山吕梁山生态系统保护和修复重大工程", "专栏2.1", "sx-forestry", "sx-eeb"),
                               ("汾河流域水质稳定达标", "专栏2.3", "sx-water", "sx-eeb"), ("城市更新老旧小区改造", "专栏3.1", "sx-housing", ""),
                               ("化肥农药减量增效", "专栏1.1", "sx-agri", ""), ("近零碳排放示范工程遴选", "专栏2.2", "sx-drc", "sx-eeb")]
        for (j, t) in provincialTasks.enumerated() {
            let deadline = CivilDay(year: year, month: 3 + j * 2, day: CivilDay.daysIn(year: year, month: 3 + j * 2))
            tasks.append("T\(year)-P\(j + 1),\(year),\(t.0),\(t.1),140000,\(t.2),\(t.3),副厅长,\(year)-01-01,\(deadline),,true")
        }
        let cityTasks = [("PM2.5浓度完成年度目标", "五.(三)"), ("国考断面优良水体比例达标", "五.(四)"), ("农村生活污水治理率提升", "专栏3.3"), ("散煤清洁取暖改造", "专栏2.4")]
        for (i, c) in cities.enumerated() {
            for (j, t) in cityTasks.enumerated() {
                let m = 2 + (i + j * 3) % 11
                tasks.append("T\(year)-\(c.code)-\(j + 1),\(year),\(t.0),\(t.1),\(c.code),\(bureau(c.code)),sx-eeb,分管副市长,\(year)-01-01,\(year)-\(String(format: "%02d", m))-\(CivilDay.daysIn(year: year, month: m)),,true")
            }
        }
        return ["departments.csv": deps.joined(separator: "\n") + "\n", "projects.csv": projects.joined(separator: "\n") + "\n", "tasks.csv": tasks.joined(separator: "\n") + "\n"]
    }

    /// Progress up to `today`: monthly project reports and task updates at a pace per item (some ahead, some behind),
    /// a few tasks closed, and the ladder rungs due issued.
    public static func progress(projects: [Project], tasks: [DeliveryTask], today: CivilDay, seed: UInt64, rules: DeliveryRules) -> ([Project], [DeliveryTask]) {
        var rng = DemoRandom(seed: seed &+ 16)
        let ps = projects.map { p -> Project in
            var p = p
            let pace = Double.random(in: 0.75...1.2, using: &rng)
            var m = YearMonth(year: p.start.year, month: p.start.components.month)
            let last = YearMonth(year: today.year, month: today.components.month).adding(-1)
            while m <= last, let end = Project.periodEnd(m.description), end >= p.start {
                let share = Schedule.elapsedShare(start: p.start, end: p.end, on: end)
                let done = min(100, (share * pace).rounded())
                p.reports.append(ProjectReport(period: m.description, completion: done, investmentDone: (p.investmentPlanned * done / 100).rounded(), note: "月度进度 (示例)", evidence: [], by: "demo"))
                if done >= 100 { p.status = .completed; break }
                m = m.adding(1)
            }
            p.investmentDone = p.reports.last?.investmentDone ?? 0
            return p
        }
        let ts = tasks.enumerated().map { (i, t) -> DeliveryTask in
            var t = t
            let pace = [1.1, 0.95, 0.7, 0.5, 1.2, 0.85][i % 6] * Double.random(in: 0.9...1.05, using: &rng)
            var day = t.start.adding(29)
            while day < today {
                let done = min(100, (Schedule.elapsedShare(start: t.start, end: t.deadline, on: day) * pace).rounded())
                if done > (t.updates.last?.completion ?? 0) { t.updates.append(TaskUpdate(on: day, completion: done, note: "进展报告 (示例)", evidence: [], by: "demo")) }
                if done >= 100 { break }
                day = day.adding(30)
            }
            if t.completion(on: today) >= 100, i % 3 != 0, let done = t.updates.last?.on, done.adding(10) < today { t.closedOn = done.adding(10); t.closedBy = "sheng" }
            if let rung = t.rungToIssue(on: today, rules: rules) {
                t.escalations.append(TaskEscalation(rung: rung.id, on: today, overdueDays: Schedule.overdueDays(deadline: t.deadline, on: today), by: "sheng"))
            }
            return t
        }
        return (ps, ts)
    }

    /// A year of cases up to `today`, each walked through the five steps as far as its draw takes it.
    public static func cases(count: Int, today: CivilDay, seed: UInt64, tree: RegionTree, rules: DeliveryRules) -> [SupervisionCase] {
        var rng = DemoRandom(seed: seed &+ 5)
        let counties = tree.current(level: .county)
        let problems = ["露天堆放煤矸石未苫盖", "企业夜间偷排废水", "散乱污企业死灰复燃", "建筑工地扬尘治理不到位", "入河排污口未规范设置", "在线监测数据异常",
                        "秸秆露天焚烧", "危险废物贮存不规范", "黑臭水体返黑返臭", "燃煤锅炉未淘汰"]
        guard !counties.isEmpty else { return [] }
        var out: [SupervisionCase] = []
        for i in 0..<count {
            let county = counties[(i * 37) % counties.count]
            guard let city = tree.city(of: county.code) else { continue }
            let found = today.adding(-(10 + (i * 11) % 350))
            var c = SupervisionCase.open(id: "C\(found.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%03d", i + 1))",
                                         title: "\(county.name.zh)\(problems[i % problems.count])", region: county.code,
                                         source: CaseSource.allCases[i % 4], severity: i % 3 == 0 ? .major : .ordinary, on: found, by: "sheng", synthetic: true)
            let unit = bureau(city)
            let reporter = cityAccounts[city.rawValue]?.first ?? "demo"
            func step(_ a: CaseAction, _ d: Int, by: String = "sheng") -> Bool {
                let day = found.adding(d)
                guard day <= today, case .success(let n) = c.applying(a, on: day, by: by, rules: rules) else { return false }
                c = n
                return true
            }
            let path = Int.random(in: 0..<10, using: &rng)
            guard path > 0, step(.assign(unit: unit, deadline: nil, target: "按期完成整改并销号"), i % 5 == 0 ? 2 : 1) else { out.append(c); continue }
            c.outcome.firmsOrdered = 1 + i % 3
            guard path > 1, step(.report(note: "已制定整改方案并开始整改"), 3, by: reporter) else { out.append(c); continue }
            if path >= 8 {
                _ = step(.verify(passed: false, note: "现场核查仍有问题"), 9)
                _ = step(.escalate(note: "约谈属地政府分管负责人", people: 2), 12)
                if path == 9 { _ = step(.escalate(note: "启动专项督察", people: 0), 20); c.outcome.filed = 1; c.outcome.fines = 20 + Double(i % 7) * 5 }
                out.append(c); continue
            }
            guard path > 3, step(.report(note: "整改完成，申请核查"), 6, by: reporter), step(.verify(passed: true, note: "现场核查通过"), 8) else { out.append(c); continue }
            guard path > 4, step(.close(note: "销号"), 9) else { out.append(c); continue }
            if path == 7 { _ = step(.reopen(reason: "群众再次投诉，问题反弹"), 40) }
            out.append(c)
        }
        return out
    }
}
