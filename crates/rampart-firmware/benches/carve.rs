//! How fast the carver looks for every format's magic at every offset of an image that holds
//! none it can unpack: `unpack_image` over 64 MiB of pseudo-random bytes (`false`) and of
//! pseudo-random lower-case letters (`true`, text-like, where the text magics' first bytes are
//! common). The cost is the literal search of `src/literals.rs` plus the `detect` of each
//! magic hit. Run: `cargo bench -p rampart-firmware --bench carve`.

use bytes::Bytes;
use divan::Bencher;
use divan::counter::BytesCount;
use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::unpack_image;

fn main() {
    divan::main();
}

/// 64 MiB of xorshift output, as bytes or mapped to `a`..`z`.
fn image(text: bool) -> Bytes {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut data = Vec::with_capacity(64 << 20);
    while data.len() < 64 << 20 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if text {
            data.extend(state.to_le_bytes().iter().map(|b| b'a' + b % 26));
        } else {
            data.extend_from_slice(&state.to_le_bytes());
        }
    }
    Bytes::from(data)
}

#[divan::bench(args = [false, true], sample_count = 10)]
fn carve(bencher: Bencher, text: bool) {
    let data = image(text);
    bencher.counter(BytesCount::new(data.len())).bench(|| {
        unpack_image(
            "fw.bin",
            divan::black_box(data.clone()),
            &Limits::default(),
            &mut |_, _| {},
        )
        .tree
        .len()
    });
}
