"""Finite-temperature vibrational spectra from MD velocities.

PDOS from the mass-weighted velocity autocorrelation function (VACF):
    g(ν) ∝ ∫ w(t) C(t) cos(2πνt) dt,  C(t) = Σ_j m_j <v_j(0)·v_j(t)> / Σ_j m_j <v_j·v_j>,
with C(t) from FFTs (Wiener-Khinchin, zero-padded so the correlation is not circular), averaged
over time origins, cut at `max_lag` and tapered with w(t) = cos²(πt/2t_max), i.e. a Hann window
of total length 2 t_max over C(-t) = C(t). The resolution is the Hann main lobe: a sharp line
comes out with a FWHM (half amplitude, the spectrum being linear in C) of 1/t_max. The spectrum is zero-padded to a grid 16 times finer than
1/(2 t_max) so that peak positions and widths can be read off it.
"""

from __future__ import annotations

import numpy as np


def autocorrelation(series: np.ndarray, max_lag: int) -> np.ndarray:
    """Unbiased autocorrelation along axis 0 summed over the other axes: C[k] = <x(t)·x(t+k)>."""
    n = series.shape[0]
    flat = series.reshape(n, -1)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(flat, n=size, axis=0)
    corr = np.fft.irfft(np.abs(spectrum) ** 2, n=size, axis=0)[:max_lag].sum(axis=1)
    return corr / (n - np.arange(max_lag))


def vacf(velocities: np.ndarray, masses: np.ndarray, max_lag: int) -> np.ndarray:
    """Normalised mass-weighted VACF of velocities shaped (frames, atoms, 3)."""
    weighted = velocities * np.sqrt(masses)[None, :, None]
    c = autocorrelation(weighted, max_lag)
    return c / c[0]


def pdos_from_vacf(c: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """One-sided spectrum (frequency in 1/time-unit of dt) of a VACF sampled every dt, Hann
    windowed and normalised to unit area."""
    n = len(c)
    window = np.cos(0.5 * np.pi * np.arange(n) / n) ** 2
    tapered = c * window
    size = 16 * 2 * n
    even = np.zeros(size)
    even[:n] = tapered
    even[-(n - 1):] = tapered[:0:-1]  # C(-t) = C(t)
    spectrum = np.fft.rfft(even).real * dt
    freq = np.fft.rfftfreq(size, dt)
    spectrum = np.clip(spectrum, 0.0, None)
    return freq, spectrum / np.trapezoid(spectrum, freq)


def peak_frequencies(freq: np.ndarray, g: np.ndarray, count: int = 2) -> list[float]:
    """The `count` highest local maxima of g, by frequency."""
    inner = np.where((g[1:-1] > g[:-2]) & (g[1:-1] >= g[2:]))[0] + 1
    top = inner[np.argsort(g[inner])[::-1][:count]]
    return sorted(float(freq[i]) for i in top)
