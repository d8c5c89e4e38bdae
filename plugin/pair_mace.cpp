#include "pair_mace.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "platform.h"

#include <ATen/Parallel.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/cuda.h>

#include <array>
#include <climits>
#include <cmath>
#include <cstring>
#include <string>

using namespace LAMMPS_NS;

namespace {

const char *const ELEMENTS[] = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",
    "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge",
    "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd",
    "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd",
    "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg",
    "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm",
    "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn",
    "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

int64_t atomic_number(const std::string &symbol)
{
  for (int64_t z = 1; z <= 118; ++z)
    if (symbol == ELEMENTS[z - 1]) return z;
  return 0;
}

}  // namespace

PairMACESolidbench::PairMACESolidbench(LAMMPS *lmp) : Pair(lmp)
{
  restartinfo = 0;
  one_coeff = 1;
  manybody_flag = 1;
  single_enable = 0;
  no_virial_fdotr_compute = 1;  // the model returns the virial of the graph it was given
  centroidstressflag = CENTROID_NOTAVAIL;
}

PairMACESolidbench::~PairMACESolidbench()
{
  if (allocated) {
    memory->destroy(setflag);
    memory->destroy(cutsq);
    memory->destroy(cutghost);
  }
}

void PairMACESolidbench::allocate()
{
  allocated = 1;
  const int n = atom->ntypes;
  memory->create(setflag, n + 1, n + 1, "pair:setflag");
  memory->create(cutsq, n + 1, n + 1, "pair:cutsq");
  memory->create(cutghost, n + 1, n + 1, "pair:cutghost");
  for (int i = 1; i <= n; ++i)
    for (int j = i; j <= n; ++j) setflag[i][j] = 0;
}

void PairMACESolidbench::settings(int narg, char **arg)
{
  auto usage = [&]() {
    std::string given;
    for (int i = 0; i < narg; ++i) given += std::string(i ? " " : "") + arg[i];
    error->all(FLERR,
               "pair_style mace: unknown argument(s) '{}'; use 'pair_style mace' (any number of MPI "
               "ranks) or 'pair_style mace no_domain_decomposition' (one MPI rank), optionally followed "
               "by 'evaluator auto|torchscript|tables'",
               given);
  };
  domain_decomposition = true;
  evaluator_choice = Evaluator::AUTO;
  int next = 0;
  if (next < narg && std::strcmp(arg[next], "no_domain_decomposition") == 0) domain_decomposition = false, ++next;
  if (next + 1 < narg && std::strcmp(arg[next], "evaluator") == 0) {
    const std::string choice = arg[next + 1];
    if (choice == "auto") evaluator_choice = Evaluator::AUTO;
    else if (choice == "torchscript") evaluator_choice = Evaluator::TORCHSCRIPT;
    else if (choice == "tables") evaluator_choice = Evaluator::TABLES;
    else usage();
    next += 2;
  }
  if (next != narg) usage();
}

// The compiled evaluator, when tables made from this very model lie beside it and the run is on
// CPU; false (and a log line saying why) when the TorchScript model must run instead.
bool PairMACESolidbench::try_tables(const std::string &model_path)
{
  tables.reset();
  if (evaluator_choice == Evaluator::TORCHSCRIPT) return false;
  const bool required = evaluator_choice == Evaluator::TABLES;
  const bool dot_pt = model_path.size() > 3 && model_path.compare(model_path.size() - 3, 3, ".pt") == 0;
  const std::string stem = dot_pt ? model_path.substr(0, model_path.size() - 3) : model_path;
  const std::string path = stem + ".tables";
  auto fall_back = [&](const std::string &why) {
    if (required) error->all(FLERR, "pair_style mace evaluator tables: {}", why);
    if (comm->me == 0) utils::logmesg(lmp, "pair_style mace: running the TorchScript model ({})\n", why);
    return false;
  };
  if (torch::cuda::is_available()) return fall_back("a GPU is present: the tables are for CPU");
  if (!platform::file_is_readable(path)) return fall_back(fmt::format("no tables '{}' beside the model", path));
  try {
    tables = std::make_unique<solidbench::MaceTables>(path);
  } catch (const std::exception &e) {
    return fall_back(e.what());
  }
  if (tables->source_hash() != solidbench::file_fingerprint(model_path)) {
    tables.reset();
    return fall_back(fmt::format("tables '{}' were made from another version of '{}'", path, model_path));
  }
  use_model(tables->r_max(), 1, tables->atomic_numbers(),
            fmt::format("compiled one-layer evaluator from '{}' ({}, r_max = {} A, {} channels, max_ell {}, "
                        "correlation {}, {} element(s)) on CPU",
                        path, tables->single_precision() ? "float32" : "float64", tables->r_max(),
                        tables->num_channels(), tables->max_ell(), tables->correlation(),
                        tables->atomic_numbers().size()));
  return true;
}

void PairMACESolidbench::load_model(const std::string &path)
{
  if (!platform::file_is_readable(path))
    error->all(FLERR, "pair_coeff mace: cannot read model file '{}'", path);
  if (try_tables(path)) return;
  device = torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  // TorchScript's profiling executor specialises the graph on tensor shapes for its fusers, and
  // the edge count changes every step. Measured with the simple executor instead: on CPU (no
  // usable fuser in the wheel) 12 % faster at 255 atoms, no change at 863; on an H200, NVE steps
  // of 16,383 and 31,999 atoms take 26 and 47 ms against 41 and 54 ms.
  torch::jit::getProfilingMode() = false;
  try {
    model = torch::jit::load(path, device);
  } catch (const c10::Error &e) {
    error->all(FLERR,
               "pair_coeff mace: '{}' is not a TorchScript model from mace_create_lammps_model: {}",
               path, e.what_without_backtrace());
  }
  model.eval();
  torch::Tensor z, cutoff, layers;
  try {
    z = model.attr("atomic_numbers").toTensor().to(torch::kCPU).to(torch::kInt64);
    cutoff = model.attr("r_max").toTensor().to(torch::kCPU);
    layers = model.attr("num_interactions").toTensor().to(torch::kCPU);
  } catch (const c10::Error &e) {
    error->all(FLERR,
               "pair_coeff mace: '{}' lacks the atomic_numbers/r_max/num_interactions buffers of a "
               "MACE LAMMPS model",
               path);
  }
  dtype = cutoff.scalar_type();
  for (const auto &p : model.parameters()) {
    dtype = p.scalar_type();
    break;
  }
  if (dtype != torch::kFloat32 && dtype != torch::kFloat64)
    error->all(FLERR, "pair_coeff mace: model '{}' is neither float32 nor float64", path);
  const double cutoff_value = cutoff.to(torch::kFloat64).item<double>();
  const int64_t layer_count = layers.to(torch::kInt64).item<int64_t>();
  use_model(cutoff_value, layer_count, std::vector<int64_t>(z.data_ptr<int64_t>(), z.data_ptr<int64_t>() + z.numel()),
            fmt::format("loaded '{}' ({}, r_max = {} A, {} interaction layer(s), {} element(s)) on {}", path,
                        dtype == torch::kFloat32 ? "float32" : "float64", cutoff_value, layer_count, z.numel(),
                        device.is_cuda() ? "CUDA" : "CPU"));
}

// What init_style and coeff need of the model, whichever evaluator runs it; logged on rank 0.
void PairMACESolidbench::use_model(double cutoff, int64_t layers, const std::vector<int64_t> &atomic_numbers,
                                   const std::string &description)
{
  r_max = cutoff;
  num_interactions = layers;
  model_atomic_numbers = atomic_numbers;
  num_elements = (int64_t) model_atomic_numbers.size();
  model_loaded = true;
  if (comm->me == 0) utils::logmesg(lmp, "pair_style mace: {}\n", description);
}

void PairMACESolidbench::coeff(int narg, char **arg)
{
  if (!allocated) allocate();
  const int ntypes = atom->ntypes;
  if (narg < 3 || std::strcmp(arg[0], "*") != 0 || std::strcmp(arg[1], "*") != 0)
    error->all(FLERR, "pair_coeff mace: usage is 'pair_coeff * * <model-lammps.pt> <element per type>'");
  if (narg - 3 != ntypes)
    error->all(FLERR, "pair_coeff mace: {} atom type(s) but {} element(s) given; name one element per type",
               ntypes, narg - 3);
  load_model(arg[2]);

  element_index_of_type.assign(ntypes + 1, -1);
  for (int type = 1; type <= ntypes; ++type) {
    const std::string symbol = arg[2 + type];
    const int64_t z = atomic_number(symbol);
    if (z == 0) error->all(FLERR, "pair_coeff mace: '{}' is not a chemical element", symbol);
    for (int64_t k = 0; k < num_elements; ++k)
      if (model_atomic_numbers[k] == z) element_index_of_type[type] = k;
    if (element_index_of_type[type] < 0) {
      std::string known;
      for (auto zk : model_atomic_numbers) known += std::string(" ") + ELEMENTS[zk - 1];
      error->all(FLERR, "pair_coeff mace: element {} (type {}) is unknown to model '{}' (it knows:{})",
                 symbol, type, arg[2], known);
    }
  }
  for (int i = 1; i <= ntypes; ++i)
    for (int j = i; j <= ntypes; ++j) setflag[i][j] = 1;
}

void PairMACESolidbench::init_style()
{
  if (!model_loaded) error->all(FLERR, "pair_style mace: pair_coeff has not loaded a model");
  if (force->newton_pair == 0) error->all(FLERR, "pair_style mace requires 'newton on'");
  if (domain->dimension != 3) error->all(FLERR, "pair_style mace requires a 3d system");
  if (!domain_decomposition && comm->nprocs > 1)
    error->all(FLERR,
               "pair_style mace no_domain_decomposition runs on one MPI rank, not {}; use "
               "'pair_style mace' for several ranks",
               comm->nprocs);
  if (tables) {
    neighbor->add_request(this, NeighConst::REQ_FULL);
  } else if (domain_decomposition) {
    // A local atom's energy depends on every atom within num_interactions * r_max; atoms move up
    // to skin/2 between neighbour-list builds.
    const double reach = (double) num_interactions * r_max + neighbor->skin;
    if (comm->cutghostuser < reach) {
      comm->cutghostuser = reach;
      if (comm->me == 0)
        utils::logmesg(lmp, "pair_style mace: ghost cutoff set to {} interaction(s) x {} A + skin = {} A\n",
                       num_interactions, r_max, reach);
    }
    neighbor->add_request(this, NeighConst::REQ_FULL | NeighConst::REQ_GHOST);
  } else {
    if (atom->map_style == Atom::MAP_NONE)
      error->all(FLERR, "pair_style mace requires an atom map: add 'atom_modify map yes' before the box");
    neighbor->add_request(this, NeighConst::REQ_FULL);
  }
  at::set_num_threads(comm->nthreads);
}

double PairMACESolidbench::init_one(int i, int j)
{
  cutghost[i][j] = cutghost[j][i] = r_max;
  return r_max;
}

// Lattice vectors as the rows of a row-major 3x3 matrix, from domain->h = (xprd, yprd, zprd, yz, xz, xy):
// a = (xprd, 0, 0), b = (xy, yprd, 0), c = (xz, yz, zprd).
static std::array<double, 9> lattice_rows(const double *h)
{
  return {h[0], 0.0, 0.0, h[5], h[1], 0.0, h[4], h[3], h[2]};
}

void PairMACESolidbench::Graph::clear()
{
  num_nodes = num_local = 0;
  atom_of_node.clear();
  senders.clear();
  receivers.clear();
  translation_of_edge.clear();
  unit_shift_rows.assign(3, 0.0);
  shift_rows.assign(3, 0.0);
}

// The local atom of which each ghost is an image, and the translation table's row of each ghost.
void PairMACESolidbench::find_ghost_images(Graph &graph)
{
  const int nlocal = atom->nlocal, nghost = atom->nghost;
  double **x = atom->x;
  const tagint *tag = atom->tag;
  const auto cell = lattice_rows(domain->h);
  ghost_owner.resize(nghost);
  graph.unit_shift_rows.resize(3 * ((size_t) nghost + 1));
  graph.shift_rows.resize(3 * ((size_t) nghost + 1));
  for (int g = 0; g < nghost; ++g) {
    const int j = nlocal + g;
    const int owner = atom->map(tag[j]);
    if (owner < 0 || owner >= nlocal)
      error->one(FLERR, "pair_style mace: ghost atom {} has no local owner", tag[j]);
    // the ghost is its owner translated by an integer combination of lattice vectors
    const double sx = x[j][0] - x[owner][0], sy = x[j][1] - x[owner][1], sz = x[j][2] - x[owner][2];
    const double nc = std::round(sz / cell[8]);
    const double nb = std::round((sy - nc * cell[7]) / cell[4]);
    const double na = std::round((sx - nb * cell[3] - nc * cell[6]) / cell[0]);
    ghost_owner[g] = owner;
    double *image = &graph.unit_shift_rows[3 * ((size_t) g + 1)], *shift = &graph.shift_rows[3 * ((size_t) g + 1)];
    image[0] = na, image[1] = nb, image[2] = nc;
    for (int d = 0; d < 3; ++d) shift[d] = na * cell[d] + nb * cell[3 + d] + nc * cell[6 + d];
  }
}

void PairMACESolidbench::build_folded_graph(Graph &graph)
{
  find_ghost_images(graph);
  const int nlocal = atom->nlocal;
  double **x = atom->x;
  const int *numneigh = list->numneigh;
  int **firstneigh = list->firstneigh;
  const double cutsq_model = r_max * r_max;

  graph.num_nodes = graph.num_local = nlocal;
  graph.atom_of_node.resize(nlocal);
  for (int i = 0; i < nlocal; ++i) graph.atom_of_node[i] = i;
  for (int i = 0; i < nlocal; ++i) {
    const int *jlist = firstneigh[i];
    for (int jj = 0; jj < numneigh[i]; ++jj) {
      const int j = jlist[jj] & NEIGHMASK;
      const double dx = x[j][0] - x[i][0], dy = x[j][1] - x[i][1], dz = x[j][2] - x[i][2];
      if (dx * dx + dy * dy + dz * dz >= cutsq_model) continue;
      graph.senders.push_back(i);
      graph.receivers.push_back(j < nlocal ? j : ghost_owner[j - nlocal]);
      graph.translation_of_edge.push_back(j < nlocal ? 0 : j - nlocal + 1);
    }
  }
}

void PairMACESolidbench::build_ghost_graph(Graph &graph)
{
  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  double **x = atom->x;
  const int *numneigh = list->numneigh;
  int **firstneigh = list->firstneigh;
  const double cutsq_model = r_max * r_max;
  auto within_r_max = [&](int i, int j) {
    const double dx = x[j][0] - x[i][0], dy = x[j][1] - x[i][1], dz = x[j][2] - x[i][2];
    return dx * dx + dy * dy + dz * dz < cutsq_model;
  };

  // Layer k of a node needs layer k-1 of its neighbours within r_max, so the local atoms' energies
  // need the atoms up to num_interactions edges away, and messages into those up to
  // num_interactions - 1 edges away. Atoms further out, and edges into the outermost shell, would
  // only cost time.
  hops_from_local.assign(nall, INT_MAX);
  std::vector<int> frontier(nlocal), next;
  for (int i = 0; i < nlocal; ++i) hops_from_local[i] = 0, frontier[i] = i;
  for (int hop = 1; hop <= num_interactions; ++hop) {
    next.clear();
    for (const int i : frontier) {
      const int *jlist = firstneigh[i];
      for (int jj = 0; jj < numneigh[i]; ++jj) {
        const int j = jlist[jj] & NEIGHMASK;
        if (hops_from_local[j] > hop && within_r_max(i, j)) {
          hops_from_local[j] = hop;
          next.push_back(j);
        }
      }
    }
    frontier.swap(next);
  }

  std::vector<int64_t> node_of_atom(nall, -1);
  graph.num_local = nlocal;
  for (int i = 0; i < nall; ++i)
    if (hops_from_local[i] <= num_interactions) {
      node_of_atom[i] = (int64_t) graph.atom_of_node.size();
      graph.atom_of_node.push_back(i);
    }
  graph.num_nodes = (int64_t) graph.atom_of_node.size();
  for (const int i : graph.atom_of_node) {
    if (hops_from_local[i] >= num_interactions) continue;
    const int *jlist = firstneigh[i];
    for (int jj = 0; jj < numneigh[i]; ++jj) {
      const int j = jlist[jj] & NEIGHMASK;
      if (!within_r_max(i, j)) continue;
      graph.senders.push_back(node_of_atom[j]);
      graph.receivers.push_back(node_of_atom[i]);
    }
  }
  // ghosts sit at their periodic image's position, so no edge is translated
  graph.translation_of_edge.assign(graph.senders.size(), 0);
}

void PairMACESolidbench::compute_tables(int eflag, int vflag)
{
  ev_init(eflag, vflag);
  const int nall = atom->nlocal + atom->nghost;
  element_of_atom.resize(nall);
  for (int i = 0; i < nall; ++i) element_of_atom[i] = (int) element_index_of_type[atom->type[i]];
  solidbench::Neighbourhood hood;
  hood.num_local = atom->nlocal;
  hood.x = nall ? atom->x[0] : nullptr;
  hood.element = element_of_atom.data();
  hood.num_neighbours = list->numneigh;
  hood.neighbours = list->firstneigh;
  hood.index_mask = NEIGHMASK;
  solidbench::Results out;
  double energy = 0.0;
  out.forces = nall ? atom->f[0] : nullptr;
  out.energy = eflag_global ? &energy : nullptr;
  out.atom_energy = eflag_atom ? eatom : nullptr;
  out.virial = vflag_global ? virial : nullptr;
  out.atom_virial = vflag_atom ? vatom[0] : nullptr;
  tables->compute(hood, out);
  if (eflag_global) eng_vdwl += energy;
}

void PairMACESolidbench::compute(int eflag, int vflag)
{
  if (list->inum != atom->nlocal)
    error->all(FLERR, "pair_style mace: neighbour list does not cover all local atoms");
  if (tables) return compute_tables(eflag, vflag);
  ev_init(eflag, vflag);
  if (vflag_atom)
    error->all(FLERR, "pair_style mace: per-atom virials need the compiled evaluator (tables beside the model)");

  Graph &graph = graph_;
  graph.clear();
  if (domain_decomposition)
    build_ghost_graph(graph);
  else
    build_folded_graph(graph);
  if (graph.num_local == 0) return;  // a rank whose subdomain holds no atom has no energy to add
  const int64_t num_nodes = graph.num_nodes;

  double **x = atom->x;
  double **f = atom->f;
  const int *type = atom->type;
  std::vector<double> positions(3 * (size_t) num_nodes);
  auto node_attrs = torch::zeros({num_nodes, num_elements}, torch::kFloat64);
  auto attrs = node_attrs.accessor<double, 2>();
  for (int64_t k = 0; k < num_nodes; ++k) {
    const int i = graph.atom_of_node[k];
    for (int d = 0; d < 3; ++d) positions[3 * k + d] = x[i][d];
    attrs[k][element_index_of_type[type[i]]] = 1.0;
  }
  auto local_or_ghost = torch::zeros({num_nodes}, torch::kFloat64);
  local_or_ghost.slice(0, 0, graph.num_local).fill_(1.0);

  auto cell = lattice_rows(domain->h);
  auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  auto i64 = torch::TensorOptions().dtype(torch::kInt64);
  auto to_model = [&](const torch::Tensor &t) { return t.to(device, dtype); };
  // int32 indices cross to the device, and the translation table's rows are picked there
  auto indices_on_device = [&](std::vector<int> &v) {
    return torch::from_blob(v.data(), {(int64_t) v.size()}, torch::kInt32).to(device).to(torch::kInt64);
  };
  auto edge_index = torch::stack({indices_on_device(graph.senders), indices_on_device(graph.receivers)});
  const auto translation = indices_on_device(graph.translation_of_edge);
  const int64_t rows = (int64_t) graph.shift_rows.size() / 3;

  c10::Dict<std::string, torch::Tensor> data;
  data.insert("positions", to_model(torch::from_blob(positions.data(), {num_nodes, 3}, f64)));
  data.insert("node_attrs", to_model(node_attrs));
  data.insert("edge_index", edge_index);
  data.insert("shifts",
              to_model(torch::from_blob(graph.shift_rows.data(), {rows, 3}, f64)).index_select(0, translation));
  data.insert("unit_shifts",
              to_model(torch::from_blob(graph.unit_shift_rows.data(), {rows, 3}, f64)).index_select(0, translation));
  data.insert("cell", to_model(torch::from_blob(cell.data(), {3, 3}, f64)));
  data.insert("batch", torch::zeros({num_nodes}, i64.device(device)));
  data.insert("ptr", torch::tensor({(int64_t) 0, num_nodes}, i64).to(device));
  data.insert("weight", to_model(torch::ones({1}, f64)));

  c10::IValue result;
  try {
    result = model.forward({data, to_model(local_or_ghost), (bool) vflag_global});
  } catch (const std::exception &e) {
    error->one(FLERR, "pair_style mace: model evaluation failed: {}", e.what());
  }
  const auto out = result.toGenericDict();
  auto get = [&](const char *key) {
    auto value = out.at(key);
    if (value.isNone()) error->one(FLERR, "pair_style mace: the model returned no '{}'", key);
    return value.toTensor().detach().to(torch::kCPU, torch::kFloat64).contiguous();
  };

  // forces on ghost nodes are summed onto their owners by LAMMPS (newton on)
  const auto forces = get("forces");
  const double *fm = forces.data_ptr<double>();
  for (int64_t k = 0; k < num_nodes; ++k)
    for (int d = 0; d < 3; ++d) f[graph.atom_of_node[k]][d] += fm[3 * k + d];

  if (eflag_global) eng_vdwl += get("total_energy_local").item<double>();
  if (eflag_atom) {
    const auto node_energy = get("node_energy");
    const double *e = node_energy.data_ptr<double>();
    for (int64_t k = 0; k < graph.num_local; ++k) eatom[graph.atom_of_node[k]] += e[k];
  }
  if (vflag_global) {
    // the strain derivative of this rank's local energy, over all nodes: summed over ranks by LAMMPS
    const auto v = get("virials").reshape({3, 3});
    const auto w = v.accessor<double, 2>();
    virial[0] += w[0][0];
    virial[1] += w[1][1];
    virial[2] += w[2][2];
    virial[3] += 0.5 * (w[0][1] + w[1][0]);
    virial[4] += 0.5 * (w[0][2] + w[2][0]);
    virial[5] += 0.5 * (w[1][2] + w[2][1]);
  }
}
