fn main() {
    std::process::exit(irready::cli::main());
}
