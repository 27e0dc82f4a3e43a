import EcoFuzzEntries
import Foundation

/// libFuzzer's driver, entered through the name SwiftPM links the executable's `main` to (the target is built with
/// `-parse-as-library`, so this file has no top-level code of its own).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzXLSX_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var args = argv
    return runDriver(&count, &args) { bytes, size in
        // One input of arbitrary bytes (see `FuzzEntries.xlsx`).
        FuzzEntries.xlsx(bytes.map { Data(bytes: $0, count: size) } ?? Data())
        return 0
    }
}
