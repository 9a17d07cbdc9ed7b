fn main() {
    // Without the `ui` feature (the fuzz targets) there is no UI to compile.
    #[cfg(feature = "ui")]
    compile_ui();
}

#[cfg(feature = "ui")]
fn compile_ui() {
    // Translations are bundled in the binary, one .po per language, with no
    // context: one English sentence is translated once wherever it appears.
    let config = slint_build::CompilerConfiguration::new()
        .with_debug_info(true)
        .with_bundled_translations("lang")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    println!("cargo:rerun-if-changed=lang");
    slint_build::compile_with_config("ui/app.slint", config).expect("Slint UI compiles");
}
