"""Finite-temperature vibrational spectra from MD velocities.

PDOS from the mass-weighted velocity autocorrelation function (VACF):
    g(ν) ∝ ∫ w(t) C(t) cos(2πνt) dt,  C(t) = Σ_j m_j <v_j(0)·v_j(t)> / Σ_j m_j <v_j·v_j>,
with each atom's and component's correlation from dynasor (`compute_acf`, averaged over time
origins), cut at `max_lag` and tapered with w(t) = cos²(πt/2t_max), i.e. a Hann window of total
length 2 t_max over C(-t) = C(t), and transformed with dynasor's `psd_from_acf`. The resolution is
the Hann main lobe: a sharp line comes out with a FWHM (half amplitude, the spectrum being linear
in C) of 1/t_max. The tapered VACF is zero-padded 16-fold so that peak positions and widths can be
read off the spectrum; dynasor has neither the window nor the padding.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from .lammps_run import LammpsJob, thermo_blocks
from .results import quantity, write_result
from .sed import spectral_energy_density, write_sed
from .settings import SpectraSettings
from .dump import read_dump
from .structure import SOLID_THRESHOLD, snapshot_order

PADDING = 16  # the tapered VACF is zero-padded to 16 times its length before the transform


def vacf(velocities: np.ndarray, masses: np.ndarray, max_lag: int) -> np.ndarray:
    """Normalised mass-weighted VACF of velocities shaped (frames, atoms, 3). dynasor normalises
    each series' correlation by its zero-lag value <x²>; weighting it back by m <x²> gives the sum
    Σ_j m_j <v_j(0)·v_j(t)>."""
    from dynasor.tools.acfs import compute_acf

    series = velocities.reshape(len(velocities), -1)
    weights = np.repeat(masses, 3) * np.mean(series**2, axis=0)
    c = sum(w * compute_acf(x)[1][:max_lag] for w, x in zip(weights, series.T))
    return c / c[0]


def pdos_from_vacf(c: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """One-sided spectrum (frequency in 1/time-unit of dt) of a VACF sampled every dt, Hann
    windowed and normalised to unit area."""
    from dynasor.tools.acfs import psd_from_acf

    n = len(c)
    tapered = c * np.cos(0.5 * np.pi * np.arange(n) / n) ** 2
    omega, spectrum = psd_from_acf(np.concatenate([tapered, np.zeros((PADDING - 1) * n)]), dt, even=True)
    freq = omega / (2 * np.pi)
    spectrum = np.clip(spectrum, 0.0, None)
    return freq, spectrum / np.trapezoid(spectrum, freq)


def peak_frequencies(freq: np.ndarray, g: np.ndarray, count: int = 2) -> list[float]:
    """The `count` highest local maxima of g, by frequency."""
    inner = np.where((g[1:-1] > g[:-2]) & (g[1:-1] >= g[2:]))[0] + 1
    top = inner[np.argsort(g[inner])[::-1][:count]]
    return sorted(float(freq[i]) for i in top)


def mean_frequency(freq: np.ndarray, g: np.ndarray, upper: float) -> float:
    """First moment of g below `upper` (cuts the window's leakage tail far above the spectrum)."""
    band = freq <= upper
    return float(np.trapezoid(freq[band] * g[band], freq[band]) / np.trapezoid(g[band], freq[band]))


def read_velocity_dump(path) -> np.ndarray:
    """Velocities (frames, atoms, 3) from a `dump custom ... id vx vy vz` file."""
    return np.stack([frame.vectors("vx", "vy", "vz") for frame in read_dump(path)])


def finite_temperature_spectra(job: LammpsJob, settings: SpectraSettings, a: float, temperature: float, out_json,
                               out_dos, out_sed_peaks, out_sed_spectra) -> list[dict]:
    """Run the velocity deck; write the VACF PDOS (CSV), the SED peaks and spectra (CSV) and the
    contract quantities with the settings (JSON)."""
    s, md = settings, settings.md
    out_dos = Path(out_dos)
    velocities_file, sites_file = out_dos.with_suffix(".vel.dump"), out_dos.with_suffix(".sites.dump")
    final_file = out_dos.with_suffix(".final.dump")
    text = job.run({"a": a, "n": s.cells, "mass": md.mass, "T": temperature, "dt": md.timestep, "seed": s.seed,
                    "nvt_steps": s.nvt_steps, "nve_steps": s.nve_steps, "dump_every": s.dump_every,
                    "tmax": md.max_temperature, "sites": sites_file.resolve(),
                    "velocities": velocities_file.resolve(), "final": final_file.resolve()})
    order = snapshot_order(final_file, s.cells)
    solid = order > SOLID_THRESHOLD
    final_file.unlink()
    production = thermo_blocks(text)[-1]
    velocities = read_velocity_dump(velocities_file)
    dt = md.timestep * s.dump_every
    max_lag = min(int(round(s.max_lag_ps / dt)), len(velocities) // 2)
    c = vacf(velocities, np.full(velocities.shape[1], md.mass), max_lag)
    freq, g = pdos_from_vacf(c, dt)
    keep = freq <= 10.0  # THz: argon's spectrum ends near 2.2 THz
    pd.DataFrame({"frequency": freq[keep], "dos": g[keep]}).to_csv(out_dos, index=False, float_format="%.8g")
    sites = read_dump(sites_file)[0].positions
    # phonons need a crystal: a potential that melts or evaporates the cell gets its PDOS and order
    # parameter recorded, but no phonon peaks
    rows = spectral_energy_density(velocities, sites, np.full(len(sites), md.mass), a, s.cells, dt,
                                   s.sed_segments, s.sed_fit_window) if solid else []
    velocities_file.unlink()
    sites_file.unlink()
    # a finite cell has discrete q, so its spectrum is a set of broadened lines: report the
    # strongest line and the first moment, whose shifts with T measure the softening
    quantities = [quantity("fcc_order", order, "1", temperature=temperature),
                  quantity("pdos_mean_freq", mean_frequency(freq, g, 5.0), "THz", temperature=temperature),
                  *write_sed(rows, temperature, out_sed_peaks, out_sed_spectra)]
    if solid:
        quantities.append(quantity("pdos_peak_freq", peak_frequencies(freq[keep], g[keep], 1)[0], "THz",
                                   temperature=temperature))
    else:
        logging.warning("%s: the crystal lost FCC order in NVE at %g K (S = %.3g); no phonon peaks reported",
                        job.potential, temperature, order)
    write_result(out_json, job.potential, "phonons_T", quantities, temperature=temperature,
                 measured_temperature=float(np.mean(production["Temp"])), lattice_constant=a, stayed_solid=bool(solid),
                 frames=len(velocities), sample_interval_ps=dt, max_lag_ps=max_lag * dt,
                 resolution_THz=1.0 / (max_lag * dt), window="Hann over C(-t)=C(t), length 2 t_max",
                 sed_segments=s.sed_segments, sed_instrument_fwhm_THz=0.89 / (len(velocities) // s.sed_segments * dt))
    return quantities
