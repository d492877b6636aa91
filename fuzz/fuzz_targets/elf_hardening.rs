//! ELF files in firmware come from strangers: any bytes must give a hardening result or a
//! problem naming the file, never a panic, and the work stays bounded by the input's size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_firmware::hardening::check_elf;

fuzz_target!(|data: &[u8]| {
    match check_elf("fuzz.elf", data, Some(0o4755)) {
        Ok(elf) => {
            assert_eq!(elf.path, "fuzz.elf");
            assert!(elf.setuid);
        }
        Err(problem) => assert_eq!(problem.path, "fuzz.elf"),
    }
});
