import EcoFuzzEntries
import Foundation

/// libFuzzer's entry: one input of arbitrary bytes (see `FuzzEntries.airCSV`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzEntries.airCSV(Data(bytes: bytes, count: count))
    return 0
}
