// Registers pair_style mace with LAMMPS when loaded by `plugin load` or LAMMPS_PLUGIN_PATH.
#include "lammpsplugin_abi.h"
#include "pair_mace.h"

using namespace LAMMPS_NS;

#ifndef SOLIDBENCH_LAMMPS_VERSION
#error "compile with -DSOLIDBENCH_LAMMPS_VERSION=\"<LAMMPS version string>\" (see solidbench.plugin_build)"
#endif

static void *create_pair_mace(void *lmp)
{
  return new PairMACESolidbench(static_cast<LAMMPS *>(lmp));
}

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  lammpsplugin_t plugin;
  plugin.version = SOLIDBENCH_LAMMPS_VERSION;
  plugin.style = "pair";
  plugin.name = "mace";
  plugin.info = "MACE pair style (solidbench): compiled one-layer evaluator or TorchScript";
  plugin.author = "solidbench developers";
  plugin.creator.v1 = &create_pair_mace;
  plugin.handle = handle;
  reinterpret_cast<lammpsplugin_regfunc>(regfunc)(&plugin, lmp);
}
