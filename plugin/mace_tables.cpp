#include "mace_tables.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace solidbench {

namespace {

constexpr int MAX_DEGREE = 4;  // highest correlation order the tables may hold

[[noreturn]] void fail(const std::string &path, const std::string &what)
{
  throw std::runtime_error("MACE tables '" + path + "': " + what);
}

template <typename V> void read_array(std::ifstream &in, std::vector<V> &out, size_t count, const std::string &path,
                                      const char *name)
{
  out.resize(count);
  in.read(reinterpret_cast<char *>(out.data()), (std::streamsize) (count * sizeof(V)));
  if (!in) fail(path, std::string("file ends inside ") + name);
}

// Cubic Hermite basis on [0, 1] for values and (spacing-scaled) derivatives, and its derivative.
struct Hermite {
  double h00, h10, h01, h11, g00, g10, g01, g11;
  explicit Hermite(double t)
  {
    const double t2 = t * t, t3 = t2 * t;
    h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
    g00 = 6 * t2 - 6 * t, g10 = 3 * t2 - 4 * t + 1, g01 = 6 * t - 6 * t2, g11 = 3 * t2 - 2 * t;
  }
};

}  // namespace

std::string file_fingerprint(const std::string &path)
{
  // the same fingerprint as solidbench.mace_tables.file_hash
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const uint64_t length = bytes.size();
  bytes.resize((bytes.size() + 7) / 8 * 8, 0);
  uint64_t total = 0;
  for (size_t k = 0; k < bytes.size() / 8; ++k) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | (uint8_t) bytes[8 * k + b];
    total += word * (2 * (uint64_t) k + 1);
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", (unsigned long long) (total ^ length));
  return text;
}

MaceTables::MaceTables(const std::string &path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot be read");
  std::string line;
  std::getline(in, line);
  if (line != "solidbench-mace-tables 1") fail(path, "not a tables file of format 1 (first line '" + line + "')");
  int sh_terms = -1, poly_terms = -1;
  while (std::getline(in, line) && line != "end") {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "source_hash") fields >> source_hash_;
    else if (key == "r_max") fields >> r_max_;
    else if (key == "atomic_numbers") {
      int64_t z;
      while (fields >> z) atomic_numbers_.push_back(z);
    } else if (key == "num_channels") fields >> channels_;
    else if (key == "max_ell") fields >> max_ell_;
    else if (key == "grid_points") fields >> points_;
    else if (key == "dtype") {
      std::string dtype;
      fields >> dtype;
      if (dtype != "float32" && dtype != "float64") fail(path, "dtype '" + dtype + "'");
      single_precision_ = dtype == "float32";
    }
    else if (key == "grid_spacing") fields >> spacing_;
    else if (key == "sh_terms") fields >> sh_terms;
    else if (key == "poly_terms") fields >> poly_terms;
    else fail(path, "unknown header key '" + key + "'");
  }
  if (line != "end") fail(path, "header has no 'end' line");
  const size_t elements = atomic_numbers_.size();
  if (elements == 0 || channels_ <= 0 || max_ell_ < 0 || points_ < 2 || spacing_ <= 0 || r_max_ <= 0 ||
      sh_terms <= 0 || poly_terms <= 0)
    fail(path, "incomplete header");
  components_ = (max_ell_ + 1) * (max_ell_ + 1);

  std::vector<int32_t> sh_rows, term_rows;
  read_array(in, sh_rows, 4 * (size_t) sh_terms, path, "the spherical harmonics");
  read_array(in, sh_coeff_, sh_terms, path, "the spherical harmonics");
  for (int t = 0; t < sh_terms; ++t) {
    sh_component_.push_back(sh_rows[4 * t]);
    sh_px_.push_back(sh_rows[4 * t + 1]);
    sh_py_.push_back(sh_rows[4 * t + 2]);
    sh_pz_.push_back(sh_rows[4 * t + 3]);
    if (sh_rows[4 * t] < 0 || sh_rows[4 * t] >= components_) fail(path, "harmonic component out of range");
  }
  read_array(in, term_rows, (1 + MAX_DEGREE) * (size_t) poly_terms, path, "the contraction terms");
  for (int t = 0; t < poly_terms; ++t) {
    const int degree = term_rows[(1 + MAX_DEGREE) * t];
    if (degree < 1 || degree > MAX_DEGREE) fail(path, "contraction term of degree " + std::to_string(degree));
    term_degree_.push_back(degree);
    correlation_ = std::max(correlation_, degree);
    for (int p = 0; p < MAX_DEGREE; ++p) {
      const int k = term_rows[(1 + MAX_DEGREE) * t + 1 + p];
      if (p < degree && (k < 0 || k >= components_)) fail(path, "contraction index out of range");
      term_index_.push_back(k);
    }
  }
  read_array(in, coeff64_, elements * poly_terms * channels_, path, "the contraction coefficients");
  read_array(in, const_energy_, elements, path, "the element energies");
  read_array(in, radial64_, elements * elements * points_ * 2 * (max_ell_ + 1) * channels_, path,
             "the radial tables");
  if (in.peek() != std::char_traits<char>::eof()) fail(path, "data after the radial tables");
  if (std::abs(spacing_ * (points_ - 1) - r_max_) > 1e-9 * r_max_) fail(path, "grid does not end at r_max");
  coeff32_.assign(coeff64_.begin(), coeff64_.end());
  radial32_.assign(radial64_.begin(), radial64_.end());
}

template <> const std::vector<double> &MaceTables::radial<double>() const { return radial64_; }
template <> const std::vector<float> &MaceTables::radial<float>() const { return radial32_; }
template <> const std::vector<double> &MaceTables::coefficients<double>() const { return coeff64_; }
template <> const std::vector<float> &MaceTables::coefficients<float>() const { return coeff32_; }

template <typename T>
void MaceTables::compute_range(const Neighbourhood &hood, int begin, int end, Results &out, double *edge_grad,
                               const int64_t *edge_offset) const
{
  const int C = channels_, K = components_, L = max_ell_ + 1, LC = L * C;
  const double rc2 = r_max_ * r_max_;
  const T *table = radial<T>().data();
  const T *coeff = coefficients<T>().data();
  const size_t elements = atomic_numbers_.size();
  const size_t pair_stride = (size_t) points_ * 2 * LC;
  const int sh_terms = (int) sh_coeff_.size(), poly_terms = (int) term_degree_.size();
  std::vector<int> l_of(K);
  for (int l = 0; l < L; ++l)
    for (int m = 0; m < 2 * l + 1; ++m) l_of[l * l + m] = l;

  int max_edges = 0;
  for (int i = begin; i < end; ++i) max_edges = std::max(max_edges, hood.num_neighbours[i]);
  std::vector<T> phi((size_t) max_edges * LC), dphi((size_t) max_edges * LC);
  std::vector<T> Y((size_t) max_edges * K), dY((size_t) max_edges * K * 3);
  std::vector<double> unit((size_t) max_edges * 3), length(max_edges);
  std::vector<int> slot(max_edges);
  std::vector<T> A((size_t) K * C), g((size_t) K * C), G((size_t) L * C);

  for (int i = begin; i < end; ++i) {
    const double *xi = hood.x + 3 * (size_t) i;
    const int zi = hood.element[i];
    const int *list = hood.neighbours[i];
    double *grad_i = edge_grad + 3 * edge_offset[i];
    std::fill(A.begin(), A.end(), T(0));
    int edges = 0;
    for (int jj = 0; jj < hood.num_neighbours[i]; ++jj) {
      grad_i[3 * jj] = grad_i[3 * jj + 1] = grad_i[3 * jj + 2] = 0.0;
      const int j = list[jj] & hood.index_mask;
      const double *xj = hood.x + 3 * (size_t) j;
      const double dx = xj[0] - xi[0], dy = xj[1] - xi[1], dz = xj[2] - xi[2];
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const double r = std::sqrt(r2);
      const int e = edges++;
      slot[e] = jj;
      length[e] = r;
      double *u = &unit[3 * (size_t) e];
      u[0] = dx / r, u[1] = dy / r, u[2] = dz / r;

      // spherical harmonics of the unit vector and their gradient in it
      double power[3][MAX_DEGREE + 1];
      for (int d = 0; d < 3; ++d) {
        power[d][0] = 1.0;
        for (int p = 1; p <= max_ell_; ++p) power[d][p] = power[d][p - 1] * u[d];
      }
      T *y = &Y[(size_t) e * K], *dy_du = &dY[(size_t) e * K * 3];
      std::fill(y, y + K, T(0));
      std::fill(dy_du, dy_du + 3 * K, T(0));
      for (int s = 0; s < sh_terms; ++s) {
        const int k = sh_component_[s], a = sh_px_[s], b = sh_py_[s], c = sh_pz_[s];
        const double w = sh_coeff_[s];
        y[k] += (T) (w * power[0][a] * power[1][b] * power[2][c]);
        if (a) dy_du[3 * k + 0] += (T) (w * a * power[0][a - 1] * power[1][b] * power[2][c]);
        if (b) dy_du[3 * k + 1] += (T) (w * b * power[0][a] * power[1][b - 1] * power[2][c]);
        if (c) dy_du[3 * k + 2] += (T) (w * c * power[0][a] * power[1][b] * power[2][c - 1]);
      }

      // radial functions from the spline of this element pair
      const int zj = hood.element[j];
      const double s = r / spacing_;
      const int node = std::min((int) s, points_ - 2);
      const Hermite hb(s - node);
      const T *f0 = table + ((size_t) zi * elements + zj) * pair_stride + (size_t) node * 2 * LC;
      const T *d0 = f0 + LC, *f1 = f0 + 2 * LC, *d1 = f0 + 3 * LC;
      const T h00 = (T) hb.h00, h10 = (T) (hb.h10 * spacing_), h01 = (T) hb.h01, h11 = (T) (hb.h11 * spacing_);
      const T g00 = (T) (hb.g00 / spacing_), g10 = (T) hb.g10, g01 = (T) (hb.g01 / spacing_), g11 = (T) hb.g11;
      T *p = &phi[(size_t) e * LC], *dp = &dphi[(size_t) e * LC];
      for (int q = 0; q < LC; ++q) {
        p[q] = h00 * f0[q] + h10 * d0[q] + h01 * f1[q] + h11 * d1[q];
        dp[q] = g00 * f0[q] + g10 * d0[q] + g01 * f1[q] + g11 * d1[q];
      }
      for (int k = 0; k < K; ++k) {
        const T yk = y[k];
        const T *pl = p + (size_t) l_of[k] * C;
        T *a = &A[(size_t) k * C];
        for (int c = 0; c < C; ++c) a[c] += pl[c] * yk;
      }
    }

    // the node energy, a polynomial in each channel's A, and its gradient g = dE/dA
    std::fill(g.begin(), g.end(), T(0));
    T energy = 0;
    const T *w = coeff + (size_t) zi * poly_terms * C;
    for (int t = 0; t < poly_terms; ++t, w += C) {
      const int *k = &term_index_[(size_t) MAX_DEGREE * t];
      const T *a0 = &A[(size_t) k[0] * C];
      T *g0 = &g[(size_t) k[0] * C];
      switch (term_degree_[t]) {
        case 1:
#pragma omp simd reduction(+ : energy)
          for (int c = 0; c < C; ++c) energy += w[c] * a0[c], g0[c] += w[c];
          break;
        case 2: {
          const T *a1 = &A[(size_t) k[1] * C];
          T *g1 = &g[(size_t) k[1] * C];
#pragma omp simd reduction(+ : energy)
          for (int c = 0; c < C; ++c) {
            energy += w[c] * a0[c] * a1[c];
            g0[c] += w[c] * a1[c];
            g1[c] += w[c] * a0[c];
          }
          break;
        }
        case 3: {
          const T *a1 = &A[(size_t) k[1] * C], *a2 = &A[(size_t) k[2] * C];
          T *g1 = &g[(size_t) k[1] * C], *g2 = &g[(size_t) k[2] * C];
#pragma omp simd reduction(+ : energy)
          for (int c = 0; c < C; ++c) {
            energy += w[c] * a0[c] * a1[c] * a2[c];
            g0[c] += w[c] * a1[c] * a2[c];
            g1[c] += w[c] * a0[c] * a2[c];
            g2[c] += w[c] * a0[c] * a1[c];
          }
          break;
        }
        default: {
          const T *a1 = &A[(size_t) k[1] * C], *a2 = &A[(size_t) k[2] * C], *a3 = &A[(size_t) k[3] * C];
          T *g1 = &g[(size_t) k[1] * C], *g2 = &g[(size_t) k[2] * C], *g3 = &g[(size_t) k[3] * C];
#pragma omp simd reduction(+ : energy)
          for (int c = 0; c < C; ++c) {
            energy += w[c] * a0[c] * a1[c] * a2[c] * a3[c];
            g0[c] += w[c] * a1[c] * a2[c] * a3[c];
            g1[c] += w[c] * a0[c] * a2[c] * a3[c];
            g2[c] += w[c] * a0[c] * a1[c] * a3[c];
            g3[c] += w[c] * a0[c] * a1[c] * a2[c];
          }
        }
      }
    }
    out.atom_energy[i] = const_energy_[zi] + (double) energy;

    // dE_i/d(x_j - x_i) of every edge: through phi(r) and through Y(u)
    for (int e = 0; e < edges; ++e) {
      const T *y = &Y[(size_t) e * K], *dy_du = &dY[(size_t) e * K * 3];
      const T *p = &phi[(size_t) e * LC], *dp = &dphi[(size_t) e * LC];
      std::fill(G.begin(), G.end(), T(0));
      T along_r = 0, du[3] = {0, 0, 0};
      for (int k = 0; k < K; ++k) {
        const T yk = y[k];
        const T *gk = &g[(size_t) k * C], *pl = p + (size_t) l_of[k] * C;
        T *Gl = &G[(size_t) l_of[k] * C];
        T tk = 0;
#pragma omp simd reduction(+ : tk)
        for (int c = 0; c < C; ++c) {
          Gl[c] += gk[c] * yk;
          tk += gk[c] * pl[c];
        }
        du[0] += tk * dy_du[3 * k], du[1] += tk * dy_du[3 * k + 1], du[2] += tk * dy_du[3 * k + 2];
      }
#pragma omp simd reduction(+ : along_r)
      for (int q = 0; q < LC; ++q) along_r += dp[q] * G[q];
      const double *u = &unit[3 * (size_t) e];
      const double inv_r = 1.0 / length[e];
      const double radial_part = du[0] * u[0] + du[1] * u[1] + du[2] * u[2];
      double *grad = grad_i + 3 * slot[e];
      for (int d = 0; d < 3; ++d) grad[d] = (double) along_r * u[d] + ((double) du[d] - radial_part * u[d]) * inv_r;
    }
  }
}

void MaceTables::compute(const Neighbourhood &hood, Results &out) const
{
  const int n = hood.num_local;
  std::vector<int64_t> edge_offset(n + 1, 0);
  for (int i = 0; i < n; ++i) edge_offset[i + 1] = edge_offset[i] + hood.num_neighbours[i];
  std::vector<double> edge_grad(3 * (size_t) edge_offset[n]);
  std::vector<double> atom_energy(n);
  Results mine = out;
  mine.atom_energy = atom_energy.data();
  at::parallel_for(0, n, 8, [&](int64_t begin, int64_t end) {
    if (single_precision_)
      compute_range<float>(hood, (int) begin, (int) end, mine, edge_grad.data(), edge_offset.data());
    else
      compute_range<double>(hood, (int) begin, (int) end, mine, edge_grad.data(), edge_offset.data());
  });

  // scatter: E_i depends on d = x_j - x_i, so dE_i/dx_j = grad and dE_i/dx_i = -grad
  double total = 0.0;
  for (int i = 0; i < n; ++i) {
    total += atom_energy[i];
    if (out.atom_energy) out.atom_energy[i] += atom_energy[i];
    const double *xi = hood.x + 3 * (size_t) i;
    const int *list = hood.neighbours[i];
    for (int jj = 0; jj < hood.num_neighbours[i]; ++jj) {
      const double *grad = &edge_grad[3 * (size_t) (edge_offset[i] + jj)];
      if (grad[0] == 0.0 && grad[1] == 0.0 && grad[2] == 0.0) continue;
      const int j = list[jj] & hood.index_mask;
      if (out.forces) {
        for (int d = 0; d < 3; ++d) {
          out.forces[3 * (size_t) i + d] += grad[d];
          out.forces[3 * (size_t) j + d] -= grad[d];
        }
      }
      if (out.virial || out.atom_virial) {
        const double *xj = hood.x + 3 * (size_t) j;
        const double d[3] = {xj[0] - xi[0], xj[1] - xi[1], xj[2] - xi[2]};
        // the virial -d (x) dE/dd, symmetrised: the sum over pairs is symmetric for a rotation-invariant E
        const double v[6] = {-d[0] * grad[0], -d[1] * grad[1], -d[2] * grad[2],
                             -0.5 * (d[0] * grad[1] + d[1] * grad[0]), -0.5 * (d[0] * grad[2] + d[2] * grad[0]),
                             -0.5 * (d[1] * grad[2] + d[2] * grad[1])};
        for (int q = 0; q < 6; ++q) {
          if (out.virial) out.virial[q] += v[q];
          if (out.atom_virial) {
            out.atom_virial[6 * (size_t) i + q] += 0.5 * v[q];
            out.atom_virial[6 * (size_t) j + q] += 0.5 * v[q];
          }
        }
      }
    }
  }
  if (out.energy) *out.energy += total;
}

}  // namespace solidbench
