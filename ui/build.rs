fn main() {
    // Translations are bundled in the binary, one .po per language, with no
    // context: one English sentence is translated once wherever it appears.
    // Debug info names elements for the UI tests (i-slint-backend-testing).
    // slint-build names the catalogue after the package: ours is
    // `lang/<code>/LC_MESSAGES/lockerwall.po`, as the translators' workflow says.
    std::env::set_var("CARGO_PKG_NAME", "lockerwall");
    let config = slint_build::CompilerConfiguration::new()
        .with_debug_info(true)
        .with_bundled_translations("../lang")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    println!("cargo:rerun-if-changed=../lang");
    slint_build::compile_with_config("app.slint", config).expect("Slint UI compiles");
}
