/* pair_style mace: runs a TorchScript MACE model (from mace-torch's mace_create_lammps_model)
   inside LAMMPS through libtorch. Single MPI rank ("no_domain_decomposition"): the graph's nodes
   are the local atoms, and each neighbour that is a ghost atom becomes an edge to its local
   owner with the periodic shift the ghost carries. */
#ifndef SOLIDBENCH_PAIR_MACE_H
#define SOLIDBENCH_PAIR_MACE_H

#include "pair.h"

#include <torch/script.h>

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
  void allocate();
  void load_model(const std::string &path);

  torch::jit::Module model;
  bool model_loaded = false;
  torch::Device device = torch::kCPU;
  torch::Dtype dtype = torch::kFloat64;
  double r_max = 0.0;
  int64_t num_elements = 0;
  std::vector<int64_t> model_atomic_numbers;
  std::vector<int64_t> element_index_of_type;  // LAMMPS type (1-based) -> one-hot column
};

}  // namespace LAMMPS_NS

#endif
