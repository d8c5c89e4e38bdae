# pair_style mace: built once per machine, rebuilt when its source changes.


rule build_plugin:
    input:
        sources=expand(str(SOURCE / "plugin" / "{name}"), name=["pair_mace.cpp", "pair_mace.h", "mace_tables.cpp", "mace_tables.h", "mace_plugin.cpp", "lammpsplugin_abi.h"]),
        code=package_code("build_plugin.py"),
    output:
        PLUGIN,
    benchmark:
        results("benchmarks/build_plugin/build.tsv"),
    log:
        "build/plugin/build.log",
    resources:
        runtime=20,
        mem_mb=4000,
    script:
        "../scripts/build_plugin.py"
