import EcoCore
public import EcoStore
import Foundation

extension Services {
    /// Verifies the audit chain of every audited framework (`ecoprov audit verify`): each record against its hash,
    /// its sequence number and its predecessor, and each chain's end against its head.
    public func verifyAudit() async throws -> [AuditChain.Report] {
        var out: [AuditChain.Report] = []
        for fw in try await store.auditedFrameworks() {
            let (records, head) = try await store.auditChain(framework: fw)
            out.append(AuditChain.verify(framework: fw, records: records, head: head))
        }
        return out
    }
}
