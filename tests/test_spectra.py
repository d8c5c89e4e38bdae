"""VACF spectra against harmonic oscillators, whose spectrum is known in closed form."""

import numpy as np
import pytest

from solidbench.spectra import mean_frequency, pdos_from_vacf, peak_frequencies, vacf


def oscillators(frequencies, n_atoms=64, n_frames=4000, dt=0.01, seed=0):
    """Velocities of independent harmonic oscillators (one frequency per atom, random phases)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_frames) * dt
    nu = np.asarray(frequencies)[np.arange(n_atoms) % len(frequencies)]
    phase = rng.uniform(0, 2 * np.pi, size=(n_atoms, 3))
    return np.cos(2 * np.pi * nu[None, :, None] * t[:, None, None] + phase[None]), dt


def test_vacf_matches_direct_sum():
    """The mass-weighted VACF against its definition, summed directly over time origins."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 5, 3))
    masses = rng.uniform(1, 40, size=5)
    c = vacf(x, masses, 50)
    weighted = x * np.sqrt(masses)[None, :, None]
    direct = np.array([np.mean(np.sum(weighted[: 300 - k] * weighted[k:], axis=(1, 2))) for k in range(50)])
    np.testing.assert_allclose(c, direct / direct[0], rtol=1e-10, atol=1e-12)


def test_single_oscillator_peak_and_width():
    v, dt = oscillators([2.0])
    c = vacf(v, np.ones(v.shape[1]), max_lag=1000)
    # VACF of a cosine is a cosine: C(t) = cos(2πνt)
    np.testing.assert_allclose(c[:200], np.cos(2 * np.pi * 2.0 * np.arange(200) * dt), atol=0.02)
    freq, g = pdos_from_vacf(c, dt)
    assert np.trapezoid(g, freq) == pytest.approx(1.0)
    assert peak_frequencies(freq, g, 1)[0] == pytest.approx(2.0, abs=0.005)
    # a Hann window of total length 2 t_max = 20 has a main lobe whose amplitude halves 1/20 away
    # from the centre on each side: FWHM = 2/20 = 1/t_max = 0.1
    half = freq[g > g.max() / 2]
    assert half.max() - half.min() == pytest.approx(0.1, rel=0.05)


def test_two_oscillators_equal_weight():
    v, dt = oscillators([1.0, 3.0])
    freq, g = pdos_from_vacf(vacf(v, np.ones(v.shape[1]), max_lag=1000), dt)
    assert peak_frequencies(freq, g, 2) == pytest.approx([1.0, 3.0], abs=0.01)
    low, high = np.trapezoid(g[freq < 2], freq[freq < 2]), np.trapezoid(g[freq >= 2], freq[freq >= 2])
    assert low == pytest.approx(0.5, abs=0.02) and high == pytest.approx(0.5, abs=0.02)
    assert mean_frequency(freq, g, 10.0) == pytest.approx(2.0, abs=0.02)


def test_mass_weighting():
    """Equipartition: heavy atoms move slower, and mass weighting restores their share."""
    v, dt = oscillators([1.0, 3.0])
    masses = np.where(np.arange(v.shape[1]) % 2 == 0, 1.0, 16.0)
    v = v / np.sqrt(masses)[None, :, None]
    freq, g = pdos_from_vacf(vacf(v, masses, max_lag=1000), dt)
    assert np.trapezoid(g[freq < 2], freq[freq < 2]) == pytest.approx(0.5, abs=0.02)
