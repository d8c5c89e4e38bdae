"""Tables for the compiled one-layer MACE evaluator of `pair_style mace` (plugin/mace_tables.cpp).

A one-layer MACE model is a function of each atom's neighbour list alone:

    E_i = c(z_i) + sum_c sum_terms T(z_i, c, term) * prod_{k in term} A_i[c, k]
    A_i[c, k] = sum_j phi(z_i, z_j, c, l(k), r_ij) * Y_k(r_ij / |r_ij|)

where k runs over the spherical-harmonic components (l, m) up to max_ell, phi folds the node
embedding, the radial MLP, the tensor product and the linear of the interaction block into one
function of distance per (element pair, channel, l), and the polynomial is the symmetric
contraction with the product linear, the skip connection, the readout and the scale/shift folded in.
Everything here is computed by calling the model's own modules (no MACE arithmetic is re-derived),
so the tables follow mace-torch: phi and dphi/dr on a uniform grid for cubic Hermite interpolation,
the spherical harmonics as polynomial coefficients fitted to e3nn's (exact: degree-l homogeneous
polynomials), the contraction's U tensors contracted with its weights.

Models outside this family (more than one layer, several heads, pair repulsion, cuEquivariance
contractions, ...) get no tables; `pair_style mace` then runs the TorchScript model.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np

FORMAT = "solidbench-mace-tables 1"
GRID_POINTS = 1024  # spline nodes on [0, r_max]: interpolation error measured in tables_error()
MAX_CORRELATION = 4


class UnsupportedModel(ValueError):
    """The model is outside the family the compiled evaluator covers."""


def tables_path(lammps_model) -> Path:
    """Where the tables of `model-lammps.pt` live: `model-lammps.tables` beside it (the plugin
    looks there)."""
    path = Path(lammps_model)
    return path.with_suffix(".tables") if path.suffix == ".pt" else Path(f"{path}.tables")


def file_hash(path) -> str:
    """A 64-bit fingerprint of a file's bytes, as 16 hex digits: the sum of its little-endian
    8-byte words (zero-padded) times 2k+1, modulo 2^64, xor its length. It ties the tables to the
    TorchScript model they were made beside; the plugin recomputes it and ignores stale tables."""
    data = Path(path).read_bytes()
    padded = data + b"\0" * (-len(data) % 8)
    words = np.frombuffer(padded, dtype="<u8")
    odd = np.arange(len(words), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over="ignore"):
        total = int(np.sum(words * odd, dtype=np.uint64))
    return f"{total ^ len(data):016x}"


def check_supported(model) -> None:
    """Raise UnsupportedModel naming what the compiled evaluator cannot do for `model`."""
    from mace.modules.blocks import (LinearReadoutBlock, RealAgnosticInteractionBlock,
                                     RealAgnosticResidualInteractionBlock)
    from mace.modules.symmetric_contraction import SymmetricContraction

    name = type(model).__name__
    if name not in ("MACE", "ScaleShiftMACE"):
        raise UnsupportedModel(f"model class {name} (only MACE and ScaleShiftMACE)")
    if int(model.num_interactions) != 1:
        raise UnsupportedModel(f"{int(model.num_interactions)} interaction layers (only one)")
    if len(getattr(model, "heads", ["Default"])) != 1:
        raise UnsupportedModel(f"{len(model.heads)} heads (only one)")
    for extra in ("pair_repulsion", "joint_embedding", "embedding_readout"):
        if hasattr(model, extra):
            raise UnsupportedModel(f"the model has {extra}")
    interaction = model.interactions[0]
    if type(interaction) not in (RealAgnosticInteractionBlock, RealAgnosticResidualInteractionBlock):
        raise UnsupportedModel(f"interaction block {type(interaction).__name__}")
    if hasattr(interaction, "conv_fusion"):
        raise UnsupportedModel("a fused convolution (cuEquivariance/OpenEquivariance)")
    contraction = model.products[0].symmetric_contractions
    if not isinstance(contraction, SymmetricContraction):
        raise UnsupportedModel(f"symmetric contraction {type(contraction).__name__}")
    if any(ir.l != 0 or ir.p != 1 for _, ir in contraction.irreps_out):
        raise UnsupportedModel(f"product output {contraction.irreps_out} (only scalars)")
    if contraction.irreps_in.lmax > 3:
        raise UnsupportedModel(f"max_ell {contraction.irreps_in.lmax} (up to 3)")
    if len(contraction.contractions) != 1:
        raise UnsupportedModel("several product outputs")
    if contraction.contractions[0].correlation > MAX_CORRELATION:
        raise UnsupportedModel(f"correlation {contraction.contractions[0].correlation} (up to {MAX_CORRELATION})")
    if len(model.readouts) != 1 or type(model.readouts[0]) is not LinearReadoutBlock:
        raise UnsupportedModel("readouts other than one linear readout")


def _one_hot(index, count, n, dtype):
    import torch

    attrs = torch.zeros((n, count), dtype=dtype)
    attrs[:, index] = 1.0
    return attrs


def radial_functions(model, zi: int, zj: int, r):
    """phi[edge, l, c] and dphi/dr for the elements with model indices zi (receiver) and zj
    (sender) at distances r, from the model's own embedding, radial and interaction modules."""
    import torch

    dtype = model.r_max.dtype
    n = len(r)
    num_elements = len(model.atomic_numbers)
    max_ell = model.spherical_harmonics.irreps_out.lmax
    # forward-mode differentiation: one pass gives d/dr of every (edge, l, channel)
    import torch.autograd.forward_ad as fwad

    with fwad.dual_level():
        lengths = fwad.make_dual(torch.tensor(r, dtype=dtype).reshape(-1, 1), torch.ones((n, 1), dtype=dtype))
        attrs = torch.cat([_one_hot(zi, num_elements, n, dtype), _one_hot(zj, num_elements, n, dtype)])
        edge_index = torch.stack([torch.arange(n, 2 * n), torch.arange(n)])  # senders, receivers
        edge_feats, cutoff = model.radial_embedding(lengths, attrs, edge_index, model.atomic_numbers)
        # a unit in the first component of each l block: the interaction is linear in the edge's
        # spherical harmonics and maps each (l, m) to itself, so that component of block l is phi_l
        first = [l * l for l in range(max_ell + 1)]
        edge_attrs = torch.zeros((n, (max_ell + 1) ** 2), dtype=dtype)
        edge_attrs[:, first] = 1.0
        node_feats = model.node_embedding(attrs)
        out, _ = model.interactions[0](node_attrs=attrs, node_feats=node_feats, edge_attrs=edge_attrs,
                                       edge_feats=edge_feats, edge_index=edge_index, cutoff=cutoff,
                                       first_layer=True)
        out, tangent = fwad.unpack_dual(out[:n])  # [edge, channel, (max_ell + 1)^2]
    off = torch.ones(out.shape[-1], dtype=torch.bool)
    off[first] = False
    if float(out[:, :, off].abs().max()) > 1e-12 * max(1.0, float(out.abs().max())):
        raise UnsupportedModel("the interaction mixes spherical-harmonic components")
    phi = out[:, :, first].transpose(1, 2)  # [edge, l, channel]
    dphi = tangent[:, :, first].transpose(1, 2)
    return phi.detach().numpy().copy(), dphi.detach().numpy().copy()


def node_energy_map(model, z: int):
    """The node energy of an atom of model element index z as const + v . B, B the symmetric
    contraction's output, from the model's product linear, skip connection, readout and scale/shift.
    One batch evaluates B = 0, each unit vector, and a random B that checks the map is affine."""
    import torch

    dtype = model.r_max.dtype
    channels = model.products[0].linear.irreps_out.dim
    probe = np.random.default_rng(0).normal(size=channels)
    basis = torch.cat([torch.zeros((1, channels), dtype=dtype), torch.eye(channels, dtype=dtype),
                       torch.tensor(probe, dtype=dtype)[None]])
    attrs = _one_hot(z, len(model.atomic_numbers), len(basis), dtype)
    feats = model.products[0].linear(basis)
    if model.products[0].use_sc:  # the residual first block: a skip connection fixed by the element
        feats = feats + model.interactions[0].skip_tp(model.node_embedding(attrs), attrs)
    heads = torch.zeros(len(basis), dtype=torch.int64)
    energy = model.readouts[0](feats, heads)[:, 0]
    if hasattr(model, "scale_shift"):
        energy = model.scale_shift(energy, heads)
    energy = energy.detach().numpy()
    e0 = float(model.atomic_energies_fn.atomic_energies.detach().reshape(-1)[z])
    v = energy[1:-1] - energy[0]
    if abs(energy[-1] - (energy[0] + v @ probe)) > 1e-9 * max(1.0, abs(energy[-1])):
        raise UnsupportedModel("the readout is not affine in the product's output")
    return e0 + energy[0], v


def contraction_terms(model):
    """The symmetric contraction as monomials: a list of index tuples (one per degree-nu term)
    and coefficients [element, term, channel] = sum_k U_nu[indices, k] w_nu[element, k, channel]."""
    contraction = model.products[0].symmetric_contractions.contractions[0]
    correlation = contraction.correlation
    weights = {correlation: contraction.weights_max}
    for idx, w in enumerate(contraction.weights):
        weights[correlation - 1 - idx] = w
    terms, coefficients = [], []
    for nu in range(1, correlation + 1):
        u = contraction.U_tensors(nu).detach().numpy()
        w = weights[nu].detach().numpy()  # [element, params, channel]
        u = u.reshape(u.shape[-(nu + 1):])  # [K]*nu + [params] (the scalar output's axis dropped)
        coeff = np.einsum("...k,ekc->e...c", u, w)  # [element, K..., channel]
        for index in itertools.product(range(u.shape[0]), repeat=nu):
            values = coeff[(slice(None),) + index]  # [element, channel]
            if np.any(values != 0.0):
                terms.append(index)
                coefficients.append(values)
    return terms, np.stack(coefficients, axis=1)


def spherical_harmonic_terms(model):
    """e3nn's real spherical harmonics (normalize=True, component normalization) up to max_ell as
    homogeneous polynomials of the unit vector: rows (component, px, py, pz, coefficient).
    A degree-l homogeneous polynomial is determined by its values on the sphere, so the
    least-squares fit at random directions is exact up to round-off (checked)."""
    import torch

    max_ell = model.spherical_harmonics.irreps_out.lmax
    rng = np.random.default_rng(1)
    u = rng.normal(size=(200, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    y = model.spherical_harmonics(torch.tensor(u, dtype=torch.float64)).detach().numpy()
    rows = []
    for l in range(max_ell + 1):
        powers = [(px, py, l - px - py) for px in range(l + 1) for py in range(l + 1 - px)]
        design = np.stack([u[:, 0] ** a * u[:, 1] ** b * u[:, 2] ** c for a, b, c in powers], axis=1)
        for m in range(2 * l + 1):
            k = l * l + m
            coef, *_ = np.linalg.lstsq(design, y[:, k], rcond=None)
            if np.abs(design @ coef - y[:, k]).max() > 1e-10:
                raise UnsupportedModel(f"spherical harmonic component {k} is not a degree-{l} polynomial")
            rows += [(k, a, b, c, float(v)) for (a, b, c), v in zip(powers, coef) if abs(v) > 1e-12]
    return rows


def hermite(values, derivs, h, r):
    """Cubic Hermite interpolation of tabulated values and derivatives (grid along axis 0) at r:
    the interpolant and its derivative, as the plugin computes them."""
    k = np.minimum((r / h).astype(int), len(values) - 2)
    t = (r / h - k)[:, None, None]
    f0, f1, d0, d1 = values[k], values[k + 1], derivs[k] * h, derivs[k + 1] * h
    value = (f0 * (2 * t**3 - 3 * t**2 + 1) + d0 * (t**3 - 2 * t**2 + t) + f1 * (-2 * t**3 + 3 * t**2)
             + d1 * (t**3 - t**2))
    slope = (f0 * (6 * t**2 - 6 * t) + d0 * (3 * t**2 - 4 * t + 1) + f1 * (6 * t - 6 * t**2)
             + d1 * (3 * t**2 - 2 * t)) / h
    return value, slope


def grid(r_max: float, points: int) -> tuple[np.ndarray, float]:
    h = r_max / (points - 1)
    r = np.arange(points) * h
    r[0] = 1e-7 * h  # the Bessel basis is sin(x)/x: its limit at 0, not 0/0
    return r, h


def tables_error(model, points: int = GRID_POINTS) -> dict[str, float]:
    """Largest interpolation error of phi and dphi/dr between the grid nodes (at the quarter, mid
    and three-quarter points of every interval, against the model's exact functions), relative to
    the largest |phi| and |dphi/dr| on the grid, over all element pairs."""
    r, h = grid(float(model.r_max), points)
    between = np.concatenate([r[:-1] + f * h for f in (0.25, 0.5, 0.75)])
    worst = {"phi": 0.0, "dphi": 0.0}
    n = len(model.atomic_numbers)
    for zi, zj in itertools.product(range(n), repeat=2):
        phi, dphi = radial_functions(model, zi, zj, r)
        exact, dexact = radial_functions(model, zi, zj, between)
        value, slope = hermite(phi, dphi, h, between)
        worst["phi"] = max(worst["phi"], float(np.abs(value - exact).max() / np.abs(phi).max()))
        worst["dphi"] = max(worst["dphi"], float(np.abs(slope - dexact).max() / np.abs(dphi).max()))
    return worst


def write_tables(model_file, lammps_model, dtype: str, points: int = GRID_POINTS) -> Path:
    """Write the tables of mace-torch model `model_file` beside its TorchScript export
    `lammps_model` (tables_path), for evaluation in `dtype` (float32 or float64 arithmetic, as
    the export). Raises UnsupportedModel for a model outside the family."""
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype must be float32 or float64, not {dtype!r}")
    import torch

    model = torch.load(model_file, map_location="cpu", weights_only=False).double().eval()
    check_supported(model)
    n = len(model.atomic_numbers)
    r_max = float(model.r_max)
    max_ell = model.spherical_harmonics.irreps_out.lmax
    r, h = grid(r_max, points)
    sh_rows = spherical_harmonic_terms(model)
    terms, coefficients = contraction_terms(model)
    channels = coefficients.shape[-1]
    consts, folded = [], np.empty_like(coefficients)
    for z in range(n):
        const, v = node_energy_map(model, z)
        consts.append(const)
        folded[z] = coefficients[z] * v[None, :]  # the readout's weight of each channel
    radial = np.empty((n, n, points, 2, max_ell + 1, channels))
    for zi, zj in itertools.product(range(n), repeat=2):
        phi, dphi = radial_functions(model, zi, zj, r)
        radial[zi, zj, :, 0], radial[zi, zj, :, 1] = phi, dphi

    header = [
        FORMAT,
        f"source_hash {file_hash(lammps_model)}",
        f"r_max {r_max!r}",
        f"dtype {dtype}",
        "atomic_numbers " + " ".join(str(int(z)) for z in model.atomic_numbers),
        f"num_channels {channels}",
        f"max_ell {max_ell}",
        f"grid_points {points}",
        f"grid_spacing {h!r}",
        f"sh_terms {len(sh_rows)}",
        f"poly_terms {len(terms)}",
        "end",
    ]
    out = tables_path(lammps_model)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(("\n".join(header) + "\n").encode())
        handle.write(np.array([row[:4] for row in sh_rows], dtype="<i4").tobytes())
        handle.write(np.array([row[4] for row in sh_rows], dtype="<f8").tobytes())
        index = np.full((len(terms), 1 + MAX_CORRELATION), -1, dtype="<i4")
        for t, term in enumerate(terms):
            index[t, 0] = len(term)
            index[t, 1:1 + len(term)] = term
        handle.write(index.tobytes())
        handle.write(np.ascontiguousarray(folded, dtype="<f8").tobytes())
        handle.write(np.array(consts, dtype="<f8").tobytes())
        handle.write(np.ascontiguousarray(radial, dtype="<f8").tobytes())
    os.replace(tmp, out)
    return out
