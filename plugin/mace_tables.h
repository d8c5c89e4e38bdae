/* A one-layer MACE model evaluated from tables, on CPU: energies, forces, virials and per-atom
   virials of every local atom from its neighbour list alone. No LAMMPS in here.

   The tables (written by solidbench.mace_tables from a trained mace-torch model) hold, per
   (receiver element, sender element), the model's radial functions phi[l][c](r) with the node
   embedding, radial MLP, tensor product and interaction linear folded in, on a uniform grid with
   their derivatives (cubic Hermite interpolation); the real spherical harmonics as polynomials of
   the unit vector; and the symmetric contraction, product linear, skip connection, readout and
   scale/shift folded into one polynomial per element in each channel's A[c][k]:

     A_i[k][c] = sum_j phi(z_i, z_j)[l(k)][c](r_ij) Y_k(u_ij)
     E_i       = const(z_i) + sum_terms sum_c coeff(z_i)[term][c] prod_{k in term} A_i[k][c]

   Forces are the analytic derivative of that: dE_i/dr_ij from the spline's derivative and the
   harmonics' gradient. Each atom's work is independent; threads split the local atoms. */
#ifndef SOLIDBENCH_MACE_TABLES_H
#define SOLIDBENCH_MACE_TABLES_H

#include <cstdint>
#include <string>
#include <vector>

namespace solidbench {

// What the evaluator reads from the caller: positions (x[3*i+d]) and model element index of
// every atom (local and ghost), and a full neighbour list of each local atom.
struct Neighbourhood {
  int num_local = 0;
  const double *x = nullptr;
  const int *element = nullptr;
  const int *num_neighbours = nullptr;
  const int *const *neighbours = nullptr;
  int index_mask = ~0;  // bits of a neighbour entry that are its index
};

// Where the results go; each pointer may be null when not wanted. Everything is added to.
struct Results {
  double *forces = nullptr;        // 3 per atom, local and ghost
  double *energy = nullptr;        // total over local atoms
  double *atom_energy = nullptr;   // 1 per local atom
  double *virial = nullptr;        // 6: xx yy zz xy xz yz
  double *atom_virial = nullptr;   // 6 per atom, local and ghost (each pair term split in halves)
};

// The fingerprint solidbench.mace_tables.file_hash writes into the tables' source_hash ("" if
// the file cannot be read).
std::string file_fingerprint(const std::string &path);

class MaceTables {
 public:
  // Reads `path`; throws std::runtime_error naming the file and what is wrong.
  explicit MaceTables(const std::string &path);

  double r_max() const { return r_max_; }
  const std::vector<int64_t> &atomic_numbers() const { return atomic_numbers_; }
  const std::string &source_hash() const { return source_hash_; }
  int num_channels() const { return channels_; }
  int max_ell() const { return max_ell_; }
  int correlation() const { return correlation_; }
  bool single_precision() const { return single_precision_; }

  // Evaluate in the precision the tables were exported for (float32 or float64 arithmetic);
  // the local atoms are split over ATen's threads (at::set_num_threads).
  void compute(const Neighbourhood &hood, Results &out) const;

 private:
  template <typename T> void compute_range(const Neighbourhood &hood, int begin, int end, Results &out,
                                           double *edge_grad, const int64_t *edge_offset) const;
  template <typename T> const std::vector<T> &radial() const;
  template <typename T> const std::vector<T> &coefficients() const;

  double r_max_ = 0.0, spacing_ = 0.0;
  bool single_precision_ = false;
  std::string source_hash_;
  std::vector<int64_t> atomic_numbers_;
  int channels_ = 0, max_ell_ = 0, points_ = 0, correlation_ = 0;
  int components_ = 0;  // (max_ell + 1)^2
  // spherical harmonics: component, powers of x, y, z, coefficient
  std::vector<int> sh_component_, sh_px_, sh_py_, sh_pz_;
  std::vector<double> sh_coeff_;
  // contraction terms: degree and up to 4 component indices each
  std::vector<int> term_degree_, term_index_;
  std::vector<double> coeff64_;  // [element][term][channel]
  std::vector<float> coeff32_;
  std::vector<double> const_energy_;  // [element]
  std::vector<double> radial64_;  // [elem_i][elem_j][point][value|derivative][l][channel]
  std::vector<float> radial32_;
};

}  // namespace solidbench

#endif
