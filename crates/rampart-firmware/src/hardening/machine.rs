//! Architecture names for `e_machine` values: the ones firmware images carry, named as
//! binutils' `readelf -h` names them (shortened), so reports read like the tools users know.

/// The architecture an `e_machine` value names, or `unknown`.
pub fn architecture_name(machine: u16) -> &'static str {
    match machine {
        2 => "SPARC",
        3 => "x86",
        4 => "m68k",
        8 => "MIPS",
        10 => "MIPS RS3000 LE",
        15 => "PA-RISC",
        18 => "SPARC32+",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "S/390",
        40 => "ARM",
        42 => "SuperH",
        43 => "SPARC V9",
        50 => "IA-64",
        62 => "x86-64",
        87 => "V850",
        88 => "M32R",
        92 => "OpenRISC",
        93 => "ARCompact",
        94 => "Xtensa",
        106 => "Blackfin",
        113 => "Nios II",
        164 => "Hexagon",
        183 => "AArch64",
        189 => "MicroBlaze",
        195 => "ARCv2",
        243 => "RISC-V",
        247 => "BPF",
        252 => "C-SKY",
        258 => "LoongArch",
        0x9026 => "Alpha",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::architecture_name;

    #[test]
    fn common_firmware_machines_are_named() {
        assert_eq!(architecture_name(62), "x86-64");
        assert_eq!(architecture_name(40), "ARM");
        assert_eq!(architecture_name(8), "MIPS");
        assert_eq!(architecture_name(183), "AArch64");
        assert_eq!(architecture_name(0xbeef), "unknown");
    }
}
