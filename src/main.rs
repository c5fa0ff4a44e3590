/// mimalloc: irready allocates many small nodes (syntax trees, values); glibc's malloc
/// was a quarter of all instructions in profiles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(irready::cli::main());
}
