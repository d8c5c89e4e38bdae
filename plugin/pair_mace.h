/* pair_style mace: runs a TorchScript MACE model (from mace-torch's mace_create_lammps_model)
   inside LAMMPS through libtorch, in one of two modes.

   'pair_style mace no_domain_decomposition' (one MPI rank): the graph's nodes are the local atoms,
   and each neighbour that is a ghost atom becomes an edge to its local owner with the periodic
   shift the ghost carries. Nothing is evaluated twice.

   'pair_style mace' (any number of MPI ranks): the graph's nodes are this rank's atoms and the
   ghost atoms its local energies depend on; a model with n message-passing layers sees n * r_max
   away, so the ghost shell is widened to n * r_max + skin. Only local atoms carry energy, the
   forces on ghosts go back to their owners through LAMMPS's reverse communication (newton on).

   On CPU, a one-layer model with tables beside it (model-lammps.tables, from solidbench's export)
   runs the compiled evaluator of mace_tables.h instead of TorchScript, in either mode: a local
   atom's energy depends on its own neighbours only, so a full neighbour list is all it needs.
   'evaluator torchscript' (or 'evaluator tables') after the mode forces one path; the log says
   which runs. */
#ifndef SOLIDBENCH_PAIR_MACE_H
#define SOLIDBENCH_PAIR_MACE_H

#include "pair.h"

#include "mace_tables.h"

#include <torch/script.h>

#include <memory>
#include <vector>

namespace LAMMPS_NS {

class PairMACESolidbench : public Pair {
 public:
  PairMACESolidbench(class LAMMPS *);
  ~PairMACESolidbench() override;
  void compute(int, int) override;
  void settings(int, char **) override;
  void coeff(int, char **) override;
  void init_style() override;
  double init_one(int, int) override;

 private:
  // The MACE graph of one evaluation; node k is LAMMPS atom atom_of_node[k], local atoms first.
  // Edge e is translated by row translation_of_edge[e] of the tables unit_shift_rows (in lattice
  // vectors) and shift_rows (in angstrom), 3 numbers per row; row 0 is no translation. One row per
  // ghost atom instead of 6 numbers per edge keeps the per-edge work and the copy to the GPU small.
  // Kept between steps (graph_), so that its vectors keep their capacity.
  struct Graph {
    int64_t num_nodes = 0;
    int64_t num_local = 0;
    std::vector<int> atom_of_node;
    std::vector<int> senders, receivers, translation_of_edge;
    std::vector<double> unit_shift_rows, shift_rows;
    void clear();
  };

  void allocate();
  void load_model(const std::string &path);
  void use_model(double cutoff, int64_t layers, const std::vector<int64_t> &atomic_numbers,
                 const std::string &description);
  void find_ghost_images(Graph &graph);
  void build_folded_graph(Graph &graph);
  void build_ghost_graph(Graph &graph);

  enum class Evaluator { AUTO, TORCHSCRIPT, TABLES };
  void compute_tables(int eflag, int vflag);
  bool try_tables(const std::string &model_path);

  bool domain_decomposition = false;
  Evaluator evaluator_choice = Evaluator::AUTO;
  std::unique_ptr<solidbench::MaceTables> tables;  // set when the compiled evaluator runs
  std::vector<int> element_of_atom;
  torch::jit::Module model;
  bool model_loaded = false;
  torch::Device device = torch::kCPU;
  torch::Dtype dtype = torch::kFloat64;
  double r_max = 0.0;
  int64_t num_interactions = 0;
  int64_t num_elements = 0;
  std::vector<int64_t> model_atomic_numbers;
  std::vector<int64_t> element_index_of_type;  // LAMMPS type (1-based) -> one-hot column
  std::vector<int> hops_from_local;            // ghost graph: message-passing distance of each atom
  Graph graph_;
  std::vector<int> ghost_owner;  // folded graph: the local atom that each ghost atom is an image of
};

}  // namespace LAMMPS_NS

#endif
